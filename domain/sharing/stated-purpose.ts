/**
 * The purpose a request states for reading conditional data: the `X-Purpose` header (HTTP) or the
 * `purpose` connection parameter (WebSocket). HTTP headers carry only Latin-1, so a purpose in
 * Chinese is sent percent-encoded (UTF-8, as `encodeURIComponent` does) and decoded here.
 */
export function statedPurpose(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let purpose = raw.trim();
  if (purpose.includes('%')) {
    try {
      purpose = decodeURIComponent(purpose).trim();
    } catch {
      // Not percent-encoding after all: the purpose is the text as sent.
    }
  }
  return purpose === '' ? null : purpose;
}
