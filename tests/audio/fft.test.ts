import { describe, expect, it } from 'vitest';
import { createFft, isPowerOfTwo } from '../../engine/audio/index.ts';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      sr += (re[t] as number) * Math.cos(a) - (im[t] as number) * Math.sin(a);
      si += (re[t] as number) * Math.sin(a) + (im[t] as number) * Math.cos(a);
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

describe('fft', () => {
  it('matches a naive DFT for sizes 1…256', () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let n = 1; n <= 256; n *= 2) {
      const re = Float64Array.from({ length: n }, rand);
      const im = Float64Array.from({ length: n }, rand);
      const [er, ei] = naiveDft(re, im);
      createFft(n).transform(re, im);
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(er[k] as number, 9);
        expect(im[k]).toBeCloseTo(ei[k] as number, 9);
      }
    }
  });

  it('rejects sizes that are not powers of two', () => {
    expect(isPowerOfTwo(512)).toBe(true);
    expect(isPowerOfTwo(500)).toBe(false);
    expect(isPowerOfTwo(0)).toBe(false);
    expect(isPowerOfTwo(2.5)).toBe(false);
    expect(() => createFft(300)).toThrow(RangeError);
  });
});
