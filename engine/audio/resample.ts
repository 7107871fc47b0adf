/**
 * Sample-rate conversion by windowed-sinc interpolation (band-limited, so downsampling does not alias).
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';

/** Bounds on resampling. */
export const LIMITS_RESAMPLE = {
  maxRate: 768_000,
  /** Largest output, in samples. */
  maxOutputSamples: 1 << 25,
  /** Zero crossings of the sinc on each side of the centre (kernel half-width at the output's cutoff). */
  zeroCrossings: 16,
  /** Most multiply-adds one conversion may take (output samples × kernel taps): about a second. */
  maxTaps: 1 << 27,
} as const;

function sinc(z: number): number {
  if (z === 0) return 1;
  const p = Math.PI * z;
  return Math.sin(p) / p;
}

/**
 * Converts `samples` from `fromRate` to `toRate` Hz. Output sample j is the input interpolated at time
 * j·fromRate/toRate with a Hann-windowed sinc whose cutoff is the lower of the two Nyquist frequencies;
 * samples beyond the ends count as 0. Output length ⌈n·toRate/fromRate⌉. Equal rates return a copy.
 * FW061 for rates that are not positive integers up to `LIMITS_RESAMPLE.maxRate`, or an output longer
 * than `LIMITS_RESAMPLE.maxOutputSamples`, or a cost (output length × about 2·16·max(1, from/to) taps) above
 * `LIMITS_RESAMPLE.maxTaps`.
 */
export function resample(samples: ArrayLike<number>, fromRate: number, toRate: number): Result<Float32Array> {
  for (const [name, r] of [['fromRate', fromRate], ['toRate', toRate]] as const) {
    if (!Number.isInteger(r) || r < 1 || r > LIMITS_RESAMPLE.maxRate) {
      return fail([error('FW061', `${name} ${r} Hz must be a whole number from 1 to ${LIMITS_RESAMPLE.maxRate}`, { param: name })]);
    }
  }
  const n = samples.length;
  const outLength = Math.ceil((n * toRate) / fromRate);
  if (outLength > LIMITS_RESAMPLE.maxOutputSamples) {
    return fail([error('FW061', `resampling would give ${outLength} samples, more than ${LIMITS_RESAMPLE.maxOutputSamples}`)]);
  }
  if (fromRate === toRate) return ok(Float32Array.from(samples));

  const cutoff = Math.min(1, toRate / fromRate); // fraction of the input Nyquist frequency kept
  const half = LIMITS_RESAMPLE.zeroCrossings / cutoff; // kernel half-width in input samples
  const taps = outLength * Math.min(n, 2 * Math.ceil(half) + 1);
  if (taps > LIMITS_RESAMPLE.maxTaps) {
    return fail([
      error('FW061', `resampling ${n} samples from ${fromRate} Hz to ${toRate} Hz takes ${taps} multiply-adds, more than ${LIMITS_RESAMPLE.maxTaps}`, {
        hint: `record the clip at ${toRate} Hz, or use a shorter clip`,
      }),
    ]);
  }
  const out = new Float32Array(outLength);
  for (let j = 0; j < outLength; j++) {
    const x = (j * fromRate) / toRate;
    const lo = Math.max(0, Math.ceil(x - half));
    const hi = Math.min(n - 1, Math.floor(x + half));
    let sum = 0;
    for (let i = lo; i <= hi; i++) {
      const d = x - i;
      const w = 0.5 + 0.5 * Math.cos((Math.PI * d) / half);
      sum += (samples[i] as number) * cutoff * sinc(cutoff * d) * w;
    }
    out[j] = sum;
  }
  return ok(out);
}
