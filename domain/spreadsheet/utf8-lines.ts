import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { badUserInput } from '../errors.js';

const NEWLINE = 0x0a;
const MAX_LINE_BYTES = 1_000_000;

/**
 * Passes a byte stream through unchanged while checking that every line is valid UTF-8, so a file
 * saved in GBK (as Excel on a Chinese Windows does by default) is refused with the first line
 * that is not UTF-8 instead of being imported as mojibake. Lines are split on the LF byte, which
 * never occurs inside a UTF-8 or GBK multi-byte character, and checked whole, so a character cut
 * across two chunks is not mistaken for an error.
 */
export function utf8LineCheck(field = 'file'): Transform {
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  const check = (bytes: Buffer) => {
    if (!isUtf8(bytes)) {
      throw badUserInput(field, `line ${line} is not valid UTF-8 (a GBK or GB 18030 file? save it as "CSV UTF-8")`, { line });
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        let start = 0;
        let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        for (let index = data.indexOf(NEWLINE); index !== -1; index = data.indexOf(NEWLINE, start)) {
          check(data.subarray(start, index));
          line += 1;
          start = index + 1;
        }
        carry = Buffer.from(data.subarray(start));
        data = Buffer.alloc(0);
        if (carry.length > MAX_LINE_BYTES) throw badUserInput(field, `line ${line} is longer than ${MAX_LINE_BYTES} bytes`, { line });
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        check(carry);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
