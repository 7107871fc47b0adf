/**
 * In-place iterative radix-2 FFT (Cooley–Tukey, decimation in time).
 */

/** True for 1, 2, 4, 8, … (integers only). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/** A transform of one fixed size, with its bit-reversal and twiddle tables precomputed. */
export interface Fft {
  readonly size: number;
  /** Forward DFT of (re, im) in place: X[k] = Σ x[n]·e^(−2πi·kn/N). Both arrays must have length `size`. */
  transform(re: Float64Array, im: Float64Array): void;
}

/** Plans an FFT of `size` points; throws RangeError unless `size` is a power of two (callers validate first). */
export function createFft(size: number): Fft {
  if (!isPowerOfTwo(size)) throw new RangeError(`createFft: size ${size} is not a power of two`);
  const bits = Math.round(Math.log2(size));
  const reverse = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  const half = size >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = Math.sin((2 * Math.PI * k) / size);
  }

  const transform = (re: Float64Array, im: Float64Array): void => {
    if (re.length !== size || im.length !== size) throw new RangeError(`fft: expected ${size} points, got ${re.length}/${im.length}`);
    for (let i = 0; i < size; i++) {
      const j = reverse[i] as number;
      if (j > i) {
        const tr = re[i] as number;
        re[i] = re[j] as number;
        re[j] = tr;
        const ti = im[i] as number;
        im[i] = im[j] as number;
        im[j] = ti;
      }
    }
    for (let len = 2; len <= size; len <<= 1) {
      const h = len >> 1;
      const step = size / len;
      for (let start = 0; start < size; start += len) {
        for (let j = 0; j < h; j++) {
          const wr = cos[j * step] as number;
          const wi = -(sin[j * step] as number);
          const p = start + j;
          const q = p + h;
          const qr = re[q] as number;
          const qi = im[q] as number;
          const xr = qr * wr - qi * wi;
          const xi = qr * wi + qi * wr;
          const pr = re[p] as number;
          const pi = im[p] as number;
          re[q] = pr - xr;
          im[q] = pi - xi;
          re[p] = pr + xr;
          im[p] = pi + xi;
        }
      }
    }
  };
  return { size, transform };
}
