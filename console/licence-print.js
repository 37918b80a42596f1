/*
 * 统一发证: the business licence (营业执照) as an A4 sheet, printed from the facts the hub signed
 * (the licence's own fields, not the form), with a QR code of the signed licence: the compact JWS
 * exportLicence returns, drawn by qrcode-generator as SVG so it prints sharp at any size. Anyone
 * can check it at /verify, offline against the hub's published keys, then against its status.
 */
import { element } from './hand-over.js';
import { KIND_LABELS } from './messages.js';
import { plainAmount } from './checks.js';

const LICENCE = `query Licence($uscc: String!) {
  enterprise(uscc: $uscc) {
    uscc status
    licences { id licenceTypeCode name number identifier licenceVersion status supersededBy holderName validFrom validTo issuedAt fields issuer { name } }
  }
}`;
const EXPORT = `query Export($id: ID!) { exportLicence(id: $id) { compact } }`;
const SVG = 'http://www.w3.org/2000/svg';

export function createLicencePrint({ session, sheet, message }) {
  /** Loads and lays out the enterprise's current business licence; false when it has none in force. */
  async function show(uscc) {
    sheet.hidden = true;
    message.textContent = '正在生成营业执照…';
    const data = await session.call(LICENCE, { uscc });
    const enterprise = data.enterprise;
    const licence =
      enterprise &&
      enterprise.licences.find(
        (candidate) => candidate.licenceTypeCode === 'BUSINESS_LICENCE' && candidate.status === 'VALID' && !candidate.supersededBy,
      );
    if (!licence) {
      message.textContent =
        enterprise && enterprise.status === 'DEREGISTERED'
          ? '该主体已注销，营业执照已注销，不能打印。'
          : '该主体没有有效的营业执照，不能打印。';
      return false;
    }
    const signed = (await session.call(EXPORT, { id: licence.id })).exportLicence.compact;
    render(licence, signed);
    message.textContent = `营业执照第 ${licence.licenceVersion} 版，可打印（A4）。`;
    return true;
  }

  function render(licence, signed) {
    const facts = licence.fields || {};
    const kind = facts.kind;
    const representative = kind === 'INDIVIDUAL_BUSINESS' ? '经营者' : kind === 'BRANCH' ? '负责人' : '法定代表人';
    const row = (label, value, className) =>
      element('div', { className: `fact ${className || ''}` }, element('dt', {}, label), element('dd', {}, value || ''));
    sheet.replaceChildren(
      element(
        'header',
        { className: 'licence-head' },
        element(
          'p',
          { className: 'code' },
          element('span', {}, '统一社会信用代码'),
          element('strong', { id: 'licence-uscc' }, licence.number),
        ),
        element('h1', {}, '营 业 执 照'),
      ),
      element(
        'dl',
        { className: 'facts' },
        row('名　　称', licence.holderName, 'wide'),
        row('类　　型', KIND_LABELS[kind] || kind),
        row(representative, facts.legalRepresentative),
        row('注册资本', facts.registeredCapitalWanYuan ? `${plainAmount(facts.registeredCapitalWanYuan)} 万元` : ''),
        row('成立日期', chineseDate(facts.establishedOn)),
        row('营业期限', `${chineseDate(licence.validFrom)} 至 ${licence.validTo ? chineseDate(licence.validTo) : '长期'}`),
        row('住　　所', facts.address, 'wide'),
        row('经营范围', facts.businessScope, 'wide scope'),
      ),
      element(
        'footer',
        { className: 'licence-foot' },
        element('figure', { className: 'qr' }, qrSvg(signed), element('figcaption', {}, '扫码核验：登录政务数据共享平台 /verify')),
        element(
          'div',
          { className: 'issuer' },
          element('p', {}, '登记机关'),
          element('p', { className: 'issuer-name' }, licence.issuer.name),
          element('p', {}, chineseDate(new Date(Date.parse(licence.issuedAt) + 8 * 3600_000).toISOString().slice(0, 10))),
        ),
      ),
      element('p', { className: 'identifier' }, `证照标识 ${licence.identifier} · 第 ${licence.licenceVersion} 版`),
    );
    sheet.dataset.identifier = licence.identifier;
    sheet.dataset.version = String(licence.licenceVersion);
    sheet.hidden = false;
  }

  return { show };
}

/** The QR code of `text` as an SVG path, with the four-module quiet zone the standard asks for. */
export function qrSvg(text) {
  let code;
  for (const level of ['M', 'L']) {
    try {
      code = qrcode(0, level);
      code.addData(text, 'Byte');
      code.make();
      break;
    } catch {
      code = null; // too long for this level: the next holds more
    }
  }
  if (!code) throw new Error('the signed licence is too long for a QR code');
  const count = code.getModuleCount();
  const quiet = 4;
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (code.isDark(row, column)) path += `M${column + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const svg = document.createElementNS(SVG, 'svg');
  const size = count + 2 * quiet;
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', '营业执照签名二维码');
  svg.id = 'licence-qr';
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  svg.dataset.payloadLength = String(text.length);
  return svg;
}

function chineseDate(value) {
  if (!value) return '';
  const [year, month, day] = value.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}
