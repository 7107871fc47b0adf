/**
 * The one seam between the Train panel and the engine's training code. The panel's worker only ever
 * calls {@link createTrainingLoop} and the methods of {@link TrainingLoop}; nothing else in app/train
 * knows how a step is computed.
 *
 * STAND-IN: the optimizer (AdamW with a fixed gradient-norm clip of 1), the warmup + cosine schedule
 * and the batch sampler below are written inline because engine/train/{optimizers,schedule,clip,
 * batches,trainer}.ts are not on main yet. When engine/train/trainer.ts lands, replace the body of
 * this file with calls to it and keep the exported contract.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { int64, type Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile.ts';
import { generationPorts, lastRow } from '../../engine/generate.ts';
import { uniformStream } from '../../engine/init.ts';
import { createSampler } from '../../engine/sampling.ts';
import { createSession } from '../../engine/session.ts';
import { tokenizersOf } from '../../engine/text-feeds.ts';
import type { Tokenizer } from '../../engine/tokenizers/types.ts';
import { createPlanModel, type PlanModel } from '../../engine/train/plan-model.ts';

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
export const MAX_CORPUS_CHARS = 4_000_000;
const VALIDATION_WINDOWS = 8;
const CLIP_NORM = 1;
const BETA1 = 0.9;
const BETA2 = 0.95;
const EPSILON = 1e-8;

/** Names the first character of `text` the tokenizer cannot encode, with its line and column. */
export function locateEncodingProblem(tokenizer: Tokenizer, text: string): Diagnostic {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const encoded = tokenizer.encode(line);
    if (encoded.ok) continue;
    const chars = Array.from(line);
    let lo = 1;
    let hi = chars.length; // the shortest failing prefix has length in [lo, hi]
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokenizer.encode(chars.slice(0, mid).join('')).ok) lo = mid + 1;
      else hi = mid;
    }
    const ch = chars[hi - 1] ?? '';
    const code = ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '?';
    return error('FW060', `the corpus has a character the tokenizer cannot encode: ${JSON.stringify(ch)} (U+${code}) on line ${i + 1}, column ${hi}`, {
      hint: 'remove or replace it, or add it to the Token input’s vocabulary',
    });
  }
  return error('FW060', 'the tokenizer cannot encode the corpus', { hint: encodedMessage(tokenizer.encode(text)) });
}

const encodedMessage = (r: Result<number[]>) => (r.ok ? '' : (r.diagnostics[0]?.message ?? ''));

/**
 * Compiles `doc` for training, encodes `corpus` with the graph's own tokenizer, holds out the last tenth
 * (at least one window) for validation. `weights` are starting weights from outside the document.
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
  if (corpus.length > MAX_CORPUS_CHARS) return fail([error('FW080', `the corpus has ${corpus.length} characters; at most ${MAX_CORPUS_CHARS} are accepted`)]);
  const compiled = compile(doc, catalogue, weights ? { weights } : {});
  if (!compiled.ok) return compiled;
  const tokenizers = tokenizersOf(compiled.value.plan, compiled.value.analysis);
  if (!tokenizers.ok) return tokenizers;
  const [input, tokenizer] = [...tokenizers.value][0] ?? [];
  if (!tokenizer || !input) return fail([error('FW080', 'training needs a Token input that accepts text (it carries the tokenizer)')]);
  const built = createPlanModel(doc, catalogue, weights ? { weights } : {});
  if (!built.ok) return built;
  const model = built.value;

  const encoded = tokenizer.encode(corpus);
  if (!encoded.ok) return fail([{ ...locateEncodingProblem(tokenizer, corpus), node: input }]);
  const ids = Int32Array.from(encoded.value);
  const held = Math.max(T + 1, Math.floor(ids.length / 10));
  if (ids.length - held < T + 1)
    return fail([error('FW080', `the corpus gives ${ids.length} tokens; with context length ${T} it needs at least ${2 * (T + 1)}`, { hint: 'use a longer text or a shorter context' })]);
  const train = ids.subarray(0, ids.length - held);
  const validation = ids.subarray(ids.length - held);
  try {
    model.loss(train.subarray(0, T), train.subarray(1, T + 1), 1, T);
  } catch (e) {
    return fail([error('FW080', `context length ${T} does not fit this graph: ${(e as Error).message}`, { hint: 'lower the context length to the Token input’s context' })]);
  }

  const random = uniformStream(settings.seed);
  const optimizer = createAdamW(model);
  let stepsTaken = 0;

  /** [B, T] windows starting at `starts`: inputs and next-token targets. */
  const windows = (source: Int32Array, starts: readonly number[]) => {
    const inputs = new Int32Array(starts.length * T);
    const targets = new Int32Array(starts.length * T);
    starts.forEach((s, b) => {
      inputs.set(source.subarray(s, s + T), b * T);
      targets.set(source.subarray(s + 1, s + T + 1), b * T);
    });
    return { inputs, targets };
  };
  const validationStarts = Array.from({ length: VALIDATION_WINDOWS }, (_, i) => Math.floor((i * (validation.length - T - 1)) / Math.max(1, VALIDATION_WINDOWS - 1)));

  return ok({
    parameterCount: [...model.parameters.values()].reduce((n, p) => n + p.length, 0),
    trainTokens: train.length,
    validationTokens: validation.length,
    step() {
      const starts = Array.from({ length: B }, () => Math.floor(random() * (train.length - T)));
      const { inputs, targets } = windows(train, starts);
      const { loss, gradients } = model.lossAndGradients(inputs, targets, B, T);
      stepsTaken++;
      const learningRate = scheduledRate(settings, stepsTaken);
      if (Number.isFinite(loss)) optimizer.update(gradients, learningRate, settings.weightDecay);
      return { step: stepsTaken, loss, learningRate, tokens: B * T };
    },
    evaluate() {
      const { inputs, targets } = windows(validation, validationStarts);
      return model.loss(inputs, targets, validationStarts.length, T);
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
      optimizer.reset();
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

/** Linear warmup to the peak rate, then cosine decay to a tenth of it at the last step. */
export function scheduledRate(s: Pick<LoopSettings, 'learningRate' | 'warmupSteps' | 'steps'>, step: number): number {
  if (step <= s.warmupSteps) return (s.learningRate * step) / Math.max(1, s.warmupSteps);
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.steps - s.warmupSteps));
  return s.learningRate * (0.1 + 0.45 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * AdamW (decoupled weight decay on matrices only, not on gains and biases) after clipping the global
 * gradient norm to {@link CLIP_NORM}. Updates the model's parameters in place.
 */
function createAdamW(model: PlanModel) {
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  let t = 0;
  const reset = () => {
    for (const [name, p] of model.parameters) (m.set(name, new Float32Array(p.length)), v.set(name, new Float32Array(p.length)));
    t = 0;
  };
  reset();
  return {
    reset,
    update(gradients: ReadonlyMap<string, Float32Array>, rate: number, decay: number) {
      let squares = 0;
      for (const g of gradients.values()) for (let i = 0; i < g.length; i++) squares += g[i]! * g[i]!;
      const norm = Math.sqrt(squares);
      const scale = norm > CLIP_NORM ? CLIP_NORM / norm : 1;
      t++;
      const c1 = 1 - BETA1 ** t;
      const c2 = 1 - BETA2 ** t;
      for (const [name, p] of model.parameters) {
        const g = gradients.get(name);
        if (!g) continue;
        const mm = m.get(name)!;
        const vv = v.get(name)!;
        const shrink = (model.shapes.get(name)?.length ?? 1) >= 2 ? 1 - rate * decay : 1;
        for (let i = 0; i < p.length; i++) {
          const gi = g[i]! * scale;
          mm[i] = BETA1 * mm[i]! + (1 - BETA1) * gi;
          vv[i] = BETA2 * vv[i]! + (1 - BETA2) * gi * gi;
          p[i] = p[i]! * shrink - (rate * (mm[i]! / c1)) / (Math.sqrt(vv[i]! / c2) + EPSILON);
        }
      }
    },
  };
}
