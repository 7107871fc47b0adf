/**
 * Training on sentence prefixes. A graph whose attention is not causal lets position t see t + 1, so
 * sliding windows with a target at every position teach it to copy the next word from the input. Here every
 * input is the first L words of a sentence and only its last position has a target, the word that follows,
 * which no position of the input can see. Each update takes one length L (every prefix of that length, each
 * sentence repeated in proportion to its weight) and the lengths cycle 1 … n−1, so a run is a pure function of
 * the sentences, the settings and the model's starting weights.
 */
import { clipGradNorm } from './clip.ts';
import type { TrainableModel } from './model.ts';
import { createOptimizer, type OptimizerSettings } from './optimizers.ts';

/** A sentence as token ids and how many times it counts relative to the others. */
export interface WeightedSentence {
  readonly ids: readonly number[];
  readonly weight: number;
}

/** How to train on prefixes. */
export interface PrefixTrainSettings {
  readonly steps: number;
  readonly lr: number;
  readonly optimizer: OptimizerSettings;
  /** Clip gradients to this global norm; null = no clipping. */
  readonly clip: number | null;
}

/** Mean loss per prefix length of the first and the last pass over all lengths. */
export interface PrefixTrainReport {
  readonly lossBefore: number;
  readonly lossAfter: number;
}

/** One batch: the rows of every prefix of `length` words ([B, length] inputs, targets −1 but the last column). */
export interface PrefixBatch {
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
  readonly batch: number;
  readonly length: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The batch of every `length`-word prefix that has a next word; each sentence's rows repeated weight / gcd
 * times (40 and 60 give 2 and 3 rows). Null when no sentence is longer than `length`. Weights must be whole
 * numbers ≥ 1 and their rows are bounded by `maxRows` (RangeError beyond: the caller's corpus is fixed).
 */
export function prefixBatch(sentences: readonly WeightedSentence[], length: number, maxRows = 4096): PrefixBatch | null {
  const longer = sentences.filter((s) => s.ids.length > length);
  if (longer.length === 0) return null;
  const divisor = longer.map((s) => s.weight).reduce(gcd);
  const repeats = longer.map((s) => s.weight / divisor);
  const batch = repeats.reduce((a, b) => a + b, 0);
  if (batch > maxRows) throw new RangeError(`prefix batch of ${batch} rows exceeds ${maxRows}`);
  const inputs = new Int32Array(batch * length); // [B, L]
  const targets = new Int32Array(batch * length).fill(-1); // [B, L], only the last column set
  let row = 0;
  longer.forEach((s, i) => {
    for (let r = 0; r < repeats[i]!; r++, row++) {
      inputs.set(s.ids.slice(0, length), row * length);
      targets[row * length + length - 1] = s.ids[length]!;
    }
  });
  return { inputs, targets, batch, length };
}

/** Every prefix length that has a batch, 1 … longest − 1. */
export function prefixLengths(sentences: readonly WeightedSentence[]): number[] {
  const longest = Math.max(0, ...sentences.map((s) => s.ids.length));
  return Array.from({ length: Math.max(0, longest - 1) }, (_, i) => i + 1);
}

/** Mean over the prefix lengths of the loss of each length's batch (forward only). */
export function prefixLoss(model: TrainableModel, sentences: readonly WeightedSentence[]): number {
  const batches = prefixLengths(sentences).map((l) => prefixBatch(sentences, l)!);
  return batches.reduce((sum, b) => sum + model.loss(b.inputs, b.targets, b.batch, b.length), 0) / Math.max(1, batches.length);
}

/**
 * Trains `model` in place for `settings.steps` updates, update k on the prefixes of length
 * lengths[k mod lengths.length]. Throws RangeError when the loss stops being finite.
 */
export function trainOnPrefixes(model: TrainableModel, sentences: readonly WeightedSentence[], settings: PrefixTrainSettings): PrefixTrainReport {
  const batches = prefixLengths(sentences).map((l) => prefixBatch(sentences, l)!);
  if (batches.length === 0) throw new RangeError('no sentence has two words or more');
  const lossBefore = prefixLoss(model, sentences);
  const optimizer = createOptimizer(settings.optimizer);
  for (let step = 0; step < settings.steps; step++) {
    const b = batches[step % batches.length]!;
    const { loss, gradients } = model.lossAndGradients(b.inputs, b.targets, b.batch, b.length);
    if (!Number.isFinite(loss)) throw new RangeError(`loss ${loss} at update ${step + 1}`);
    if (settings.clip !== null) clipGradNorm(gradients, settings.clip);
    optimizer.step(model.parameters, gradients, settings.lr);
  }
  return { lossBefore, lossAfter: prefixLoss(model, sentences) };
}
