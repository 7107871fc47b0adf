/**
 * Mini-batches for next-token training: the token stream is split into a training part and a held-out
 * validation tail; each step draws B windows of T + 1 tokens at seeded random offsets (inputs = the first T,
 * targets = the last T). The random stream of step s is seeded from (seed, s) alone, so the batches of a
 * resumed run are the ones the uninterrupted run would have drawn, with no generator state to save.
 * Sizes are bounded before anything is allocated.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import { uniformStream } from '../compile/init.ts';
import { IGNORE_INDEX } from './losses.ts';

/** Bounds on one batch: sequences, tokens per sequence, and the memory one training step may need. */
export const LIMITS_TRAINING = {
  maxBatch: 4096,
  maxLength: 65_536,
  /** Estimated bytes of one forward + backward pass with optimizer state (see `estimateTrainingBytes`). */
  maxBytes: 2 * 1024 ** 3,
} as const;

/** B sequences of T tokens: `inputs` and next-token `targets`, int32 [B, T] row-major (−1 = ignore). */
export interface TokenBatch {
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
  readonly batch: number;
  readonly length: number;
}

/** The training tokens and the held-out tail: the last ⌊n·fraction⌋ tokens (fraction in [0, 0.5]). */
export function splitTokens(tokens: Int32Array, validationFraction: number): { readonly train: Int32Array; readonly validation: Int32Array } {
  const fraction = Math.min(0.5, Math.max(0, validationFraction));
  const held = Math.floor(tokens.length * fraction);
  return { train: tokens.subarray(0, tokens.length - held), validation: tokens.subarray(tokens.length - held) };
}

/** FW062 unless the training tokens hold at least one window of `length` inputs plus its last target. */
export function checkCorpusLength(train: Int32Array, length: number): Result<true> {
  if (train.length >= length + 1) return ok(true);
  return fail([
    error('FW062', `the training part of the corpus has ${train.length} tokens; sequences of ${length} need at least ${length + 1}`, {
      hint: 'use a longer corpus or a shorter --context',
    }),
  ]);
}

/** The seed of step `step`'s random stream: distinct for every step of a run (odd-constant multiply is a bijection). */
export function batchSeed(seed: number, step: number): number {
  return (seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0;
}

/**
 * The batch of update `step` (0-based): B windows at offsets ⌊u·(n − T)⌋ with u from the step's stream.
 * Needs `train.length ≥ length + 1` (see `checkCorpusLength`).
 */
export function drawBatch(train: Int32Array, batch: number, length: number, seed: number, step: number): TokenBatch {
  const starts = train.length - length; // windows [s, s + T] for s in [0, n − T)
  if (starts < 1) throw new RangeError(`drawBatch: ${train.length} tokens cannot hold a window of ${length + 1}`);
  const next = uniformStream(batchSeed(seed, step));
  const inputs = new Int32Array(batch * length); // [B, T]
  const targets = new Int32Array(batch * length); // [B, T]
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(next() * starts);
    inputs.set(train.subarray(start, start + length), b * length);
    targets.set(train.subarray(start + 1, start + length + 1), b * length);
  }
  return { inputs, targets, batch, length };
}

/**
 * The validation tokens cut into consecutive windows of T (at most `maxBatches` batches of B), the same every
 * time; the last window is padded with input 0 and target −1. None when fewer than 2 tokens are held out.
 */
export function validationBatches(validation: Int32Array, batch: number, length: number, maxBatches: number): TokenBatch[] {
  const windows = Math.min(Math.ceil((validation.length - 1) / length), maxBatches * batch);
  const out: TokenBatch[] = [];
  for (let first = 0; first < windows; first += batch) {
    const rows = Math.min(batch, windows - first);
    const inputs = new Int32Array(rows * length); // [rows, T]
    const targets = new Int32Array(rows * length).fill(IGNORE_INDEX); // [rows, T]
    for (let r = 0; r < rows; r++) {
      const start = (first + r) * length;
      const end = Math.min(start + length, validation.length - 1); // last input whose target exists
      inputs.set(validation.subarray(start, end), r * length);
      targets.set(validation.subarray(start + 1, end + 1), r * length);
    }
    out.push({ inputs, targets, batch: rows, length });
  }
  return out;
}

/**
 * Rough bytes of one training step when the model gives no estimate of its own: weights, their gradients and
 * `optimizerSlots` state tensors (4 bytes each), plus logits, probabilities and their gradient for every
 * token (3·B·T·V floats) and `activationFloatsPerToken` kept for the backward pass (twice: values and gradients).
 */
export function estimateTrainingBytes(parameters: number, optimizerSlots: number, vocab: number, batch: number, length: number, activationFloatsPerToken = 0): number {
  return 4 * (parameters * (2 + optimizerSlots) + batch * length * (3 * vocab + 2 * activationFloatsPerToken));
}

/** FW063 for a batch outside the limits or a step estimated above `LIMITS_TRAINING.maxBytes` (the estimate is shown). */
export function checkTrainingSize(batch: number, length: number, estimatedBytes: number): Result<true> {
  const problems = [];
  if (!Number.isInteger(batch) || batch < 1 || batch > LIMITS_TRAINING.maxBatch)
    problems.push(error('FW063', `batch ${batch} must be a whole number from 1 to ${LIMITS_TRAINING.maxBatch}`, { param: 'batch' }));
  if (!Number.isInteger(length) || length < 1 || length > LIMITS_TRAINING.maxLength)
    problems.push(error('FW063', `sequence length ${length} must be a whole number from 1 to ${LIMITS_TRAINING.maxLength}`, { param: 'context' }));
  if (problems.length === 0 && !(estimatedBytes <= LIMITS_TRAINING.maxBytes))
    problems.push(
      error('FW063', `batch ${batch} × sequence ${length} needs about ${formatBytes(estimatedBytes)} per step; the limit is ${formatBytes(LIMITS_TRAINING.maxBytes)}`, {
        param: 'batch',
        hint: 'use a smaller --batch or --context',
      }),
    );
  return problems.length > 0 ? fail(problems) : ok(true);
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) (value /= 1024), unit++;
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
