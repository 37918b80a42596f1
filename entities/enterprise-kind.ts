/** The kinds of market entity (市场主体) a registration window registers. */
export enum EnterpriseKind {
  COMPANY = 'COMPANY',
  BRANCH = 'BRANCH',
  SOLE_PROPRIETORSHIP = 'SOLE_PROPRIETORSHIP',
  PARTNERSHIP = 'PARTNERSHIP',
  FARMERS_COOPERATIVE = 'FARMERS_COOPERATIVE',
  INDIVIDUAL_BUSINESS = 'INDIVIDUAL_BUSINESS',
}

export const ENTERPRISE_KIND_LABELS: Record<EnterpriseKind, string> = {
  COMPANY: '公司',
  BRANCH: '分公司',
  SOLE_PROPRIETORSHIP: '个人独资企业',
  PARTNERSHIP: '合伙企业',
  FARMERS_COOPERATIVE: '农民专业合作社',
  INDIVIDUAL_BUSINESS: '个体工商户',
};
