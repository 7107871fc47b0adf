/**
 * Turning WAV files into model inputs: every graph input whose block accepts audio gets the log-mel
 * frames of a WAV file, computed with that node's own frontend params (sample_rate, window, hop,
 * n_mels). The counterpart of text-feeds.ts, used by `formwork run --wav` and the run panel.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphAnalysis } from '../../graph-schema/infer.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { logMelFromWav, type LogMelOptions } from '../audio/index.ts';
import type { Plan } from '../compile/plan.ts';
import { own, setOwn } from '../../graph-schema/own.ts';
import { maxSequence } from '../compile/runnable.ts';

/** An audio input's frontend params, and the most frames the model takes (its positional table's max_len). */
export interface AudioFrontend extends LogMelOptions {
  readonly maxFrames?: number;
}

/**
 * The audio frontend of each audio input of a plan, by input name. The params are the AudioFrames
 * ones (validated by the block); a block that accepts audio but lacks them is reported as FW061.
 */
export function audioFrontendsOf(plan: Plan, analysis: GraphAnalysis): Result<Map<string, AudioFrontend>> {
  const out = new Map<string, AudioFrontend>();
  const problems: Diagnostic[] = [];
  for (const io of plan.inputs) {
    const info = analysis.top.byId.get(io.name);
    if (info?.block?.accepts !== 'audio') continue;
    const { sample_rate, window, hop, n_mels } = info.params;
    if (typeof sample_rate !== 'number' || typeof window !== 'number' || typeof hop !== 'number' || typeof n_mels !== 'number') {
      problems.push(error('FW061', `audio input '${io.name}' does not declare sample_rate, window, hop and n_mels`, { node: io.name }));
      continue;
    }
    const sequence = Object.values(info.outputs)[0]?.shape[1];
    const limit = typeof sequence === 'string' ? maxSequence(analysis, sequence) : undefined;
    out.set(io.name, { sampleRate: sample_rate, windowSize: window, hop, nMels: n_mels, ...(limit ? { maxFrames: limit.length } : {}) });
  }
  return problems.length > 0 ? fail(problems) : ok(out);
}

/**
 * Computes the feed of every audio input: float32 `[1, T, n_mels]` log-mel frames. `wavs` maps input
 * names to WAV file bytes; `fallback` is used for inputs not named there. FW061 (with the input's node)
 * for a malformed WAV or a missing file; warnings from the frontend (e.g. resampling) are kept.
 */
export function feedsFromWav(
  frontends: ReadonlyMap<string, AudioFrontend>,
  wavs: Readonly<Record<string, Uint8Array>>,
  fallback?: Uint8Array,
): Result<Record<string, Tensor>> {
  const feeds: Record<string, Tensor> = {};
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const [name, options] of frontends) {
    const bytes = own(wavs, name) ?? fallback;
    if (bytes === undefined) {
      problems.push(error('FW061', `no WAV file given for audio input '${name}'`, { node: name, hint: `pass --wav ${name}=FILE` }));
      continue;
    }
    const mel = logMelFromWav(bytes, options, options.maxFrames);
    if (!mel.ok) {
      problems.push(...mel.diagnostics.map((d) => ({ ...d, node: name })));
      continue;
    }
    warnings.push(...mel.warnings.map((d) => ({ ...d, node: name })));
    const [frames, bands] = mel.value.shape as [number, number];
    setOwn(feeds, name, { dtype: 'float32', shape: [1, frames, bands], data: mel.value.data }); // [1, T, n_mels]
  }
  return problems.length > 0 ? fail(problems) : ok(feeds, warnings);
}
