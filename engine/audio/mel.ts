/**
 * Mel scale and triangular mel filterbank, HTK formula: mel = 2595·log10(1 + f/700).
 * Filters are triangles with peak 1 (no area normalisation), their corners equally spaced in mel between
 * fMin and fMax, evaluated at each FFT bin's exact frequency k·sampleRate/windowSize (no rounding to bins).
 */
import { float32, type Tensor } from '../../graph-schema/tensor.ts';

/** Hz → mel (HTK). */
export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

/** Mel → Hz (HTK). */
export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** Parameters of a filterbank (already validated by the caller). */
export interface FilterbankOptions {
  readonly sampleRate: number;
  readonly windowSize: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
}

/** Centre frequencies (Hz) of the `nMels` bands. */
export function melCenters(o: Omit<FilterbankOptions, 'windowSize' | 'sampleRate'>): Float64Array {
  const lo = hzToMel(o.fMin);
  const step = (hzToMel(o.fMax) - lo) / (o.nMels + 1);
  return Float64Array.from({ length: o.nMels }, (_, m) => melToHz(lo + (m + 1) * step));
}

/** The filterbank as a float32 tensor `[nMels, windowSize/2 + 1]`. */
export function melFilterbank(o: FilterbankOptions): Tensor {
  const bins = o.windowSize / 2 + 1;
  const lo = hzToMel(o.fMin);
  const step = (hzToMel(o.fMax) - lo) / (o.nMels + 1);
  const corners = Float64Array.from({ length: o.nMels + 2 }, (_, i) => melToHz(lo + i * step));
  const w = new Float32Array(o.nMels * bins); // [nMels, bins]
  for (let m = 0; m < o.nMels; m++) {
    const left = corners[m] as number;
    const centre = corners[m + 1] as number;
    const right = corners[m + 2] as number;
    for (let k = 0; k < bins; k++) {
      const f = (k * o.sampleRate) / o.windowSize;
      const rise = (f - left) / (centre - left);
      const fall = (right - f) / (right - centre);
      const v = Math.min(rise, fall);
      if (v > 0) w[m * bins + k] = v;
    }
  }
  return float32([o.nMels, bins], w);
}
