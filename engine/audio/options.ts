/**
 * Validation of spectrogram options (FW061).
 */
import { error, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import { isPowerOfTwo } from './fft.ts';

/** Bounds on spectrogram parameters and output size. */
export const LIMITS_AUDIO = {
  minWindowSize: 2,
  maxWindowSize: 65_536,
  maxHop: 1 << 24,
  maxMels: 1024,
  maxSampleRate: 768_000,
  /** Largest number of elements in a spectrogram tensor (frames × columns). */
  maxOutputElements: 1 << 26,
} as const;

/** Framing parameters. */
export interface FrameOptions {
  /** FFT window length in samples: a power of two. */
  readonly windowSize: number;
  /** Samples between the starts of consecutive frames (≥ 1). */
  readonly hop: number;
}

/** Parameters of `logMel`. */
export interface LogMelOptions extends FrameOptions {
  /** Sample rate of `samples` in Hz. */
  readonly sampleRate: number;
  /** Number of mel bands. */
  readonly nMels: number;
  /** Lowest filter corner in Hz; default 0. */
  readonly fMin?: number;
  /** Highest filter corner in Hz; default sampleRate / 2. */
  readonly fMax?: number;
}

const isInt = (n: number, lo: number, hi: number): boolean => Number.isInteger(n) && n >= lo && n <= hi;

/** Problems with the framing parameters and the sample count. */
export function checkFrames(nSamples: number, o: FrameOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isPowerOfTwo(o.windowSize) || o.windowSize < LIMITS_AUDIO.minWindowSize || o.windowSize > LIMITS_AUDIO.maxWindowSize) {
    out.push(
      error('FW061', `windowSize ${o.windowSize} must be a power of two between ${LIMITS_AUDIO.minWindowSize} and ${LIMITS_AUDIO.maxWindowSize}`, {
        param: 'windowSize',
        hint: 'e.g. 256, 512 or 1024',
      }),
    );
  }
  if (!isInt(o.hop, 1, LIMITS_AUDIO.maxHop)) {
    out.push(error('FW061', `hop ${o.hop} must be a whole number of samples, at least 1`, { param: 'hop' }));
  }
  if (nSamples === 0) out.push(error('FW061', 'no samples to analyse'));
  return out;
}

/** Problems with the mel parameters; `fMin`/`fMax` resolved to their defaults. */
export function checkMel(o: LogMelOptions): { diagnostics: Diagnostic[]; fMin: number; fMax: number } {
  const out: Diagnostic[] = [];
  const rateOk = Number.isFinite(o.sampleRate) && o.sampleRate > 0 && o.sampleRate <= LIMITS_AUDIO.maxSampleRate;
  if (!rateOk) {
    out.push(error('FW061', `sampleRate ${o.sampleRate} Hz must be above 0 and at most ${LIMITS_AUDIO.maxSampleRate}`, { param: 'sampleRate' }));
  }
  if (!isInt(o.nMels, 1, LIMITS_AUDIO.maxMels)) {
    out.push(error('FW061', `nMels ${o.nMels} must be a whole number from 1 to ${LIMITS_AUDIO.maxMels}`, { param: 'nMels' }));
  }
  const nyquist = rateOk ? o.sampleRate / 2 : Number.POSITIVE_INFINITY;
  const fMin = o.fMin ?? 0;
  const fMax = o.fMax ?? nyquist;
  if (!Number.isFinite(fMin) || fMin < 0) out.push(error('FW061', `fMin ${fMin} Hz must be 0 or more`, { param: 'fMin' }));
  if (rateOk && (!Number.isFinite(fMax) || fMax > nyquist)) {
    out.push(error('FW061', `fMax ${fMax} Hz must be at most half the sample rate (${nyquist} Hz)`, { param: 'fMax' }));
  }
  if (Number.isFinite(fMin) && Number.isFinite(fMax) && fMin >= fMax) {
    out.push(error('FW061', `fMin ${fMin} Hz must be below fMax ${fMax} Hz`, { param: 'fMin' }));
  }
  return { diagnostics: out, fMin, fMax };
}
