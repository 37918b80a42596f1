/**
 * Reads at most `limit` characters of an answer and drops the rest unread: the hub only keeps a
 * snippet of a department's answer, and a receiver that answers with megabytes (or never ends
 * its body) must not cost the hub memory or hold a delivery slot.
 */
export async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return text.slice(0, limit);
}
