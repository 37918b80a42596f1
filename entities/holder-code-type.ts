/** The code a licence holder is identified by (持证主体代码类型). */
export enum HolderCodeType {
  /** An enterprise or organisation: its unified social credit code. */
  USCC = 'USCC',
  /** A citizen: the resident identity card number (GB 11643). */
  RESIDENT_ID = 'RESIDENT_ID',
}
