import { composeUscc } from '../domain/uscc.js';

/** 四川省广元市昭化区: the district of seed report 000, whose centre the demo data models. */
export const DEMO_DIVISION_CODE = '510811';

/**
 * The departments of the demo district service centre, modelled on the seed reports: the ones
 * that sit at the centre's windows and take part in 多证合一 and the sharing of enterprise data.
 */
export const demoDepartments = [
  { code: 'ZWFW', name: '广元市昭化区政务服务中心管理办公室' },
  { code: 'SCJG', name: '广元市昭化区市场监督管理局', registersMarketEntities: true },
  { code: 'ZJ', name: '广元市昭化区质量技术监督局' },
  { code: 'SW', name: '国家税务总局广元市昭化区税务局' },
  { code: 'RS', name: '广元市昭化区人力资源和社会保障局' },
  { code: 'TJ', name: '广元市昭化区统计局' },
  { code: 'ZJJ', name: '广元市昭化区住房和城乡建设局' },
  { code: 'MZ', name: '广元市昭化区民政局' },
  { code: 'GGZY', name: '广元市昭化区公共资源交易中心' },
  { code: 'GA', name: '广元市公安局昭化区分局' },
  { code: 'SY', name: '广元市昭化区商务局' },
].map((department, index) => ({
  divisionCode: DEMO_DIVISION_CODE,
  registersMarketEntities: false,
  uscc: demoOrganUscc(index),
  ...department,
}));

/**
 * A well-formed USCC for a demo government organ (authority 1 机构编制, type 1 机关) of the
 * district: made up for the demo, with correct check characters, as licence identifiers need the
 * issuer's code.
 */
function demoOrganUscc(index: number): string {
  const organisationCodeBody = `005108${String(index + 1).padStart(2, '0')}`;
  return composeUscc({ authority: '1', type: '1', divisionCode: DEMO_DIVISION_CODE, organisationCodeBody });
}
