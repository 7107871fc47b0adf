/**
 * The one seam between the Train panel and the engine's training code. The panel's worker only ever
 * calls {@link createTrainingLoop} and the methods of {@link TrainingLoop}; nothing else in app/train
 * knows how a step is computed.
 *
 * It is built from the engine's training pieces — the graph's own tokenizer and corpus encoding
 * (engine/train/corpus.ts), seeded batches (batches.ts), AdamW (optimizers.ts), warmup + cosine
 * (schedule.ts), global-norm clipping (clip.ts) and the autograd's plan model — the same ones
 * `formwork train` runs, so the panel and the CLI train alike.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { int64, type Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { generationPorts, lastRow } from '../../engine/run/generate.ts';
import { createSampler } from '../../engine/run/sampling.ts';
import { createSession } from '../../engine/run/session.ts';
import { tokenizersOf } from '../../engine/run/text-feeds.ts';
import { checkCorpusLength, drawBatch, splitTokens, validationBatches } from '../../engine/train/batches.ts';
import { clipGradNorm } from '../../engine/train/clip.ts';
import { encodeCorpus, LIMITS_TRAINING_CORPUS } from '../../engine/train/corpus.ts';
import { createOptimizer, DEFAULT_OPTIMIZERS, type Optimizer } from '../../engine/train/optimizers.ts';
import { createPlanModel } from '../../engine/train/plan-model.ts';
import { learningRate } from '../../engine/train/schedule.ts';

/** What one training run is configured with (the panel's hyperparameters the loop itself needs). */
export interface LoopSettings {
  /** Total optimizer steps (the schedule decays towards this). */
  readonly steps: number;
  readonly batchSize: number;
  readonly contextLength: number;
  readonly learningRate: number;
  readonly warmupSteps: number;
  readonly weightDecay: number;
  readonly seed: number;
}

/** What one optimizer step did. */
export interface StepLog {
  /** 1-based number of the step just taken. */
  readonly step: number;
  readonly loss: number;
  readonly learningRate: number;
  /** Tokens (targets) seen in this step. */
  readonly tokens: number;
}

/** The weights at one step, copied (safe to transfer or keep). */
export interface Checkpoint {
  readonly step: number;
  readonly weights: ReadonlyMap<string, Tensor>;
}

/** A running training loop over one document and corpus. */
export interface TrainingLoop {
  readonly parameterCount: number;
  readonly trainTokens: number;
  readonly validationTokens: number;
  /** Takes one optimizer step on a fresh batch. */
  step(): StepLog;
  /** Mean loss over a fixed set of validation windows (the same every call). */
  evaluate(): number;
  snapshot(): Checkpoint;
  /** Puts a checkpoint's weights back (and forgets the optimizer's moments). */
  restore(checkpoint: Checkpoint): void;
  /** Continues `prompt` by `tokens` tokens with the current weights (temperature 0.8, seeded). */
  sample(prompt: string, tokens: number, seed: number): Result<string>;
}

/** Largest corpus accepted, in characters (bounds the token arrays). */
export const MAX_CORPUS_CHARS = LIMITS_TRAINING_CORPUS.maxChars;
const VALIDATION_BATCHES = 2;
const CLIP_NORM = 1;

/**
 * Compiles `doc` for training, encodes `corpus` with the graph's own tokenizer, holds out the last tenth
 * for validation. `weights` are starting weights from outside the document.
 */
export function createTrainingLoop(
  doc: GraphDocument,
  catalogue: Catalogue,
  corpus: string,
  settings: LoopSettings,
  weights?: ReadonlyMap<string, Tensor>,
): Result<TrainingLoop> {
  const T = settings.contextLength;
  const B = settings.batchSize;
  const compiled = compile(doc, catalogue, weights ? { weights } : {});
  if (!compiled.ok) return compiled;
  const tokenizers = tokenizersOf(compiled.value.plan, compiled.value.analysis);
  if (!tokenizers.ok) return tokenizers;
  const [input, tokenizer] = [...tokenizers.value][0] ?? [];
  if (!tokenizer || !input) return fail([error('FW064', 'training needs a Token input that accepts text (it carries the tokenizer)')]);
  const built = createPlanModel(doc, catalogue, weights ? { weights } : {});
  if (!built.ok) return built;
  const model = built.value;

  const encoded = encodeCorpus(tokenizer, corpus, input);
  if (!encoded.ok) return encoded;
  const { train, validation } = splitTokens(encoded.value, 0.1);
  const enough = checkCorpusLength(train, T);
  if (!enough.ok) return enough;
  const fits = model.checkSize(B, T);
  if (!fits.ok) return fits;

  const schedule = { kind: 'cosine', warmup: settings.warmupSteps, totalSteps: settings.steps, minLr: settings.learningRate / 10 } as const;
  const newOptimizer = (): Optimizer => createOptimizer({ ...DEFAULT_OPTIMIZERS.adamw, weightDecay: settings.weightDecay });
  let optimizer = newOptimizer();
  let stepsTaken = 0;
  const held = validationBatches(validation, B, T, VALIDATION_BATCHES);

  return ok({
    parameterCount: [...model.parameters.values()].reduce((n, p) => n + p.length, 0),
    trainTokens: train.length,
    validationTokens: validation.length,
    step() {
      const batch = drawBatch(train, B, T, settings.seed, stepsTaken);
      const { loss, gradients } = model.lossAndGradients(batch.inputs, batch.targets, B, T);
      const rate = learningRate(schedule, settings.learningRate, stepsTaken);
      stepsTaken++;
      if (Number.isFinite(loss)) {
        clipGradNorm(gradients, CLIP_NORM);
        optimizer.step(model.parameters, gradients, rate);
      }
      return { step: stepsTaken, loss, learningRate: rate, tokens: B * T };
    },
    evaluate() {
      if (held.length === 0) return NaN;
      let total = 0;
      for (const b of held) total += model.loss(b.inputs, b.targets, b.batch, b.length);
      return total / held.length;
    },
    snapshot() {
      const copy = new Map<string, Tensor>();
      for (const [name, data] of model.parameters) copy.set(name, { dtype: 'float32', shape: [...model.shapes.get(name)!], data: data.slice() });
      return { step: stepsTaken, weights: copy };
    },
    restore(checkpoint) {
      for (const [name, data] of model.parameters) {
        const saved = checkpoint.weights.get(name);
        if (saved && saved.data.length === data.length) data.set(saved.data);
      }
      optimizer = newOptimizer(); // the moments belonged to the weights that were replaced
    },
    sample(prompt, tokens, seed) {
      const start = tokenizer.encode(prompt);
      if (!start.ok) return fail(start.diagnostics.map((d) => ({ ...d, node: input })));
      const ports = generationPorts(model.plan, {});
      if (!ports.ok) return ports;
      const pick = createSampler({ temperature: 0.8, seed });
      const out = [...start.value];
      for (let n = 0; n < tokens; n++) {
        const window = out.slice(-T);
        if (window.length === 0) break;
        const session = createSession(model.plan, { [ports.value.input]: int64([1, window.length], window) });
        if (!session.ok) return session;
        const outputs = session.value.run();
        if (!outputs.ok) return outputs;
        out.push(pick(lastRow(outputs.value[ports.value.output]!)));
      }
      return ok(tokenizer.decode(out.slice(start.value.length)));
    },
  });
}
