/*
 * The hub's rules for a registration, checked in the page as the clerk types, so most mistakes are
 * seen before submitting. The hub checks everything again; what only it can know (a name taken
 * meanwhile, a birth date inside an ID number) comes back as an error on the field it names.
 */
const INDUSTRY_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;
const WAN_YUAN = /^\d{1,11}(\.\d{1,6})?$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

const text = (max) => (value) => {
  const trimmed = value.trim();
  if (!trimmed) return '不能为空';
  if ([...trimmed].length > max) return `不能超过 ${max} 个字`;
  return null;
};

/** Today in China (Asia/Shanghai, UTC+8 all year), YYYY-MM-DD. */
export function todayInChina() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const fieldChecks = {
  name: text(100),
  legalRepresentative: text(50),
  address: text(200),
  businessScope: text(2000),
  legalRepresentativeIdNumber(value) {
    const id = value.trim().toUpperCase();
    if (!id) return null;
    if (!/^\d{17}[\dX]$/.test(id)) return '应为 18 位身份证号码（最后一位可为 X）';
    const sum = ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(id[index]), 0);
    if (ID_CHECK[sum % 11] !== id[17]) return '身份证号码校验位不正确，请核对';
    return null;
  },
  registeredCapitalWanYuan(value) {
    const amount = value.trim();
    if (!amount) return '不能为空';
    if (!WAN_YUAN.test(amount)) return '应为以万元计的数字，最多 6 位小数（如 50.5）';
    return null;
  },
  industryCode(value) {
    if (!value.trim()) return '不能为空';
    if (!INDUSTRY_CODE.test(value.trim().toUpperCase())) return '应为 GB/T 4754 行业代码：门类字母 A–T，可再加 2–4 位数字（如 F5211）';
    return null;
  },
  establishedOn(value) {
    if (!value) return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return '应为有效日期（年-月-日）';
    if (value > todayInChina()) return '不能晚于今天';
    return null;
  },
};

/** 万元 as typed ("50.5") in 元 with 分 ("505,000.00"), by decimal digits, never a float. */
export function wanYuanInYuan(value) {
  const amount = value.trim();
  if (!WAN_YUAN.test(amount)) return null;
  const [whole, fraction = ''] = amount.split('.');
  const cents = BigInt(whole + fraction.padEnd(6, '0'))
    .toString()
    .padStart(3, '0');
  const yuan = cents.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${yuan}.${cents.slice(-2)}`;
}

/** A stored amount as people write it: "50.500000" → "50.5", "100.000000" → "100" (text only, no float). */
export function plainAmount(value) {
  const text = String(value || '');
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
