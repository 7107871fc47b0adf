/**
 * The whole audio frontend in one call: WAV bytes → log-mel frames at the model's sample rate.
 */
import { ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { LogMelOptions } from './options.ts';
import { resample } from './resample.ts';
import { logMel } from './spectrogram.ts';
import { parseWav } from './wav-parse.ts';

/**
 * Parses `bytes` (see `parseWav`), resamples the mono mixdown to `options.sampleRate` when the file's
 * rate differs (see `resample`), and returns `logMel` of it: float32 `[T, nMels]`. All failures are
 * FW061; warnings from each stage are kept.
 */
export function logMelFromWav(bytes: Uint8Array, options: LogMelOptions): Result<Tensor> {
  const wav = parseWav(bytes);
  if (!wav.ok) return wav;
  const audio = resample(wav.value.samples, wav.value.sampleRate, options.sampleRate);
  if (!audio.ok) return audio;
  const mel = logMel(audio.value, options);
  if (!mel.ok) return mel;
  return ok(mel.value, [...wav.warnings, ...audio.warnings, ...mel.warnings]);
}
