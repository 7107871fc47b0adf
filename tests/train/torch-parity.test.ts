/**
 * Training tiny-gpt against PyTorch: train_tiny_gpt_torch.py (run by hand with Debian's python3-torch) trained
 * the same initial weights on the same 50 batches with AdamW; Formwork's trainer must give the same loss at
 * every step (and about the same weights at the end). The batches and the step-0 forward pass are checked
 * separately, so a failure says which side moved.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { formatDiagnostic } from '../../graph-schema/diagnostics.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { int64 } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { readSafetensors } from '../../engine/io/safetensors.ts';
import { createSession } from '../../engine/run/session.ts';
import { drawBatch, splitTokens } from '../../engine/train/batches.ts';
import { encodeCorpus, graphTokenizer } from '../../engine/train/corpus.ts';
import { createTrainableModel } from '../../engine/train/model.ts';
import { createTrainer, type TrainSettings } from '../../engine/train/trainer.ts';
import { TINY_GPT_TRAINING as S } from '../golden/write-train-inputs.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url));
const inputs = JSON.parse(read('../golden/train-tiny-gpt.inputs.json').toString()) as typeof S & { batches: Array<{ inputs: number[]; targets: number[] }> };
const expected = JSON.parse(read('../golden/train-tiny-gpt.expected.json').toString()) as {
  losses: number[];
  checksums: Record<string, { sum: number; sumOfSquares: number }>;
};
const doc = parseDocument(read('../../examples/tiny-gpt.formwork.json').toString());
const initial = readSafetensors(new Uint8Array(read('../golden/train-tiny-gpt.initial.safetensors')));
if (!doc.ok || !initial.ok) throw new Error('fixture did not load');
const graph = doc.value;
const initialWeights = initial.value;

function trainingTokens(): Int32Array {
  const compiled = compile(graph, standardCatalogue());
  if (!compiled.ok) throw new Error('compile');
  const input = graphTokenizer(compiled.value.analysis);
  if (!input.ok) throw new Error('tokenizer');
  const tokens = encodeCorpus(input.value.tokenizer, read(`../../${S.corpus}`).toString());
  if (!tokens.ok) throw new Error('corpus');
  return splitTokens(tokens.value, S.validationFraction).train;
}

/** Relative difference. (PyTorch in float64 vs float32 on this run: losses within 1.5e-7, so 1e-4 is loose enough.) */
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe('training tiny-gpt matches PyTorch', () => {
  it("the fixture's settings and batches are what Formwork's batcher draws now", () => {
    expect({ ...inputs, batches: undefined }).toEqual({ ...S, batches: undefined });
    const train = trainingTokens();
    inputs.batches.forEach((b, step) => {
      const drawn = drawBatch(train, S.batch, S.length, S.seed, step);
      expect(Array.from(drawn.inputs)).toEqual(b.inputs);
      expect(Array.from(drawn.targets)).toEqual(b.targets);
    });
  });

  it("step 0: Formwork's forward pass on the initial weights gives PyTorch's first loss", () => {
    const compiled = compile(graph, standardCatalogue(), { weights: initialWeights });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    const first = inputs.batches[0]!;
    const session = createSession(compiled.value.plan, { text: int64([S.batch, S.length], first.inputs) });
    if (!session.ok) throw new Error(JSON.stringify(session.diagnostics));
    const out = session.value.run();
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const probs = out.value.probs!.data; // [B, T, V]
    const vocab = 64;
    let loss = 0;
    first.targets.forEach((t, n) => (loss -= Math.log(probs[n * vocab + t]!)));
    loss /= first.targets.length;
    console.log(`step 0 loss: Formwork ${loss.toFixed(6)}, PyTorch ${expected.losses[0]!.toFixed(6)}`);
    expect(relative(loss, expected.losses[0]!)).toBeLessThan(1e-4);
  });

  it('50 AdamW steps: the loss of every step within 1e-4 relative, and the final weights', () => {
    const model = createTrainableModel(graph, standardCatalogue(), { weights: initialWeights });
    if (!model.ok) throw new Error(`createTrainableModel failed: ${model.diagnostics.map(formatDiagnostic).join('; ')}`);
    expect([...model.value.parameters.keys()].sort()).toEqual(Object.keys(expected.checksums).sort());
    const settings: TrainSettings = {
      batch: S.batch, length: S.length, seed: S.seed, lr: S.lr,
      optimizer: { kind: 'adamw', beta1: S.beta1, beta2: S.beta2, eps: S.eps, weightDecay: S.weightDecay },
      schedule: { kind: 'constant', warmup: 0, totalSteps: S.steps }, clip: null,
      steps: S.steps, logEvery: 1, validateEvery: 0, validationBatches: 1, checkpointEvery: 0,
    };
    const trainer = createTrainer(model.value, { train: trainingTokens(), validation: new Int32Array(0) }, settings);
    if (!trainer.ok) throw new Error(trainer.diagnostics.map(formatDiagnostic).join('; '));
    const losses: number[] = [];
    for (let step = 0; step < S.steps; step++) {
      const log = trainer.value.next();
      if (!log.ok) throw new Error(log.diagnostics.map(formatDiagnostic).join('; '));
      losses.push(log.value.loss);
    }
    const worst = Math.max(...losses.map((l, i) => relative(l, expected.losses[i]!)));
    console.log(`tiny-gpt training vs PyTorch: loss ${losses[0]!.toFixed(4)} → ${losses.at(-1)!.toFixed(4)}, worst relative Δ ${worst.toExponential(2)}`);
    losses.forEach((l, i) => expect(relative(l, expected.losses[i]!), `step ${i + 1}`).toBeLessThan(1e-4));
    for (const [name, p] of model.value.parameters) {
      const want = expected.checksums[name]!;
      const sum = p.reduce((a, v) => a + v, 0);
      const squares = p.reduce((a, v) => a + v * v, 0);
      // The same run in float64 differs from PyTorch's float32 one by < 2e-6 here: these bounds have 50× headroom.
      expect(Math.abs(sum - want.sum), `${name} sum`).toBeLessThan(1e-4 * Math.max(1, Math.sqrt(want.sumOfSquares)));
      expect(relative(squares, want.sumOfSquares), `${name} sum of squares`).toBeLessThan(1e-4);
    }
  });
});
