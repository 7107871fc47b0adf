/**
 * Seeded mini-batches, the validation windows, the train/validation split and the size bound.
 */
import { describe, expect, it } from 'vitest';
import { batchSeed, checkTrainingSize, drawBatch, estimateTrainingBytes, splitTokens, validationBatches } from '../../engine/train/batches.ts';

const stream = Int32Array.from({ length: 200 }, (_, i) => i); // token i at position i: a window shows where it came from

describe('drawBatch', () => {
  it('each row is a contiguous window; targets are the inputs shifted by one', () => {
    const { inputs, targets } = drawBatch(stream, 5, 12, 1, 0);
    for (let b = 0; b < 5; b++) {
      const start = inputs[b * 12]!;
      for (let t = 0; t < 12; t++) {
        expect(inputs[b * 12 + t]).toBe(start + t);
        expect(targets[b * 12 + t]).toBe(start + t + 1);
      }
    }
  });

  it('is a function of (seed, step): same again, different for another step or seed', () => {
    const a = Array.from(drawBatch(stream, 4, 8, 9, 3).inputs);
    expect(Array.from(drawBatch(stream, 4, 8, 9, 3).inputs)).toEqual(a);
    expect(Array.from(drawBatch(stream, 4, 8, 9, 4).inputs)).not.toEqual(a);
    expect(Array.from(drawBatch(stream, 4, 8, 10, 3).inputs)).not.toEqual(a);
    const seeds = new Set(Array.from({ length: 10_000 }, (_, s) => batchSeed(5, s)));
    expect(seeds.size).toBe(10_000);
  });

  it('every start in [0, n − T) is drawn, roughly uniformly, and the last target is the last token', () => {
    const n = 20;
    const length = 4;
    const counts = new Array<number>(n).fill(0);
    for (let step = 0; step < 2000; step++) {
      const { inputs } = drawBatch(stream.subarray(0, n), 4, length, 1, step);
      for (let b = 0; b < 4; b++) counts[inputs[b * length]!]!++;
    }
    const used = counts.slice(0, n - length);
    expect(counts.slice(n - length).every((c) => c === 0)).toBe(true);
    const mean = 8000 / used.length;
    for (const c of used) expect(Math.abs(c - mean)).toBeLessThan(0.25 * mean);
  });

  it('a corpus of exactly T + 1 tokens gives the one window; shorter throws (checked before by checkCorpusLength)', () => {
    const { inputs, targets } = drawBatch(stream.subarray(0, 5), 2, 4, 0, 0);
    expect(Array.from(inputs)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(Array.from(targets)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(() => drawBatch(stream.subarray(0, 4), 2, 4, 0, 0)).toThrow(RangeError);
  });
});

describe('splitTokens and validationBatches', () => {
  it('the validation part is the last 10 %', () => {
    const { train, validation } = splitTokens(stream, 0.1);
    expect(train.length).toBe(180);
    expect(Array.from(validation.subarray(0, 2))).toEqual([180, 181]);
  });

  it('consecutive windows; the last is padded with target −1; bounded by maxBatches × B', () => {
    const held = stream.subarray(0, 11); // 10 transitions → windows of 4: 4 + 4 + 2
    const batches = validationBatches(held, 2, 4, 10);
    expect(batches.map((b) => b.batch)).toEqual([2, 1]);
    expect(Array.from(batches[0]!.inputs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(batches[0]!.targets)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(batches[1]!.inputs)).toEqual([8, 9, 0, 0]);
    expect(Array.from(batches[1]!.targets)).toEqual([9, 10, -1, -1]);
    expect(validationBatches(stream, 2, 4, 3).reduce((n, b) => n + b.batch, 0)).toBe(6);
    expect(validationBatches(stream.subarray(0, 1), 2, 4, 3)).toEqual([]);
  });
});

describe('checkTrainingSize', () => {
  it('estimate: 4 bytes × (parameters × (2 + slots) + B·T·(3V + 2·activations))', () => {
    expect(estimateTrainingBytes(1000, 2, 64, 4, 32, 10)).toBe(4 * (4000 + 128 * (192 + 20)));
  });
  it('rejects past the limit showing the estimate, and bad batch or length', () => {
    expect(checkTrainingSize(4, 32, 1e6).ok).toBe(true);
    const big = checkTrainingSize(512, 1024, 3 * 1024 ** 3);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.diagnostics[0]!.message).toBe('batch 512 × sequence 1024 needs about 3.0 GiB per step; the limit is 2.0 GiB');
    const bad = checkTrainingSize(0, 1.5, 0);
    expect(bad.ok ? [] : bad.diagnostics.map((d) => d.param)).toEqual(['batch', 'context']);
  });
});
