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
].map((department) => ({ divisionCode: DEMO_DIVISION_CODE, registersMarketEntities: false, ...department }));
