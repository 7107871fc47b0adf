/**
 * Byte-level mutations for binary inputs (.safetensors, .onnx, .wav): bit flips, interesting integers
 * written over length and size fields, insertions, deletions, truncation and splices.
 */
import type { Random } from './random.ts';

/** Values that break length and size fields: zero, one, sign and width boundaries. */
const INTERESTING_32 = [0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

/** One to `max` random mutations of `bytes` (a new array). `hot` lists offsets worth hitting more often. */
export function mutateBytes(rng: Random, bytes: Uint8Array, hot: readonly number[] = [], max = 4): Uint8Array {
  let out: Uint8Array = Uint8Array.from(bytes);
  const count = rng.int(1, max);
  for (let m = 0; m < count; m++) {
    const at = () => (hot.length > 0 && rng.chance(0.5) ? Math.min(out.length - 1, Math.max(0, rng.pick(hot))) : rng.int(0, Math.max(0, out.length - 1)));
    const kind = rng.int(0, 7);
    if (out.length === 0) {
      out = Uint8Array.of(rng.int(0, 255));
      continue;
    }
    if (kind === 0) out[at()]! ^= 1 << rng.int(0, 7);
    else if (kind === 1) out[at()] = rng.int(0, 255);
    else if (kind === 2 || kind === 3) {
      const pos = at();
      const value = rng.pick(INTERESTING_32);
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      if (pos + 4 <= out.length) view.setUint32(pos, value, rng.chance(0.8));
      else out[pos] = value & 0xff;
    } else if (kind === 4) out = out.subarray(0, rng.int(0, out.length)).slice();
    else if (kind === 5) {
      const pos = at();
      const len = rng.int(1, 16);
      const merged = new Uint8Array(out.length + len);
      merged.set(out.subarray(0, pos));
      for (let i = 0; i < len; i++) merged[pos + i] = rng.int(0, 255);
      merged.set(out.subarray(pos), pos + len);
      out = merged;
    } else if (kind === 6) {
      const pos = at();
      const len = rng.int(1, Math.min(64, out.length - pos));
      out = Uint8Array.from([...out.subarray(0, pos), ...out.subarray(pos + len)]);
    } else {
      // Duplicate a run of bytes somewhere else (splices structure into itself).
      const from = at();
      const len = rng.int(1, Math.min(256, out.length - from));
      const to = at();
      const merged = new Uint8Array(out.length + len);
      merged.set(out.subarray(0, to));
      merged.set(out.subarray(from, from + len), to);
      merged.set(out.subarray(to), to + len);
      out = merged;
    }
  }
  return out;
}
