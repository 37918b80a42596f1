/**
 * The three sharing levels of 政务信息资源共享 (国发〔2016〕51号). Every field listed in the sharing
 * policy has exactly one; the owner department always reads its own fields whatever the level.
 */
export enum SharingLevel {
  /** 无条件共享: every department reads it. */
  UNCONDITIONAL = 'UNCONDITIONAL',
  /** 有条件共享: a department reads it for a stated purpose its grant covers, and the read is logged. */
  CONDITIONAL = 'CONDITIONAL',
  /** 不予共享: only the owner department sees it; to every other one the field does not exist. */
  NOT_SHARED = 'NOT_SHARED',
}
