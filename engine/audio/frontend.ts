/**
 * The whole audio frontend in one call: WAV bytes → log-mel frames at the model's sample rate.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { LogMelOptions } from './options.ts';
import { resample } from './resample.ts';
import { frameCount, logMel } from './spectrogram.ts';
import { parseWav } from './wav-parse.ts';

/**
 * Parses `bytes` (see `parseWav`), resamples the mono mixdown to `options.sampleRate` when the file's
 * rate differs (see `resample`), and returns `logMel` of it: float32 `[T, nMels]`. All failures are
 * FW061 (also a clip that gives more than `maxFrames` frames, checked before resampling); warnings from
 * each stage are kept.
 */
export function logMelFromWav(bytes: Uint8Array, options: LogMelOptions, maxFrames = Number.POSITIVE_INFINITY): Result<Tensor> {
  const wav = parseWav(bytes);
  if (!wav.ok) return wav;
  // The frame count is known before resampling: refuse clips longer than the model takes before any work.
  const resampledLength = Math.ceil((wav.value.samples.length * options.sampleRate) / wav.value.sampleRate);
  const frames = frameCount(resampledLength, options.windowSize, options.hop);
  if (frames > maxFrames)
    return fail([error('FW061', `the clip gives ${frames} frames at hop ${options.hop}; the model takes at most ${maxFrames}`, { hint: 'use a shorter clip' })]);
  const audio = resample(wav.value.samples, wav.value.sampleRate, options.sampleRate);
  if (!audio.ok) return audio;
  const mel = logMel(audio.value, options);
  if (!mel.ok) return mel;
  return ok(mel.value, [...wav.warnings, ...audio.warnings, ...mel.warnings]);
}
