/**
 * The sharing levels of 政务信息资源共享 (国发〔2016〕51号), plus citizens' personal information
 * (个人信息保护法) as a level of its own. Every field listed in the sharing policy has exactly one.
 */
export enum SharingLevel {
  /** 无条件共享: every department reads it. */
  UNCONDITIONAL = 'UNCONDITIONAL',
  /** 有条件共享: a department reads it for a stated purpose its grant covers, and the read is logged. */
  CONDITIONAL = 'CONDITIONAL',
  /**
   * 个人信息: a natural person's data (resident ID number, a citizen's name, personal licence
   * fields). Read in full like conditional data (owner, or a grant for the stated purpose; logged);
   * everyone else sees it masked (`510811********2223`, `张*`), never whole.
   */
  PERSONAL = 'PERSONAL',
  /** 不予共享: only the owner department sees it; to every other one the field does not exist. */
  NOT_SHARED = 'NOT_SHARED',
}
