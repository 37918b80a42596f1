const USCC_LENGTH = 18;

export interface RecordSubject {
  recordId: string | null;
  /** The enterprise the record is about, so the enterprise's data tracker finds the read. */
  subjectUscc: string | null;
}

const text = (value: unknown, maxLength: number): string | null =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength ? value : null;

/**
 * Which record a field was read from and whom it is about: `id`, and the enterprise's USCC (an
 * enterprise's own `uscc`, a licence's holder code when it is a USCC, or the enterprise the record
 * belongs to when that is loaded).
 */
export function recordSubject(source: unknown): RecordSubject {
  if (typeof source !== 'object' || source === null) return { recordId: null, subjectUscc: null };
  const record = source as Record<string, unknown>;
  const enterprise = record.enterprise as Record<string, unknown> | null | undefined;
  // A citizen's ID number is never a subject: it would copy personal data into the log.
  const holder = record.holderCodeType === 'RESIDENT_ID' ? null : text(record.holderCode, USCC_LENGTH);
  const subject = text(record.uscc, USCC_LENGTH) ?? holder ?? text(enterprise?.uscc, USCC_LENGTH);
  return { recordId: text(record.id, 64), subjectUscc: subject?.length === USCC_LENGTH ? subject : null };
}

/** The record a mutation wrote: its `uscc` argument, or the enterprise (or record) it returned. */
export function writtenSubject(args: Record<string, unknown>, result: unknown): RecordSubject {
  const returned = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
  const fromResult = recordSubject(returned.enterprise ?? returned);
  const argument = text(args.uscc, USCC_LENGTH);
  return { recordId: fromResult.recordId, subjectUscc: argument?.length === USCC_LENGTH ? argument : fromResult.subjectUscc };
}
