/*
 * 设立登记: one form for every fact registerEnterprise takes. One idempotency key per form, made
 * when the form starts and kept until the hub has registered it: a double click, a retry after the
 * network failed, or a submission repeated after signing in again all register once.
 */
import { ApiError } from './api.js';
import { fieldChecks, wanYuanInYuan } from './checks.js';
import { explainError, explainFailure } from './messages.js';
import { showFieldErrors, setFieldError, clearFieldErrors } from './form-errors.js';

const REGISTER = `mutation Register($input: RegisterEnterpriseInput!, $key: ID!) {
  registerEnterprise(input: $input, idempotencyKey: $key) {
    replayed
    enterprise { id uscc name kind version }
    registration { id kind registeredAt certificates { code name departmentCode } }
  }
}`;
const SAME_NAMES = `query SameName($name: String!) {
  enterprises(filter: { nameContains: $name, status: ACTIVE }, first: 50) { nodes { uscc name registeringAuthority { code } } }
}`;
const DIVISIONS = `query Divisions($search: String!) { divisions(search: $search, first: 30) { code name fullName } }`;
const CHECK_USCC = `query CheckUscc($code: String!) { checkUscc(code: $code) { valid failures { rule message } } }`;

export function setupRegister({ session, onRegistered }) {
  const form = document.getElementById('register-form');
  const submit = document.getElementById('register-submit');
  const message = document.getElementById('register-message');
  const keyLabel = document.getElementById('register-key');
  const field = (name) => form.elements.namedItem(name);
  let key = newKey();
  let submitting = false;
  let divisions = new Map();
  let nameTimer = null;
  let divisionTimer = null;
  let parentTimer = null;
  // The name an active entity of this authority was found to hold, until the clerk changes it.
  let takenName = null;
  // Whether this form's key was already sent: an answer lost on the way back may have registered it,
  // and the entity holding the name is then this very application, which the hub answers on a retry.
  let keySent = false;

  const showKey = () => (keyLabel.textContent = `受理编号 ${key.slice(0, 8)}`);
  showKey();

  form.addEventListener('input', (event) => {
    const name = event.target.name;
    if (!name) return;
    message.textContent = '';
    checkField(name);
    if (name === 'name') {
      clearTimeout(nameTimer);
      nameTimer = setTimeout(checkNameFree, 400);
    }
    if (name === 'divisionCode') {
      clearTimeout(divisionTimer);
      divisionTimer = setTimeout(lookUpDivisions, 250);
    }
    if (name === 'parentUscc') {
      clearTimeout(parentTimer);
      parentTimer = setTimeout(checkParent, 400);
    }
  });
  field('kind').addEventListener('change', showKind);
  field('industryCode').addEventListener('blur', () => (field('industryCode').value = field('industryCode').value.trim().toUpperCase()));
  document.getElementById('register-clear').addEventListener('click', () => resetForm());
  showKind();

  function showKind() {
    const kind = field('kind').value;
    document.getElementById('parent-field').hidden = kind !== 'BRANCH';
    document.getElementById('l-legalRepresentative').textContent =
      kind === 'INDIVIDUAL_BUSINESS' ? '经营者' : kind === 'BRANCH' ? '负责人' : '法定代表人';
  }

  /** The page's own check of one field; returns whether it passed. */
  function checkField(name) {
    const value = field(name).value;
    let problem = fieldChecks[name] ? fieldChecks[name](value) : null;
    if (name === 'registeredCapitalWanYuan') {
      const yuan = wanYuanInYuan(value);
      document.getElementById('h-registeredCapitalWanYuan').textContent = yuan ? `即 ${yuan} 元` : '';
    }
    if (name === 'divisionCode') {
      const division = resolveDivision();
      document.getElementById('h-divisionCode').textContent = division ? `${division.code} ${division.fullName}` : '';
      if (!value.trim()) problem = '不能为空';
      else if (!division && /^\d{6}$/.test(value.trim()) && divisions.size > 0 && !divisions.has(value.trim()))
        problem = '不是现行 GB/T 2260 行政区划代码，请从列表中选择';
    }
    if (name === 'parentUscc' && field('kind').value === 'BRANCH' && !value.trim()) problem = '分公司必须填写所属公司的统一社会信用代码';
    if (name === 'name' && !problem && !keySent && takenName && takenName.name === value.trim())
      problem = `该名称已被存续的市场主体 ${takenName.uscc} 使用`;
    setFieldError(form, name, problem);
    return !problem;
  }

  function resolveDivision() {
    const value = field('divisionCode').value.trim();
    if (divisions.has(value)) return divisions.get(value);
    // A name typed out in full (四川省广元市昭化区) or the only match of a part of one.
    const matches = [...divisions.values()].filter((division) => division.fullName === value || division.name === value);
    return matches.length === 1 ? matches[0] : null;
  }

  async function lookUpDivisions() {
    const search = field('divisionCode').value.trim();
    if (!search) return;
    try {
      const data = await session.call(DIVISIONS, { search });
      if (field('divisionCode').value.trim() !== search) return;
      divisions = new Map(data.divisions.map((division) => [division.code, division]));
      const list = document.getElementById('division-options');
      list.replaceChildren(
        ...data.divisions.map((division) => {
          const option = document.createElement('option');
          option.value = division.code;
          option.label = division.fullName;
          option.textContent = division.fullName;
          return option;
        }),
      );
      if (data.divisions.length === 0) setFieldError(form, 'divisionCode', '没有这个现行行政区划，请输入名称（如 昭化区）或 6 位代码');
      else checkField('divisionCode');
    } catch {
      // the check runs again on the next keystroke, and the hub checks on submit
    }
  }

  async function checkNameFree() {
    const name = field('name').value.trim();
    const hint = document.getElementById('h-name');
    hint.textContent = '';
    if (!name || fieldChecks.name(name)) return;
    try {
      const data = await session.call(SAME_NAMES, { name });
      if (field('name').value.trim() !== name) return;
      const holder = data.enterprises.nodes.find((node) => node.name === name);
      const ownDepartment = session.principal && session.principal.department.code;
      if (holder && holder.registeringAuthority.code === ownDepartment) {
        takenName = { name, uscc: holder.uscc };
        checkField('name');
      } else {
        takenName = null;
        hint.textContent = holder ? `其他登记机关有同名主体 ${holder.uscc}` : '名称可用：无存续的同名主体';
      }
    } catch {
      // the look-up failed: the hub still refuses a taken name on submit
    }
  }

  async function checkParent() {
    const code = field('parentUscc').value.trim().toUpperCase();
    const hint = document.getElementById('h-parentUscc');
    hint.textContent = '';
    if (code.length !== 18) return;
    try {
      const data = await session.call(CHECK_USCC, { code });
      if (data.checkUscc.valid) hint.textContent = '代码校验通过';
      else
        setFieldError(
          form,
          'parentUscc',
          `统一社会信用代码校验未通过（${data.checkUscc.failures.map((failure) => failure.rule).join('、')}）`,
        );
    } catch {
      // the hub checks on submit
    }
  }

  function input() {
    const value = (name) => field(name).value.trim();
    const division = resolveDivision();
    const facts = {
      name: value('name'),
      kind: value('kind'),
      legalRepresentative: value('legalRepresentative'),
      legalRepresentativeIdNumber: value('legalRepresentativeIdNumber').toUpperCase() || null,
      registeredCapitalWanYuan: value('registeredCapitalWanYuan'),
      address: value('address'),
      divisionCode: division ? division.code : value('divisionCode'),
      industryCode: value('industryCode').toUpperCase(),
      businessScope: value('businessScope'),
      establishedOn: value('establishedOn') || null,
    };
    if (facts.kind === 'BRANCH') facts.parentUscc = value('parentUscc').toUpperCase();
    return facts;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submitting) return;
    const names = [
      'name',
      'kind',
      'parentUscc',
      'legalRepresentative',
      'legalRepresentativeIdNumber',
      'registeredCapitalWanYuan',
      'establishedOn',
      'divisionCode',
      'industryCode',
      'address',
      'businessScope',
    ];
    const failed = names.filter((name) => !checkField(name));
    if (failed.length) {
      message.textContent = `有 ${failed.length} 项需要更正，请看标红的说明。`;
      field(failed[0]).focus();
      return;
    }
    submitting = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    message.textContent = '正在提交…';
    form.dataset.state = 'submitting';
    try {
      keySent = true;
      const data = await session.call(REGISTER, { input: input(), key });
      const payload = data.registerEnterprise;
      message.textContent = payload.replayed
        ? `该申请已经登记（重复提交，未重复登记）：${payload.enterprise.uscc}`
        : `登记成功：${payload.enterprise.uscc}`;
      form.dataset.state = 'registered';
      resetForm(true);
      onRegistered(payload);
    } catch (error) {
      form.dataset.state = 'failed';
      showFailure(error);
    } finally {
      submitting = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });

  function showFailure(error) {
    const failure = explainFailure(error);
    if (failure) {
      message.textContent = failure;
      return;
    }
    if (error instanceof ApiError) {
      message.textContent = showFieldErrors(form, error.errors.map(explainError)) || '登记未成功，请按标红的说明更正后再提交。';
      return;
    }
    message.textContent = '登记未成功，请稍后重试。已填写的内容都已保留。';
  }

  function resetForm(keepMessage) {
    form.reset();
    clearFieldErrors(form);
    for (const hint of form.querySelectorAll('.hint')) hint.textContent = '';
    divisions = new Map();
    if (!keepMessage) message.textContent = '';
    key = newKey();
    keySent = false;
    showKey();
    showKind();
  }

  return {
    enable(principal) {
      const registers = principal.roles.includes('CLERK') && principal.department.registersMarketEntities;
      const notice = document.getElementById('register-disabled');
      notice.hidden = registers;
      notice.textContent = registers
        ? ''
        : principal.roles.includes('CLERK')
          ? `${principal.department.name}不办理市场主体登记。`
          : '管理员凭证只能查询和重新送达，设立登记请使用窗口人员（CLERK）凭证。';
      for (const control of form.elements) control.disabled = !registers;
    },
  };
}

function newKey() {
  return crypto.randomUUID();
}
