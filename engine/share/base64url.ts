/**
 * base64url (RFC 4648 §5, no padding) for bytes, written out so it behaves the same in Node and in
 * the browser (`btoa` works on Latin-1 strings, not bytes) and rejects anything that is not base64url.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Bytes → base64url text without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    chunk += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]!;
    if (i + 1 < bytes.length) chunk += ALPHABET[((b1 & 15) << 2) | (b2 >> 6)]!;
    if (i + 2 < bytes.length) chunk += ALPHABET[b2 & 63]!;
    if (chunk.length >= 8192) (parts.push(chunk), (chunk = ''));
  }
  parts.push(chunk);
  return parts.join('');
}

/** base64url text (padding `=` tolerated) → bytes, or null when a character is not base64url or the length is impossible. */
export function decodeBase64Url(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const value = code < 128 ? VALUES[code]! : -1;
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
