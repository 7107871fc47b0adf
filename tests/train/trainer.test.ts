/**
 * The training loop over hand-written models (tests/train/hand-models.ts): their gradients against finite
 * differences, learning a tiny corpus down to the closed-form bigram optimum, bit-identical reruns and
 * resumes, divergence handling and the checks before a run.
 */
import { describe, expect, it } from 'vitest';
import { splitTokens } from '../../engine/train/batches.ts';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../engine/train/checkpoint.ts';
import { encodeCorpus } from '../../engine/train/corpus.ts';
import type { TrainableModel } from '../../engine/train/model.ts';
import { DEFAULT_OPTIMIZERS } from '../../engine/train/optimizers.ts';
import { runTraining, startTraining } from '../../engine/train/driver.ts';
import { createTrainer, type Trainer, type TrainData, type TrainSettings } from '../../engine/train/trainer.ts';
import { createTokenizer } from '../../engine/tokenizers/index.ts';
import { bigramModel, finiteDifferences, tiedEmbeddingModel } from './hand-models.ts';

const VOCAB = [...' abcdefghijklmnopqrstuvwxyz.\n'];
const TEXT = [
  'the cat sat on the mat.',
  'the dog sat on the log.',
  'a cat and a dog met on a mat.',
  'the mat was flat and the log was not.',
].join('\n').repeat(6);

function corpus(): TrainData {
  const tokenizer = createTokenizer({ kind: 'char', vocab: VOCAB });
  if (!tokenizer.ok) throw new Error('tokenizer');
  const ids = encodeCorpus(tokenizer.value, TEXT);
  if (!ids.ok) throw new Error(JSON.stringify(ids.diagnostics));
  return splitTokens(ids.value, 0.1);
}

const SETTINGS: TrainSettings = {
  batch: 8, length: 16, seed: 7, lr: 0.1, optimizer: DEFAULT_OPTIMIZERS.adamw,
  schedule: { kind: 'cosine', warmup: 10, totalSteps: 300 }, clip: 1,
  steps: 300, logEvery: 50, validateEvery: 100, validationBatches: 4, checkpointEvery: 50,
};

function train(model: TrainableModel, settings: TrainSettings = SETTINGS, resume?: Checkpoint) {
  const trainer = createTrainer(model, corpus(), settings, resume);
  if (!trainer.ok) throw new Error(JSON.stringify(trainer.diagnostics));
  return Object.assign(trainer.value, { run: () => runTraining(trainer.value, settings) }) as Trainer & { run(): ReturnType<typeof runTraining> };
}

/** Empirical conditional entropy H(next | previous) of a token stream, in nats: the best any bigram model can do. */
function bigramEntropy(tokens: Int32Array): number {
  const pairs = new Map<string, number>();
  const firsts = new Map<number, number>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const k = `${tokens[i]},${tokens[i + 1]}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
    firsts.set(tokens[i]!, (firsts.get(tokens[i]!) ?? 0) + 1);
  }
  let h = 0;
  for (const [k, n] of pairs) h -= n * Math.log(n / firsts.get(Number(k.split(',')[0]))!);
  return h / (tokens.length - 1);
}

const allTransitions = (tokens: Int32Array) => ({ inputs: tokens.subarray(0, -1), targets: tokens.subarray(1), length: tokens.length - 1 });

describe('hand-written models have the gradients they claim', () => {
  const inputs = Int32Array.from([1, 4, 4, 0, 2, 3]);
  const targets = Int32Array.from([4, 4, 0, -1, 3, 1]);
  for (const [label, model, name] of [
    ['bigram', bigramModel(5), 'table'],
    ['tied embedding (one parameter used twice)', tiedEmbeddingModel(5, 3), 'embed.table'],
  ] as const) {
    it(`${label}: lossAndGradients matches finite differences`, () => {
      const { loss, gradients } = model.lossAndGradients(inputs, targets, 2, 3);
      expect(loss).toBeCloseTo(model.loss(inputs, targets, 2, 3), 6);
      const numeric = finiteDifferences(model, name, inputs, targets, 2, 3);
      const analytic = gradients.get(name)!;
      let worst = 0;
      for (let i = 0; i < numeric.length; i++) worst = Math.max(worst, Math.abs(analytic[i]! - numeric[i]!));
      expect(worst).toBeLessThan(1e-3);
      expect(Math.max(...Array.from(analytic, Math.abs))).toBeGreaterThan(1e-2);
    });
  }
});

describe('trainer', () => {
  it('a bigram model learns the corpus down to the bigram entropy, far below log V', () => {
    const model = bigramModel(VOCAB.length);
    const { train: tokens } = corpus();
    const t = allTransitions(tokens);
    const before = model.loss(t.inputs, t.targets, 1, t.length);
    const trainer = train(model);
    const logs = trainer.run();
    if (!logs.ok) throw new Error(JSON.stringify(logs.diagnostics));
    const after = model.loss(t.inputs, t.targets, 1, t.length);
    const optimum = bigramEntropy(tokens);
    console.log(`bigram: loss ${before.toFixed(3)} → ${after.toFixed(3)}, optimum ${optimum.toFixed(3)}, log V ${Math.log(VOCAB.length).toFixed(3)}`);
    expect(before).toBeGreaterThan(Math.log(VOCAB.length) - 0.1);
    expect(after).toBeGreaterThanOrEqual(optimum - 1e-6); // no bigram model beats the empirical conditional entropy
    expect(after).toBeLessThan(optimum + 0.1);
    expect(after).toBeLessThan(0.5 * Math.log(VOCAB.length));
    expect(logs.value.map((l) => l.step)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(logs.value.filter((l) => l.valLoss !== undefined).map((l) => l.step)).toEqual([100, 200, 300]);
    expect(logs.value.at(-1)!.valLoss!).toBeLessThan(0.5 * Math.log(VOCAB.length));
    expect(logs.value.every((l) => l.tokensPerSecond > 0 && l.gradNorm > 0)).toBe(true);
    expect(logs.value.at(-1)!.lr).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * 289) / 290)), 12); // update 300 is index 299 of the cosine
    expect(trainer.step).toBe(300);
  });

  it('the same seed, corpus and settings give bit-identical weights; another seed does not', () => {
    const run = (seed: number) => {
      const model = bigramModel(VOCAB.length);
      train(model, { ...SETTINGS, seed, steps: 40 }).run();
      return Array.from(model.parameters.get('table')!);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('a run resumed from a checkpoint file continues bit-identically', () => {
    const settings = { ...SETTINGS, steps: 40, checkpointEvery: 15 };
    const straight = bigramModel(VOCAB.length);
    train(straight, settings).run();

    const first = bigramModel(VOCAB.length);
    const saved: Uint8Array[] = [];
    const partial = train(first, settings);
    for (let i = 0; i < 17; i++) partial.next();
    expect(partial.lastGood.step).toBe(15);
    saved.push(encodeCheckpoint(partial.lastGood));
    const checkpoint = decodeCheckpoint(saved[0]!);
    if (!checkpoint.ok) throw new Error(JSON.stringify(checkpoint.diagnostics));
    expect(checkpoint.value.step).toBe(15);

    const resumed = bigramModel(VOCAB.length, 99); // different initial weights: all state comes from the checkpoint
    const trainer = train(resumed, settings, checkpoint.value);
    expect(trainer.step).toBe(15);
    trainer.run();
    expect(Array.from(resumed.parameters.get('table')!)).toEqual(Array.from(straight.parameters.get('table')!));
  });

  it('a tied weight is one parameter: trained once, checkpointed once', () => {
    const model = tiedEmbeddingModel(VOCAB.length, 8);
    const trainer = train(model, { ...SETTINGS, steps: 60, lr: 0.05 });
    const { train: tokens } = corpus();
    const t = allTransitions(tokens);
    const before = model.loss(t.inputs, t.targets, 1, t.length);
    trainer.run();
    expect(model.loss(t.inputs, t.targets, 1, t.length)).toBeLessThan(before - 0.5);
    expect([...trainer.checkpoint().parameters.keys()]).toEqual(['embed.table']);
    expect([...trainer.checkpoint().optimizer.slots.get('exp_avg')!.keys()]).toEqual(['embed.table']);
  });

  it('a NaN loss stops the run naming the step, and the weights return to the last good checkpoint', () => {
    const inner = bigramModel(VOCAB.length);
    let calls = 0;
    const poisoned: TrainableModel = {
      ...inner,
      parameters: inner.parameters,
      lossAndGradients: (...a) => (++calls === 13 ? { loss: NaN, gradients: inner.lossAndGradients(...a).gradients } : inner.lossAndGradients(...a)),
      loss: inner.loss,
    };
    const trainer = train(poisoned, { ...SETTINGS, checkpointEvery: 5 });
    const result = trainer.run();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({ code: 'FW063' });
    expect(result.diagnostics[0]!.message).toMatch(/loss is NaN at step 13; the weights are back at the checkpoint of step 10/);
    expect(trainer.step).toBe(10);
    expect(Array.from(inner.parameters.get('table')!)).toEqual(Array.from(trainer.lastGood.parameters.get('table')!));
  });

  it('a weight that overflows to infinity stops the run naming the weight and the step', () => {
    const inner = bigramModel(VOCAB.length);
    let calls = 0;
    const exploding: TrainableModel = {
      ...inner,
      lossAndGradients: (...a) => {
        const r = inner.lossAndGradients(...a);
        if (++calls === 4) r.gradients.get('table')!.fill(3e38); // finite, but the SGD update overflows float32
        return r;
      },
    };
    const trainer = train(exploding, { ...SETTINGS, optimizer: { ...DEFAULT_OPTIMIZERS.sgd }, clip: null, lr: 10, checkpointEvery: 2 });
    const result = trainer.run();
    expect(result.ok ? '' : result.diagnostics[0]!.message).toMatch(/^weight 'table' is -Infinity at step 4; the weights are back at the checkpoint of step 2/);
    expect(inner.parameters.get('table')!.every(Number.isFinite)).toBe(true);
  });

  it('checks before a run: context, corpus length, memory, settings, resume mismatch', () => {
    const data = corpus();
    const codes = (model: TrainableModel, s: Partial<TrainSettings>, d: TrainData = data, resume?: Checkpoint) => {
      const r = createTrainer(model, d, { ...SETTINGS, ...s }, resume);
      return r.ok ? [] : r.diagnostics.map((x) => `${x.code} ${x.message}`);
    };
    expect(codes(bigramModel(VOCAB.length, 1, 8), {})).toEqual(['FW063 sequence length 16 is longer than the 8 positions the model accepts']);
    expect(codes(bigramModel(VOCAB.length), {}, { train: Int32Array.from([1, 2, 3]), validation: new Int32Array(0) })[0]).toMatch(
      /^FW062 the training part of the corpus has 3 tokens; sequences of 16 need at least 17/,
    );
    const huge = { ...bigramModel(VOCAB.length), estimateBytes: (b: number, t: number) => b * t * 1e6 };
    expect(codes(huge, { batch: 64, length: 64 })[0]).toMatch(/^FW063 batch 64 × sequence 64 needs about 3\.8 GiB per step; the limit is 2\.0 GiB/);
    expect(codes(bigramModel(VOCAB.length), { lr: -1, steps: 1.5, clip: 0 })).toHaveLength(3);
    const checkpoint = train(bigramModel(VOCAB.length)).checkpoint();
    expect(codes(bigramModel(VOCAB.length), { lr: 0.2 }, data, checkpoint)[0]).toMatch(/^FW063 cannot resume: the checkpoint was written with .*"lr":0.1/);
    expect(codes(bigramModel(VOCAB.length + 1), {}, data, checkpoint)[0]).toMatch(/^FW063 cannot resume: weight 'table' is 841 values in the checkpoint, the model has 900/);
  });
});
