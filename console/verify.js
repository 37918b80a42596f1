/*
 * /verify, for anyone and without a credential: a pasted or scanned QR payload (the licence's
 * compact JWS) is checked here in the browser against the hub's published keys, then the hub is
 * asked whether the licence is still in force (verifyLicence). An identifier alone is only asked
 * of the hub. The answer is one plain word: 有效, 已暂扣, 已撤销, 已被取代, 已注销, 已过期 or 伪造.
 */
import { graphql } from './api.js';
import { looksLikeJws, verifyCompactJws } from './jws.js';

const VERIFY = `query Verify($identifier: String!) {
  verifyLicence(identifier: $identifier) {
    valid outcome message checkedAt identifier
    licence { name number holderName holderCode issuerName status supersededBy validFrom validTo }
  }
}`;

const VERDICTS = {
  VALID: ['valid', '有效', '该证照真实有效。'],
  SUSPENDED: ['suspended', '已暂扣', '该证照真实，但目前被暂扣，暂停使用。'],
  REVOKED: ['revoked', '已撤销', '该证照真实，但已被撤销（吊销），不再有效。'],
  SUPERSEDED: ['superseded', '已被取代', '该证照真实，但已换发新版本，此版本不再使用。'],
  CANCELLED: ['cancelled', '已注销', '该证照真实，但已注销，不再有效。'],
  EXPIRED: ['expired', '已过期', '该证照真实，但已超过有效期。'],
  NOT_YET_VALID: ['expired', '尚未生效', '该证照真实，但尚未到生效日期。'],
  BAD_SIGNATURE: ['forged', '伪造', '平台记录的签名与该证照不符：这不是平台签发的证照。'],
  UNKNOWN_IDENTIFIER: ['unknown', '查无此证', '平台没有这个证照标识的记录：可能是伪造的，或标识输入有误。'],
  MALFORMED_IDENTIFIER: ['unknown', '标识有误', '这不是一个有效的电子证照标识（GB/T 36904），请核对。'],
  BAD_CHECK_CHARACTER: ['unknown', '标识有误', '证照标识的校验位不正确，请核对是否输错。'],
};

const $ = (id) => document.getElementById(id);
const form = $('verify-form');
const input = $('verify-input');
const button = $('verify-submit');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value.replace(/\s+/g, '');
  if (!text) {
    input.focus();
    return;
  }
  button.disabled = true;
  const steps = [];
  try {
    let identifier = text;
    let signed = null;
    if (looksLikeJws(text)) {
      const jwks = await fetchJwks();
      const checked = await verifyCompactJws(text, jwks);
      if (!checked.ok) {
        steps.push(`签名核验（在本机用平台公布的公钥完成）：未通过。${checked.reason}`);
        // What a forged code claims is not shown: it would read like a licence.
        show('forged', '伪造', '二维码中的签名未通过核验：这不是平台签发的证照，或内容被改动过。请勿采信。', [], steps);
        return;
      }
      signed = checked.document;
      identifier = String(signed.identifier);
      steps.push(`签名核验（在本机用平台公布的公钥 ${checked.header.kid} 完成）：通过，内容未被改动。`);
    } else {
      steps.push('按证照标识查询（未核对二维码签名；扫描二维码可同时核验签名）。');
    }
    const result = (await graphql(VERIFY, { identifier })).verifyLicence;
    const [key, title, detail] = VERDICTS[result.outcome] || ['unknown', result.outcome, result.message];
    steps.push(
      `平台状态查询（${new Date(result.checkedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}）：${title}。`,
    );
    const facts = signed ? factsOf(signed) : result.licence ? factsOfPublic(result.licence) : [];
    if (result.licence && result.licence.supersededBy) facts.push(['现行版本', result.licence.supersededBy]);
    show(key, title, detail, facts, steps);
  } catch (error) {
    show(
      'error',
      '暂时无法核验',
      error && error.kind === 'network' ? '无法连接到数据共享平台，请检查网络后重试。' : '核验未完成，请稍后重试。',
      [],
      steps,
    );
  } finally {
    button.disabled = false;
  }
});

async function fetchJwks() {
  const response = await fetch('/.well-known/jwks.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw Object.assign(new Error(`JWKS ${response.status}`), { kind: 'http' });
  return response.json();
}

function factsOf(document) {
  const facts = document.fields || {};
  return [
    ['证照', `${document.name || ''}（第 ${document.version} 版）`],
    ['名称', document.holder && document.holder.name],
    ['统一社会信用代码', document.number],
    ['法定代表人', facts.legalRepresentative],
    ['住所', facts.address],
    ['发证机关', document.issuer && document.issuer.name],
    ['有效期', `${document.validFrom} 至 ${document.validTo || '长期'}`],
    ['证照标识', document.identifier],
  ].filter(([, value]) => value);
}

function factsOfPublic(licence) {
  return [
    ['证照', licence.name],
    ['名称', licence.holderName],
    ['证照编号', licence.number],
    ['发证机关', licence.issuerName],
    ['有效期', `${licence.validFrom} 至 ${licence.validTo || '长期'}`],
  ];
}

function show(key, title, detail, facts, steps) {
  const box = $('verdict');
  box.hidden = false;
  box.dataset.verdict = key;
  $('verdict-title').textContent = title;
  $('verdict-detail').textContent = detail;
  $('verdict-facts').replaceChildren(
    ...facts.flatMap(([label, value]) => {
      const term = document.createElement('dt');
      term.textContent = label;
      const description = document.createElement('dd');
      description.textContent = String(value);
      return [term, description];
    }),
  );
  $('verdict-steps').replaceChildren(
    ...steps.map((step) => {
      const item = document.createElement('li');
      item.textContent = step;
      return item;
    }),
  );
}
