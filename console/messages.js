/*
 * The hub answers in English with a stable extensions.code and extensions.field; the window shows
 * Chinese. Field names map to their labels, known reasons to a Chinese sentence, and anything else
 * keeps the hub's own words after a Chinese lead-in, so nothing the clerk needs is hidden.
 */
export const FIELD_LABELS = {
  name: '名称',
  kind: '类型',
  legalRepresentative: '法定代表人',
  legalRepresentativeIdNumber: '法定代表人身份证号码',
  registeredCapitalWanYuan: '注册资本',
  address: '住所',
  divisionCode: '行政区划',
  industryCode: '行业代码',
  businessScope: '经营范围',
  establishedOn: '成立日期',
  parentUscc: '隶属企业统一社会信用代码',
  document: '批准文件',
  expectedVersion: '版本',
  uscc: '统一社会信用代码',
  idempotencyKey: '受理编号',
  changes: '变更事项',
};

export const KIND_LABELS = {
  COMPANY: '公司',
  BRANCH: '分公司',
  SOLE_PROPRIETORSHIP: '个人独资企业',
  PARTNERSHIP: '合伙企业',
  FARMERS_COOPERATIVE: '农民专业合作社',
  INDIVIDUAL_BUSINESS: '个体工商户',
};

export const STATUS_LABELS = { ACTIVE: '存续', DEREGISTERED: '注销', REVOKED: '吊销' };

export const RECEIPT_LABELS = {
  PENDING: '待送达',
  RETRYING: '重试中',
  DELIVERED: '已送达',
  ACKNOWLEDGED: '已确认接收',
  FAILED: '送达失败',
};

export const REGISTRATION_KIND_LABELS = { ESTABLISHMENT: '设立', CHANGE: '变更', DEREGISTRATION: '注销', REVOCATION: '吊销' };

export const LICENCE_STATUS_LABELS = { VALID: '有效', SUSPENDED: '暂扣', REVOKED: '撤销', CANCELLED: '注销', EXPIRED: '过期' };

const REASONS = [
  [/must not be empty|is required|must name the document/, () => '不能为空'],
  [/must be at most (\d+) characters/, (m) => `不能超过 ${m[1]} 个字`],
  [/is already the name of (?:an )?active market entity ?(\S*)/, (m) => `该名称已被存续的市场主体${m[1] ? ` ${m[1]} ` : ''}使用`],
  [/already named/, () => '该名称已被本登记机关的存续市场主体使用'],
  [/is not a GB\/T 2260 division code/, () => '不是 GB/T 2260 行政区划代码'],
  [/former GB\/T 2260 code/, () => '是已撤销的旧行政区划代码，请选择现行代码'],
  [/GB\/T 4754/, () => '应为 GB/T 4754 行业代码：门类字母 A–T，可再加 2–4 位数字（如 F5211）'],
  [/exponent notation/, () => '请直接写出金额，不要用科学计数法'],
  [/decimal/, () => '应为十进制数字，最多 6 位小数（万元）'],
  [/negative/, () => '不能为负数'],
  [/exceeds/, () => '金额过大，请核对单位和数字'],
  [/must be a calendar date/, () => '应为有效日期（年-月-日）'],
  [/must not be in the future/, () => '不能晚于今天'],
  [/a branch must name/, () => '分公司必须填写所属公司的统一社会信用代码'],
  [/only a branch/, () => '只有分公司填写所属公司'],
  [/changed after you read it/, () => '在您读取之后已被他人修改'],
  [/names no field to change|every value given is already/, () => '没有需要变更的事项'],
  [/already deregistered/, () => '已经注销'],
  [/only an active market entity/, () => '不是存续状态，不能变更'],
  [/registered by another authority/, () => '由其他登记机关登记，本窗口不能办理'],
  [/does not register market entities/, () => '本部门不办理市场主体登记'],
  [/check character|birth|division|resident ID|GB 11643/i, () => '身份证号码校验未通过'],
];

/**
 * The Chinese sentence for one GraphQL error, the form field it belongs to (without `input.` or
 * `changes.`) and that field's label, for a message shown away from the field.
 */
export function explainError(error) {
  const extensions = (error && error.extensions) || {};
  const code = extensions.code;
  const rawField = typeof extensions.field === 'string' ? extensions.field : null;
  const field = rawField ? rawField.replace(/^(input|changes)\./, '') : null;
  const message = String((error && error.message) || '');
  const detail = rawField && message.startsWith(`${rawField}: `) ? message.slice(rawField.length + 2) : message;
  const label = field && FIELD_LABELS[field];
  if (code === 'UNAUTHENTICATED') return { field: null, text: '登录已失效，请重新输入凭证' };
  if (code === 'FORBIDDEN') return { field, text: `无权办理：${reasonOf(detail) || detail}` };
  if (code === 'NOT_FOUND') return { field, text: `未找到${label ? `（${label}）` : ''}` };
  if (code === 'INTERNAL_SERVER_ERROR') return { field: null, text: '平台内部错误，请稍后重试（已填写的内容已保留）' };
  if (code === 'RATE_LIMITED' || code === 'TOO_MANY_REQUESTS') return { field: null, text: '操作过于频繁，请稍后重试' };
  const reason = reasonOf(detail);
  return { field, label, text: reason || `不符合要求（${detail}）` };
}

function reasonOf(detail) {
  for (const [pattern, text] of REASONS) {
    const match = pattern.exec(detail);
    if (match) return text(match);
  }
  return null;
}

/** What the window says when a request failed without GraphQL errors. */
export function explainFailure(error) {
  if (error && error.kind === 'network')
    return '无法连接到数据共享平台（网络中断或平台暂停服务）。已填写的内容都已保留，恢复后请再次提交；同一份申请重复提交只登记一次。';
  if (error && error.kind === 'http') return `平台返回了无法识别的应答（${error.message}），请稍后重试。已填写的内容都已保留。`;
  return null;
}
