/**
 * Decompression of untrusted bytes (share links, PNG text chunks) with a hard cap on the output, so a
 * small "zip bomb" cannot allocate gigabytes: input is fed in 1 KiB pieces (deflate expands at most
 * ~1032×) and decoding stops as soon as the output passes the cap.
 */
import { Inflate, Unzlib } from 'fflate';

/** Why inflating failed: corrupt data, or more output than allowed. */
export type InflateFailure = { readonly reason: 'corrupt'; readonly detail: string } | { readonly reason: 'too-large'; readonly limit: number };

const PIECE = 1024;

/**
 * Inflates raw deflate (`'raw'`) or zlib-wrapped (`'zlib'`) bytes, returning at most `maxBytes` bytes.
 * Never throws.
 */
export function boundedInflate(data: Uint8Array, maxBytes: number, wrapping: 'raw' | 'zlib' = 'raw'): { ok: true; bytes: Uint8Array } | { ok: false; failure: InflateFailure } {
  const pieces: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  let tooLarge = false;
  const onData = (chunk: Uint8Array, final: boolean) => {
    total += chunk.length;
    if (total > maxBytes) tooLarge = true;
    else pieces.push(chunk.slice());
    if (final) finished = true;
  };
  const stream = wrapping === 'raw' ? new Inflate(onData) : new Unzlib(onData);
  try {
    for (let i = 0; i < data.length && !tooLarge; i += PIECE) {
      const end = Math.min(i + PIECE, data.length);
      stream.push(data.subarray(i, end), end === data.length);
    }
    if (data.length === 0) stream.push(new Uint8Array(0), true);
  } catch (e) {
    return { ok: false, failure: { reason: 'corrupt', detail: (e as Error).message } };
  }
  if (tooLarge) return { ok: false, failure: { reason: 'too-large', limit: maxBytes } };
  if (!finished) return { ok: false, failure: { reason: 'corrupt', detail: 'the compressed data ends early' } };
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of pieces) (out.set(p, offset), (offset += p.length));
  return { ok: true, bytes: out };
}
