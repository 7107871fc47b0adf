/**
 * How tour step 18 (encoder–decoder) gets its weights: a copy task, where only the source can say what comes
 * next. Each example is a random sequence of COPY_LENGTH words (all but the start word) as the source; the
 * decoder reads the start word and the sequence shifted right, and must predict the sequence, so at every
 * position its cross-attention has to find the same position of the source. Fixed seed, AdamW.
 */
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../graph-schema/document.ts';
import type { TokenizerSpec } from '../graph-schema/tokenizer-spec.ts';
import { uniformStream } from '../engine/compile/init.ts';
import { clipGradNorm } from '../engine/train/clip.ts';
import { createOptimizer, DEFAULT_OPTIMIZERS } from '../engine/train/optimizers.ts';
import { createPlanModel, type PlanModel } from '../engine/train/plan-model.ts';
import { withInlineWeights } from '../engine/train/save.ts';
import { shortestFloat32 } from '../engine/fit/to-graph.ts';
import { EMBED_SCALE } from './tour-training.ts';

export const COPY_STEP = 18;
export const START_WORD = 'please';
export const COPY_LENGTH = 5;
export const COPY_SETTINGS = { steps: 1200, batch: 16, lr: 0.01, seed: 18, optimizer: DEFAULT_OPTIMIZERS.adamw, clip: 1 } as const;

/** A batch of copy examples: source [B, n], decoder input [B, n] (start + source shifted), targets = source. */
export function copyBatch(next: () => number, vocab: number, start: number, batch: number, n: number): { source: Int32Array; inputs: Int32Array; targets: Int32Array } {
  const source = new Int32Array(batch * n);
  for (let i = 0; i < source.length; i++) {
    const id = Math.floor(next() * (vocab - 1)); // every id but the start word
    source[i] = id >= start ? id + 1 : id;
  }
  const inputs = new Int32Array(batch * n);
  for (let b = 0; b < batch; b++) {
    inputs[b * n] = start;
    for (let t = 1; t < n; t++) inputs[b * n + t] = source[b * n + t - 1]!;
  }
  return { source, inputs, targets: Int32Array.from(source) };
}

/** Mean loss of `model` over a fixed held-out set of copy examples (seed + 1). */
function heldOutLoss(model: PlanModel, vocab: number, start: number): number {
  const b = copyBatch(uniformStream(COPY_SETTINGS.seed + 1), vocab, start, 64, COPY_LENGTH);
  return model.loss(b.inputs, b.targets, 64, COPY_LENGTH, b.source);
}

/** Step 18 with weights trained on the copy task from its seeded start, and the held-out loss before/after. */
export function trainCopyDoc(doc: GraphDocument): { doc: GraphDocument; lossBefore: number; lossAfter: number } {
  const start: GraphDocument = { ...doc, weights: {} };
  const made = createPlanModel(start, standardCatalogue(), { sourceInput: 'source' });
  if (!made.ok) throw new Error(made.diagnostics.map((d) => d.message).join('\n'));
  const model = made.value;
  const vocab = (doc.nodes.find((n) => n.id === 'words')!.params!.tokenizer as TokenizerSpec).vocab;
  const startId = vocab.indexOf(START_WORD);
  for (const [name, p] of model.parameters) if (/(^|\.)(src_)?embed\.table$/.test(name)) for (let i = 0; i < p.length; i++) p[i] = p[i]! * EMBED_SCALE;
  const lossBefore = heldOutLoss(model, vocab.length, startId);
  const s = COPY_SETTINGS;
  const optimizer = createOptimizer(s.optimizer);
  const next = uniformStream(s.seed);
  for (let step = 0; step < s.steps; step++) {
    const b = copyBatch(next, vocab.length, startId, s.batch, COPY_LENGTH);
    const { loss, gradients } = model.lossAndGradients(b.inputs, b.targets, s.batch, COPY_LENGTH, b.source);
    if (!Number.isFinite(loss)) throw new RangeError(`loss ${loss} at update ${step + 1}`);
    clipGradNorm(gradients, s.clip);
    optimizer.step(model.parameters, gradients, s.lr);
  }
  const lossAfter = heldOutLoss(model, vocab.length, startId);
  const trained = withInlineWeights(start, model);
  const weights = Object.fromEntries(Object.entries(trained.weights ?? {}).map(([name, w]) => [name, { ...w, data: (w.data as number[]).map(shortestFloat32) }]));
  const note =
    ` Trained: \`npm run train-tour\` learned these weights from the seeded start (embeddings ×${EMBED_SCALE}) on a copy task, ` +
    `${s.steps} AdamW updates (lr ${s.lr}, clip ${s.clip}, seed ${s.seed}) of ${s.batch} random ${COPY_LENGTH}-word sources each, the decoder reading "${START_WORD}" and the source shifted right and predicting the source: ` +
    `held-out loss ${lossBefore.toFixed(2)} → ${lossAfter.toFixed(2)} nats.`;
  const meta = { ...doc.meta, description: (doc.meta?.description ?? '').replace(/\s*Trained: .*$/s, '') + note };
  return { doc: { ...trained, meta, weights }, lossBefore, lossAfter };
}
