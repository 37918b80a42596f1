/*
 * 变更 and 注销: find a market entity by USCC or name, read it with its history, and register a
 * change or a deregistration against the version read. When someone else changed it meanwhile the
 * hub refuses (CONFLICT on expectedVersion); the page then reads it again and shows what changed,
 * keeping what the clerk typed, so the clerk decides with the current facts in view.
 */
import { ApiError } from './api.js';
import { plainAmount } from './checks.js';
import { element } from './hand-over.js';
import { showFieldErrors, clearFieldErrors } from './form-errors.js';
import {
  explainError,
  explainFailure,
  FIELD_LABELS,
  KIND_LABELS,
  LICENCE_STATUS_LABELS,
  REGISTRATION_KIND_LABELS,
  STATUS_LABELS,
} from './messages.js';

const RECEIPT_FIELDS = 'receipts { id status lastError nextAttemptAt updatedAt certificateCodes department { code name } }';
const ENTERPRISE = `query Enterprise($uscc: String!) {
  enterprise(uscc: $uscc) {
    id uscc name kind status version legalRepresentative registeredCapitalWanYuan address divisionCode industryCode businessScope establishedOn deregisteredAt
    registeringAuthority { code name }
    changes { id field oldValue newValue changedAt document }
    registrations { id kind registeredAt document clerkName certificates { code name departmentCode } ${RECEIPT_FIELDS} }
    licences { id name identifier licenceVersion status supersededBy licenceTypeCode }
  }
}`;
const FIND = `query Find($filter: EnterpriseFilter) { enterprises(filter: $filter, first: 20) { totalCount nodes { uscc name status kind } } }`;
const CHANGE = `mutation Change($uscc: String!, $expectedVersion: Int!, $document: String!, $changes: EnterpriseChangesInput!) {
  changeEnterprise(uscc: $uscc, expectedVersion: $expectedVersion, document: $document, changes: $changes) {
    enterprise { uscc version }
    registration { id kind registeredAt certificates { code name departmentCode } ${RECEIPT_FIELDS} }
  }
}`;
const DEREGISTER = `mutation Deregister($uscc: String!, $expectedVersion: Int!, $document: String!) {
  deregisterEnterprise(uscc: $uscc, expectedVersion: $expectedVersion, document: $document) {
    cancelledLicences
    enterprise { uscc version status }
    registration { id kind registeredAt certificates { code name departmentCode } ${RECEIPT_FIELDS} }
  }
}`;

/** The facts a change registration may change, in form order. */
const CHANGEABLE = ['name', 'legalRepresentative', 'registeredCapitalWanYuan', 'address', 'divisionCode', 'industryCode', 'businessScope'];
const USCC_LIKE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function setupEnterprise({ session, handOver, onPrint }) {
  const findForm = document.getElementById('find-form');
  const findText = document.getElementById('find-text');
  const findMessage = document.getElementById('find-message');
  const results = document.getElementById('find-results');
  const view = document.getElementById('enterprise-view');

  findForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = findText.value.trim();
    results.replaceChildren();
    findMessage.textContent = '';
    if (!text) return;
    try {
      if (USCC_LIKE.test(text.toUpperCase())) {
        await open(text.toUpperCase());
        return;
      }
      const data = await session.call(FIND, { filter: { nameContains: text } });
      const nodes = data.enterprises.nodes;
      if (nodes.length === 0) findMessage.textContent = '没有找到名称包含该文字的市场主体。';
      else if (nodes.length === 1) await open(nodes[0].uscc);
      else {
        findMessage.textContent = `找到 ${data.enterprises.totalCount} 户，请选择：`;
        results.replaceChildren(
          ...nodes.map((node) => {
            const button = element(
              'button',
              { type: 'button' },
              `${node.name}`,
              element('small', {}, ` ${node.uscc} · ${STATUS_LABELS[node.status]}`),
            );
            button.addEventListener('click', () => open(node.uscc));
            return element('li', {}, button);
          }),
        );
        results.querySelector('button').focus();
      }
    } catch (error) {
      findMessage.textContent =
        explainFailure(error) || (error instanceof ApiError ? error.errors.map((e) => explainError(e).text).join('；') : '查询失败');
    }
  });

  /** Reads the entity and shows it with its history and the change and deregistration forms. */
  async function open(uscc, notice) {
    const data = await session.call(ENTERPRISE, { uscc });
    results.replaceChildren();
    if (!data.enterprise) {
      view.hidden = true;
      findMessage.textContent = `没有统一社会信用代码为 ${uscc} 的市场主体。`;
      return;
    }
    render(data.enterprise, notice);
  }

  function render(enterprise, notice) {
    const read = { ...enterprise };
    view.hidden = false;
    view.dataset.uscc = enterprise.uscc;
    view.dataset.version = String(enterprise.version);
    const active = enterprise.status === 'ACTIVE';
    const summary = summaryOf(enterprise);
    const message = element('p', { className: 'form-message', id: 'enterprise-message', role: 'alert' }, notice || '');
    const printButton = element('button', { type: 'button', id: 'enterprise-print' }, '打印营业执照');
    printButton.disabled = !active;
    printButton.addEventListener('click', () => onPrint(enterprise.uscc));

    const own =
      session.principal &&
      session.principal.roles.includes('CLERK') &&
      session.principal.department.code === enterprise.registeringAuthority.code;
    const changeForm = own && active ? buildChangeForm(read, message) : null;
    const deregisterForm = own && active ? buildDeregisterForm(read, message) : null;
    const handOverBox = element('aside', { className: 'hand-over', id: 'enterprise-hand-over' });

    view.replaceChildren(
      element(
        'div',
        { className: 'columns' },
        element(
          'div',
          {},
          element('h3', {}, `${enterprise.name}`),
          summary,
          element('div', { className: 'actions' }, printButton),
          message,
          changeForm,
          deregisterForm,
          history(enterprise),
        ),
        handOverBox,
      ),
    );
    const latest = enterprise.registrations[enterprise.registrations.length - 1];
    if (latest) handOver.show(handOverBox, { enterprise, registration: latest });
  }

  function buildChangeForm(read, message) {
    const form = element('form', { id: 'change-form', noValidate: true, autocomplete: 'off' });
    const stale = element('div', { className: 'stale', id: 'stale', hidden: true });
    const inputs = CHANGEABLE.map((name) => {
      const id = `c-${name}`;
      const control = name === 'businessScope' ? element('textarea', { id, name, rows: 2 }) : element('input', { id, name });
      control.value = shown(name, read[name]);
      control.setAttribute('aria-describedby', `ce-${name}`);
      return element(
        'div',
        { className: `field ${['name', 'address', 'businessScope'].includes(name) ? 'wide' : ''}` },
        element('label', { htmlFor: id }, FIELD_LABELS[name] + (name === 'registeredCapitalWanYuan' ? '（万元）' : '')),
        control,
        element('p', { className: 'error', id: `ce-${name}`, dataset: { errorFor: name } }),
      );
    });
    const documentInput = element('input', { id: 'c-document', name: 'document', required: true });
    documentInput.setAttribute('aria-describedby', 'ce-document');
    const submit = element('button', { type: 'submit' }, '提交变更');
    form.append(
      element('h3', {}, '变更登记'),
      element('p', { className: 'hint', id: 'change-version' }, `按第 ${read.version} 版办理`),
      stale,
      element(
        'div',
        { className: 'grid' },
        ...inputs,
        element(
          'div',
          { className: 'field wide' },
          element('label', { htmlFor: 'c-document' }, '变更批准文件'),
          documentInput,
          element('p', { className: 'error', id: 'ce-document', dataset: { errorFor: 'document' } }),
        ),
      ),
      element('div', { className: 'actions' }, submit),
    );

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const changes = {};
      for (const name of CHANGEABLE) {
        const value = form.elements.namedItem(name).value.trim();
        if (shown(name, value) !== shown(name, read[name])) changes[name] = name === 'industryCode' ? value.toUpperCase() : value;
      }
      if (Object.keys(changes).length === 0) {
        message.textContent = '没有需要变更的事项：请先修改要变更的内容。';
        return;
      }
      if (!documentInput.value.trim()) {
        showFieldErrors(form, [{ field: 'document', text: '请填写变更批准文件' }]);
        return;
      }
      submit.disabled = true;
      message.textContent = '正在提交变更…';
      try {
        const data = await session.call(CHANGE, {
          uscc: read.uscc,
          expectedVersion: read.version,
          document: documentInput.value.trim(),
          changes,
        });
        await open(read.uscc, `变更已登记（第 ${data.changeEnterprise.enterprise.version} 版），营业执照已换发，请重新打印。`);
      } catch (error) {
        submit.disabled = false;
        if (
          error instanceof ApiError &&
          error.errors.some((e) => e.extensions && e.extensions.code === 'CONFLICT' && e.extensions.field === 'expectedVersion')
        ) {
          await showStale(form, read, stale, message);
          return;
        }
        message.textContent =
          explainFailure(error) ||
          (error instanceof ApiError
            ? showFieldErrors(form, error.errors.map(explainError)) || '变更未成功，请按标红的说明更正。'
            : '变更未成功，请稍后重试。');
      }
    });
    return form;
  }

  /** Someone changed the entity since it was read: read it again, show what differs, keep the clerk's edits. */
  async function showStale(form, read, stale, message) {
    const fresh = (await session.call(ENTERPRISE, { uscc: read.uscc })).enterprise;
    const differing = CHANGEABLE.filter((name) => shown(name, fresh[name]) !== shown(name, read[name]));
    stale.replaceChildren(
      element(
        'p',
        {},
        `在您读取之后，该主体已被修改（第 ${read.version} 版 → 第 ${fresh.version} 版）。请核对下列变化；您填写的内容已保留，确认后再次提交。`,
      ),
      element(
        'table',
        {},
        element('thead', {}, element('tr', {}, element('th', {}, '事项'), element('th', {}, '您读取时'), element('th', {}, '现在'))),
        element(
          'tbody',
          {},
          ...differing.map((name) =>
            element(
              'tr',
              { dataset: { field: name } },
              element('th', { scope: 'row' }, FIELD_LABELS[name]),
              element('td', {}, shown(name, read[name])),
              element('td', {}, shown(name, fresh[name])),
            ),
          ),
        ),
      ),
    );
    stale.hidden = false;
    for (const name of CHANGEABLE) {
      const control = form.elements.namedItem(name);
      // Untouched fields take the new facts; otherwise a second submission would undo the other change.
      if (shown(name, control.value) === shown(name, read[name])) control.value = shown(name, fresh[name]);
    }
    Object.assign(read, fresh);
    view.querySelector('.summary').replaceWith(summaryOf(fresh));
    view.dataset.version = String(fresh.version);
    form.querySelector('#change-version').textContent = `按第 ${fresh.version} 版办理`;
    message.textContent = '该主体已被他人修改，请核对变化后再次提交。';
    stale.setAttribute('tabindex', '-1');
    stale.focus();
  }

  function buildDeregisterForm(read, message) {
    const form = element('form', { id: 'deregister-form', noValidate: true, autocomplete: 'off' });
    const documentInput = element('input', { id: 'd-document', name: 'document' });
    documentInput.setAttribute('aria-describedby', 'de-document');
    const confirm = element('input', { type: 'checkbox', id: 'd-confirm', name: 'confirm' });
    const submit = element('button', { type: 'submit', className: 'danger' }, '提交注销');
    form.append(
      element('h3', {}, '注销登记'),
      element(
        'div',
        { className: 'field' },
        element('label', { htmlFor: 'd-document' }, '注销批准文件'),
        documentInput,
        element('p', { className: 'error', id: 'de-document', dataset: { errorFor: 'document' } }),
      ),
      element('p', {}, confirm, element('label', { htmlFor: 'd-confirm' }, ' 已核实：注销后营业执照及其他有效证照一并注销')),
      element('div', { className: 'actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      if (!documentInput.value.trim()) {
        showFieldErrors(form, [{ field: 'document', text: '请填写注销批准文件' }]);
        return;
      }
      if (!confirm.checked) {
        message.textContent = '请先勾选确认。';
        confirm.focus();
        return;
      }
      submit.disabled = true;
      message.textContent = '正在提交注销…';
      try {
        const data = await session.call(DEREGISTER, {
          uscc: read.uscc,
          expectedVersion: read.version,
          document: documentInput.value.trim(),
        });
        await open(read.uscc, `已注销；营业执照等 ${data.deregisterEnterprise.cancelledLicences} 张证照已注销。`);
      } catch (error) {
        submit.disabled = false;
        if (error instanceof ApiError && error.has('CONFLICT')) {
          message.textContent = '该主体在您读取之后已被修改，已重新读取，请核对后再办理注销。';
          await open(read.uscc, message.textContent);
          return;
        }
        message.textContent =
          explainFailure(error) ||
          (error instanceof ApiError
            ? showFieldErrors(form, error.errors.map(explainError)) || '注销未成功。'
            : '注销未成功，请稍后重试。');
      }
    });
    return form;
  }

  function history(enterprise) {
    const registrations = element(
      'ol',
      { className: 'history' },
      ...enterprise.registrations.map((registration) =>
        element(
          'li',
          { dataset: { kind: registration.kind } },
          `${formatTime(registration.registeredAt)} ${REGISTRATION_KIND_LABELS[registration.kind]}登记`,
          registration.document ? ` · 文件 ${registration.document}` : '',
          registration.clerkName ? ` · 经办 ${registration.clerkName}` : '',
        ),
      ),
    );
    const changes = element(
      'table',
      { className: 'changes' },
      element('caption', {}, '变更事项'),
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', {}, '事项'),
          element('th', {}, '变更前'),
          element('th', {}, '变更后'),
          element('th', {}, '时间'),
          element('th', {}, '文件'),
        ),
      ),
      element(
        'tbody',
        {},
        ...enterprise.changes.map((change) =>
          element(
            'tr',
            {},
            element('td', {}, FIELD_LABELS[change.field] || change.field),
            element('td', {}, change.oldValue || ''),
            element('td', {}, change.newValue || ''),
            element('td', {}, formatTime(change.changedAt)),
            element('td', {}, change.document || ''),
          ),
        ),
      ),
    );
    const licences = element(
      'ul',
      { className: 'licences' },
      ...enterprise.licences.map((licence) =>
        element(
          'li',
          { dataset: { status: licence.status } },
          `${licence.name} 第 ${licence.licenceVersion} 版 · ${LICENCE_STATUS_LABELS[licence.status] || licence.status}${licence.supersededBy ? '（已换发）' : ''}`,
          element('small', {}, ` ${licence.identifier}`),
        ),
      ),
    );
    return element(
      'section',
      { className: 'history-box' },
      element('h3', {}, '登记历史'),
      registrations,
      enterprise.changes.length ? changes : null,
      element('h4', {}, '证照'),
      licences,
    );
  }

  return { open };
}

function summaryOf(enterprise) {
  return element(
    'dl',
    { className: 'summary' },
    ...[
      ['名称', enterprise.name],
      ['统一社会信用代码', enterprise.uscc],
      ['类型', KIND_LABELS[enterprise.kind]],
      ['状态', STATUS_LABELS[enterprise.status]],
      ['版本', `第 ${enterprise.version} 版`],
      ['法定代表人', enterprise.legalRepresentative],
      ['注册资本', `${plainAmount(enterprise.registeredCapitalWanYuan)} 万元`],
      ['住所', enterprise.address],
      ['行政区划', enterprise.divisionCode],
      ['行业代码', enterprise.industryCode],
      ['经营范围', enterprise.businessScope],
      ['成立日期', enterprise.establishedOn],
      ['登记机关', enterprise.registeringAuthority.name],
    ].flatMap(([label, value]) => [element('dt', {}, label), element('dd', {}, value || '')]),
  );
}

/** A fact as the form shows and compares it: capital as written (50.5, not 50.500000). */
function shown(name, value) {
  const text = String(value || '').trim();
  return name === 'registeredCapitalWanYuan' ? plainAmount(text) : text;
}

function formatTime(value) {
  return new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}
