/**
 * The run panel's pure helpers: statistics and histograms, 2-D slices of N-D tensors, top-k lists,
 * row-sum checks, heat strips, token labels and the next-token list.
 */
import { describe, expect, it } from 'vitest';
import { float32 } from '../../graph-schema/tensor.ts';
import { nextTokenList } from '../../app/run/NextTokens.tsx';
import { coordsOf, defaultSlice, formatValue, heatStrip, histogram, maxRowSumError, slice2d, tensorStats, topK } from '../../app/run/tensor-math.ts';
import { crossSource, keyTokens, queryTokens } from '../../app/run/token-labels.ts';
import type { BlockInfo, TextInputInfo } from '../../app/run/protocol.ts';

describe('tensorStats', () => {
  it('summarises finite values and counts NaN and ±Inf separately', () => {
    const s = tensorStats(Float32Array.from([1, 2, 3, 4, NaN, Infinity, -Infinity, -Infinity]));
    expect(s).toMatchObject({ count: 8, min: 1, max: 4, mean: 2.5, nan: 1, posInf: 1, negInf: 2 });
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 6);
  });
  it('gives NaN statistics when nothing is finite', () => {
    const s = tensorStats([NaN, Infinity]);
    expect(Number.isNaN(s.min) && Number.isNaN(s.mean)).toBe(true);
  });
});

describe('histogram', () => {
  it('puts every finite value in one of the bins, the maximum in the last', () => {
    const h = histogram([0, 0.1, 0.5, 0.9, 1, NaN], 4);
    expect(h.counts).toEqual([2, 0, 1, 2]);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
  });
  it('puts a constant tensor in the middle bin', () => {
    expect(histogram([3, 3, 3], 5).counts).toEqual([0, 0, 3, 0, 0]);
  });
});

describe('slice2d', () => {
  // [B=2, H=2, T=2, T=3]: value = 1000b + 100h + 10i + j
  const shape = [2, 2, 2, 3];
  const values = Array.from({ length: 24 }, (_, flat) => {
    const [b, h, i, j] = coordsOf(shape, flat);
    return 1000 * b! + 100 * h! + 10 * i! + j!;
  });
  const t = float32(shape, values);
  it('takes the last two axes by default, other axes at 0', () => {
    const s = slice2d(t, defaultSlice(shape));
    expect([s.rows, s.cols]).toEqual([2, 3]);
    expect(Array.from(s.values)).toEqual([0, 1, 2, 10, 11, 12]);
  });
  it('fixes batch and head and can transpose', () => {
    const s = slice2d(t, { rowAxis: 3, colAxis: 2, fixed: [1, 1, 0, 0] });
    expect([s.rows, s.cols]).toEqual([3, 2]);
    expect(Array.from(s.values)).toEqual([1100, 1110, 1101, 1111, 1102, 1112]);
  });
  it('shows a vector as one row and clamps out-of-range indices', () => {
    expect(Array.from(slice2d(float32([3], [7, 8, 9]), defaultSlice([3])).values)).toEqual([7, 8, 9]);
    expect(slice2d(t, { rowAxis: 2, colAxis: 3, fixed: [9, 9, 0, 0] }).values[0]).toBe(1100);
  });
});

describe('topK and the next-token list', () => {
  it('returns the k largest, largest first, ties by index, skipping NaN', () => {
    expect(topK([0.1, 0.5, NaN, 0.5, 0.2], 3)).toEqual([
      { id: 1, value: 0.5 },
      { id: 3, value: 0.5 },
      { id: 4, value: 0.2 },
    ]);
  });
  it('reads the last position of [B, T, V] probabilities with the vocabulary', () => {
    const probs = float32([1, 2, 3], [0.9, 0.05, 0.05, 0.2, 0.7, 0.1]);
    expect(nextTokenList(probs, ['a', 'b', 'c'], 2)).toEqual([
      { id: 1, text: 'b', p: expect.closeTo(0.7, 6) },
      { id: 0, text: 'a', p: expect.closeTo(0.2, 6) },
    ]);
  });
});

describe('row sums, heat strips, formatting', () => {
  it('measures how far rows are from summing to 1', () => {
    expect(maxRowSumError(float32([2, 2], [0.25, 0.75, 1, 0]))).toBe(0);
    expect(maxRowSumError(float32([2, 2], [0.5, 0.75, 1, 0]))).toBeCloseTo(0.25, 6);
  });
  it('averages into cells scaled by the largest magnitude', () => {
    expect(heatStrip([1, 1, -2, -2], 2)).toEqual([0.5, -1]);
    expect(heatStrip([], 4)).toEqual([]);
  });
  it('formats values for reading', () => {
    expect([formatValue(21), formatValue(0.12345), formatValue(1e-7), formatValue(-Infinity), formatValue(NaN)]).toEqual(['21', '0.1235', '1.00e-7', '−Inf', 'NaN']);
  });
});

describe('token labels', () => {
  const inputs: TextInputInfo[] = [
    { name: 'source', tokens: [{ id: 1, text: 'ich' }], vocab: [] },
    { name: 'target', tokens: [{ id: 2, text: 'i' }, { id: 3, text: 'see' }], vocab: [] },
  ];
  it('labels cross-attention keys with the source text and queries with the target', () => {
    const cross: BlockInfo = { node: 'decoder.0.cross_attn', block: 'CrossAttention', topNode: 'decoder', inputSources: { x: ['target'], memory: ['source'] } };
    expect(queryTokens(cross, inputs)).toEqual(['i', 'see']);
    expect(keyTokens(cross, inputs)).toEqual(['ich']);
    expect(crossSource(cross)).toBe('source');
  });
  it('uses the query tokens for self-attention keys', () => {
    const self: BlockInfo = { node: 'decoder.0.self_attn', block: 'MultiHeadAttention', topNode: 'decoder', inputSources: { x: ['target'] } };
    expect(keyTokens(self, inputs)).toEqual(['i', 'see']);
    expect(crossSource(self)).toBeNull();
  });
});
