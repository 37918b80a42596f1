import { isAscii, isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { badUserInput } from '../errors.js';

const NEWLINE = 0x0a;
const MAX_LINE_BYTES = 1_000_000;

/** How a file's text is encoded, as far as its lines so far tell. */
type Encoding = 'ascii so far' | 'UTF-8' | 'GB 18030';

/**
 * Turns a spreadsheet's bytes into UTF-8, line by line. A file is UTF-8 (with or without a
 * byte-order mark) or GB 18030 — which includes GBK and GB 2312, what Excel on a Chinese Windows
 * saves "CSV" as — told apart by its first line that is not plain ASCII: valid UTF-8 there makes
 * it UTF-8, anything else is decoded as GB 18030. A line that is then not valid in the file's
 * encoding (a file of mixed encodings, or not text at all) is refused with its number instead of
 * being imported as mojibake. Lines are split on the LF byte, which never occurs inside a UTF-8 or
 * GB 18030 multi-byte character, so a character cut across two chunks is never mistaken for an
 * error; CR LF line ends pass through for the CSV parser.
 */
export function decodeSpreadsheetText(field = 'file'): Transform {
  let line = 1;
  let encoding: Encoding = 'ascii so far';
  let carry: Buffer = Buffer.alloc(0);
  const gb18030 = new TextDecoder('gb18030', { fatal: true });

  const refuse = (reason: string) => badUserInput(field, `line ${line} ${reason}`, { line });
  /** Checks one line (without its LF) and returns it as UTF-8. */
  const decodeLine = (bytes: Buffer): Buffer => {
    if (encoding === 'ascii so far') {
      if (isAscii(bytes)) return bytes;
      encoding = isUtf8(bytes) ? 'UTF-8' : 'GB 18030';
    }
    if (encoding === 'UTF-8') {
      if (isUtf8(bytes)) return bytes;
      throw refuse('is not valid UTF-8 while the lines before it are: save the whole file in one encoding (Excel: "CSV UTF-8")');
    }
    try {
      return Buffer.from(gb18030.decode(bytes));
    } catch {
      throw refuse('is neither UTF-8 nor GB 18030 (GBK) text: save the file as "CSV UTF-8"');
    }
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        const decoded: Buffer[] = [];
        let start = 0;
        for (let index = data.indexOf(NEWLINE); index !== -1; index = data.indexOf(NEWLINE, start)) {
          decoded.push(decodeLine(data.subarray(start, index)), LF);
          line += 1;
          start = index + 1;
        }
        carry = Buffer.from(data.subarray(start));
        if (carry.length > MAX_LINE_BYTES) throw refuse(`is longer than ${MAX_LINE_BYTES} bytes`);
        callback(null, decoded.length > 0 ? Buffer.concat(decoded) : undefined);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        callback(null, carry.length > 0 ? decodeLine(carry) : undefined);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

const LF = Buffer.from([NEWLINE]);
