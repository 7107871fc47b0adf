/**
 * Byte spellings for byte-level BPE.
 *
 * Base token for byte `b`: the character itself when `b` is printable ASCII (0x20–0x7E) other than `<`,
 * otherwise `<0xNN>` (two upper-case hex digits). `<` is always escaped as `<0x3C>`, so every spelling is an
 * unambiguous concatenation of plain characters and `<0xNN>` groups, and a merged token's spelling (the
 * concatenation of its parts' spellings) maps back to exactly one byte string.
 */

const LT = 0x3c;

function isPlainByte(b: number): boolean {
  return b >= 0x20 && b <= 0x7e && b !== LT;
}

/** Spelling of the base token for byte `b` (0–255). */
export function byteSpelling(b: number): string {
  return isPlainByte(b) ? String.fromCharCode(b) : `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/** All 256 base spellings; index = byte value. */
export const BYTE_SPELLINGS: readonly string[] = Array.from({ length: 256 }, (_, b) => byteSpelling(b));

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * Bytes spelled by a token string, or `undefined` when the string is not a canonical byte spelling
 * (empty, characters outside printable ASCII, a bare `<`, lower-case hex, or `<0x41>` where `A` is canonical).
 */
export function spellingToBytes(s: string): Uint8Array | undefined {
  if (s.length === 0) return undefined;
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === LT) {
      if (i + 6 > s.length || s.charCodeAt(i + 1) !== 0x30 || s.charCodeAt(i + 2) !== 0x78 || s.charCodeAt(i + 5) !== 0x3e) {
        return undefined;
      }
      const hi = hexDigit(s.charCodeAt(i + 3));
      const lo = hexDigit(s.charCodeAt(i + 4));
      if (hi < 0 || lo < 0) return undefined;
      const b = hi * 16 + lo;
      if (isPlainByte(b)) return undefined;
      out.push(b);
      i += 6;
    } else if (isPlainByte(c)) {
      out.push(c);
      i += 1;
    } else {
      return undefined;
    }
  }
  return Uint8Array.from(out);
}
