/**
 * Short-time spectra: Hann-windowed frames → magnitude spectrum → (mel filterbank) → log.
 *
 * Frames start at t·hop with no padding: T = 1 + ⌊(n − windowSize) / hop⌋ frames for n ≥ windowSize
 * samples; a signal shorter than one window gives a single zero-padded frame. The window is the periodic
 * Hann window w[i] = 0.5 − 0.5·cos(2πi/windowSize). Spectra are unnormalised magnitudes |X[k]| for
 * k = 0 … windowSize/2; logs are natural, log(x + 1e-6).
 */
import { error, fail, ok, warning, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { createFft } from './fft.ts';
import { melFilterbank } from './mel.ts';
import { checkFrames, checkMel, LIMITS_AUDIO, type FrameOptions, type LogMelOptions } from './options.ts';

/** Added before taking the log so silence stays finite. */
export const LOG_FLOOR = 1e-6;

/** Periodic Hann window of length n. */
export function hannWindow(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
}

/** Number of frames for `nSamples` samples (see the module comment). */
export function frameCount(nSamples: number, windowSize: number, hop: number): number {
  if (nSamples <= 0) return 0;
  return nSamples < windowSize ? 1 : 1 + Math.floor((nSamples - windowSize) / hop);
}

/** Magnitude spectra of all frames, `[T, windowSize/2 + 1]` row-major (options already validated). */
function magnitudes(samples: ArrayLike<number>, o: FrameOptions, frames: number): Float32Array {
  const n = o.windowSize;
  const bins = n / 2 + 1;
  const fft = createFft(n);
  const window = hannWindow(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const out = new Float32Array(frames * bins); // [T, bins]
  for (let t = 0; t < frames; t++) {
    const start = t * o.hop;
    for (let i = 0; i < n; i++) {
      const s = start + i < samples.length ? (samples[start + i] as number) : 0;
      re[i] = s * (window[i] as number);
      im[i] = 0;
    }
    fft.transform(re, im);
    for (let k = 0; k < bins; k++) out[t * bins + k] = Math.hypot(re[k] as number, im[k] as number);
  }
  return out;
}

function checkSize(frames: number, columns: number): Diagnostic[] {
  return frames * columns > LIMITS_AUDIO.maxOutputElements
    ? [error('FW061', `spectrogram would have ${frames} × ${columns} values, more than ${LIMITS_AUDIO.maxOutputElements}`, { hint: 'use a larger hop or a shorter clip' })]
    : [];
}

/** Log magnitude spectrogram, float32 `[T, windowSize/2 + 1]`; FW061 on bad options or no samples. */
export function logSpectrogram(samples: ArrayLike<number>, o: FrameOptions): Result<Tensor> {
  const bad = checkFrames(samples.length, o);
  if (bad.length > 0) return fail(bad);
  const frames = frameCount(samples.length, o.windowSize, o.hop);
  const bins = o.windowSize / 2 + 1;
  const tooBig = checkSize(frames, bins);
  if (tooBig.length > 0) return fail(tooBig);
  const mag = magnitudes(samples, o, frames); // [T, bins]
  for (let i = 0; i < mag.length; i++) mag[i] = Math.log((mag[i] as number) + LOG_FLOOR);
  return ok({ dtype: 'float32', shape: [frames, bins], data: mag });
}

/**
 * Log-mel spectrogram, float32 `[T, nMels]`: magnitude spectra (see the module comment) through the HTK
 * mel filterbank of `melFilterbank`, then log(x + 1e-6).
 * FW061 errors for bad options (windowSize not a power of two, hop < 1, nMels out of range, fMin/fMax outside
 * 0…sampleRate/2) or no samples; an FW061 warning when some mel bands cover no FFT bin (too many bands for
 * the window size).
 */
export function logMel(samples: ArrayLike<number>, o: LogMelOptions): Result<Tensor> {
  const mel = checkMel(o);
  const bad = [...checkFrames(samples.length, o), ...mel.diagnostics];
  if (bad.length > 0) return fail(bad);
  const frames = frameCount(samples.length, o.windowSize, o.hop);
  const bins = o.windowSize / 2 + 1;
  const tooBig = checkSize(frames, Math.max(bins, o.nMels));
  if (tooBig.length > 0) return fail(tooBig);

  const fb = melFilterbank({ sampleRate: o.sampleRate, windowSize: o.windowSize, nMels: o.nMels, fMin: mel.fMin, fMax: mel.fMax });
  const weights = fb.data as Float32Array; // [nMels, bins]
  // Each triangle covers a contiguous run of bins; keep only that run.
  const first = new Int32Array(o.nMels);
  const last = new Int32Array(o.nMels);
  let empty = 0;
  for (let m = 0; m < o.nMels; m++) {
    let a = bins;
    let b = -1;
    for (let k = 0; k < bins; k++) {
      if ((weights[m * bins + k] as number) > 0) {
        if (a === bins) a = k;
        b = k;
      }
    }
    first[m] = a;
    last[m] = b;
    if (b < 0) empty++;
  }

  const mag = magnitudes(samples, o, frames); // [T, bins]
  const out = new Float32Array(frames * o.nMels); // [T, nMels]
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < o.nMels; m++) {
      let sum = 0;
      for (let k = first[m] as number; k <= (last[m] as number); k++) sum += (weights[m * bins + k] as number) * (mag[t * bins + k] as number);
      out[t * o.nMels + m] = Math.log(sum + LOG_FLOOR);
    }
  }
  const warnings =
    empty > 0
      ? [warning('FW061', `${empty} of ${o.nMels} mel bands cover no FFT bin and stay at log(1e-6)`, { param: 'nMels', hint: 'use fewer mel bands or a larger windowSize' })]
      : [];
  return ok({ dtype: 'float32', shape: [frames, o.nMels], data: out }, warnings);
}
