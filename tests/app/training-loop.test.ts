/**
 * The Train panel's adapter over the engine (app/train/training-loop.ts): corpus problems are named
 * precisely, the first AdamW step has Adam's known size (lr · sign(g) per weight), runs are
 * repeatable from the seed, checkpoints restore exactly, and training lowers the validation loss.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { createTrainingLoop, type LoopSettings } from '../../app/train/training-loop.ts';

const catalogue = standardCatalogue();
const parsed = parseDocument(readFileSync(new URL('../../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('tiny-gpt');
const doc: GraphDocument = parsed.value;
const corpus = readFileSync(new URL('../../examples/corpora/lighthouse.txt', import.meta.url), 'utf8');
const settings: LoopSettings = { steps: 40, batchSize: 2, contextLength: 8, learningRate: 0.01, warmupSteps: 0, weightDecay: 0, seed: 3 };

function loop(text = corpus, s: Partial<LoopSettings> = {}) {
  const r = createTrainingLoop(doc, catalogue, text, { ...settings, ...s });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
}

describe('createTrainingLoop', () => {
  it('names the first character the tokenizer cannot encode, with its line and column', () => {
    const r = createTrainingLoop(doc, catalogue, 'the cat sat\non the mat\nthe café is shut\nand the ñ too', settings);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]!.code).toBe('FW062');
    expect(r.diagnostics[0]!.message).toContain('"é"');
    expect(r.diagnostics[0]!.message).toContain('line 3, column 8');
    expect(r.diagnostics[0]!.node).toBe('text');
  });

  it('refuses a corpus too short for the context, and a context the graph cannot take', () => {
    const short = createTrainingLoop(doc, catalogue, 'the cat', settings);
    expect(!short.ok && short.diagnostics[0]!.code).toBe('FW062');
    const long = createTrainingLoop(doc, catalogue, corpus, { ...settings, contextLength: 200 });
    expect(!long.ok && long.diagnostics[0]!.code).toMatch(/^FW0(51|63)$/); // the positional table is shorter than the context
    expect(!long.ok && long.diagnostics[0]!.message).toMatch(/200/);
  });

  it('holds out the last tenth of the tokens for validation', () => {
    const l = loop();
    expect(l.trainTokens + l.validationTokens).toBe(corpus.length);
    expect(l.validationTokens).toBe(Math.floor(corpus.length / 10));
    expect(l.parameterCount).toBe(18_880);
  });

  it('takes a first AdamW step of lr · sign(gradient) on the weights', () => {
    const l = loop();
    const before = l.snapshot();
    const log = l.step();
    const after = l.snapshot();
    const rate = settings.learningRate; // no warmup: the first update runs at the peak rate
    expect(log).toMatchObject({ step: 1, tokens: 16 });
    expect(log.learningRate).toBeCloseTo(rate, 12);
    let moved = 0;
    let exact = 0;
    let largest = 0;
    for (const [name, t] of after.weights) {
      const old = before.weights.get(name)!.data;
      t.data.forEach((v, i) => {
        const d = Math.abs(v - old[i]!);
        if (d === 0) return;
        moved++;
        largest = Math.max(largest, d);
        if (Math.abs(d - rate) < rate * 0.01) exact++;
      });
    }
    expect(moved).toBeGreaterThan(l.parameterCount * 0.9);
    expect(exact).toBeGreaterThan(moved * 0.95); // the rest (attention W_q, W_k at init) have tiny gradients, where ε shortens the step
    expect(largest).toBeLessThan(rate * 1.001); // Adam's first step never exceeds the rate
  });

  it('repeats a run exactly from the seed, and restores a checkpoint exactly', () => {
    const a = loop();
    const b = loop();
    const first = a.snapshot();
    const start = a.evaluate();
    const lossesA = Array.from({ length: 3 }, () => a.step().loss);
    const lossesB = Array.from({ length: 3 }, () => b.step().loss);
    expect(lossesA).toEqual(lossesB);
    expect(a.evaluate()).not.toBe(start);
    a.restore(first);
    expect(a.evaluate()).toBe(start);
    expect(loop(corpus, { seed: 4 }).step().loss).not.toBe(lossesA[0]);
  });

  it('lowers the validation loss and samples repeatably', () => {
    const l = loop(corpus, { batchSize: 4 });
    const start = l.evaluate();
    for (let i = 0; i < 40; i++) l.step();
    expect(l.evaluate()).toBeLessThan(start - 0.8); // from ln 64 ≈ 4.16 towards the letter frequencies (≈ 2.9)
    const s1 = l.sample('the ', 12, 1);
    const s2 = l.sample('the ', 12, 1);
    expect(s1.ok && [...s1.value].length).toBe(12);
    expect(s1).toEqual(s2);
  });
});
