/**
 * Attention blocks against numbers worked out by hand and against a plain-loop reference written
 * here, independent of the block lowerings.
 */
import { describe, expect, it } from 'vitest';
import { float32, int64, type Tensor } from '../../graph-schema/tensor.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { at, edge, expectClose, graph, node, runDoc, wave } from './helpers.ts';

const weight = (shape: number[], data: number[]) => ({ shape, data });

/** A [rows, cols] matrix of wave values, row-major. */
function matrix(rows: number, cols: number, phase: number): number[] {
  return wave(rows * cols, phase);
}

/**
 * Reference multi-head attention with plain loops: x [B, T, d], memory [B, S, d], weights
 * [d, d] row-major, no biases.
 */
function referenceAttention(
  x: Tensor,
  memory: Tensor,
  w: { q: number[]; k: number[]; v: number[]; o: number[] },
  heads: number,
  causal: boolean,
): number[] {
  const [B, T, d] = x.shape as [number, number, number];
  const S = memory.shape[1]!;
  const dh = d / heads;
  const project = (src: Tensor, len: number, W: number[], bi: number) =>
    Array.from({ length: len }, (_, t) =>
      Array.from({ length: d }, (_, j) => {
        let s = 0;
        for (let i = 0; i < d; i++) s += src.data[(bi * len + t) * d + i]! * W[i * d + j]!;
        return s;
      }),
    );
  const out: number[] = [];
  for (let bi = 0; bi < B; bi++) {
    const Q = project(x, T, w.q, bi);
    const K = project(memory, S, w.k, bi);
    const V = project(memory, S, w.v, bi);
    const concat = Array.from({ length: T }, () => new Array<number>(d).fill(0));
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < T; t++) {
        const scores = Array.from({ length: S }, (_, s) => {
          if (causal && s > t) return -Infinity;
          let dot = 0;
          for (let c = 0; c < dh; c++) dot += Q[t]![h * dh + c]! * K[s]![h * dh + c]!;
          return dot / Math.sqrt(dh);
        });
        const max = Math.max(...scores);
        const e = scores.map((v) => Math.exp(v - max));
        const z = e.reduce((a, b) => a + b, 0);
        for (let c = 0; c < dh; c++) {
          let sum = 0;
          for (let s = 0; s < S; s++) sum += (e[s]! / z) * V[s]![h * dh + c]!;
          concat[t]![h * dh + c] = sum;
        }
      }
    }
    for (let t = 0; t < T; t++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += concat[t]![i]! * w.o[i * d + j]!;
        out.push(s);
      }
  }
  return out;
}

describe('AttentionHead', () => {
  // Three tokens, d_model = d_head = 2:
  //   x   = [[1, 0], [0, 1], [1, 1]]
  //   W_q = [[1, 1], [0, 1]] → q = [[1, 1], [0, 1], [1, 2]]
  //   W_k = identity         → k = x
  //   W_v = [[0, 1], [1, 0]] → v = [[0, 1], [1, 0], [1, 1]]  (swaps the two features)
  // q·kᵀ = [[1, 1, 2], [0, 1, 1], [1, 2, 3]] (not symmetric, so swapping q and k would show);
  // divided by √2: [[0.70711, 0.70711, 1.41421], [0, 0.70711, 0.70711], [0.70711, 1.41421, 2.12132]].
  // Causal: row 0 sees only itself → pattern [1, 0, 0], output v0 = [0, 1].
  //   Row 1 sees scores (0, 0.70711): e^0.70711 = 2.02811, weights 1/3.02811 = 0.33024 and 0.66976;
  //   output 0.33024·[0, 1] + 0.66976·[1, 0] = [0.66976, 0.33024].
  //   Row 2 sees all: e^0.70711 = 2.02811, e^1.41421 = 4.11325, e^2.12132 = 8.34214, sum 14.48350 →
  //   weights 0.14003, 0.28400, 0.57598; output [0.28400 + 0.57598, 0.14003 + 0.57598] = [0.85998, 0.71601].
  // Not causal: row 0 sees (0.70711, 0.70711, 1.41421) → 2.02811, 2.02811, 4.11325, sum 8.16947 →
  //   weights 0.24826, 0.24826, 0.50349; output [0.24826 + 0.50349, 0.24826 + 0.50349] = [0.75175, 0.75175].
  const handDoc = (causal: boolean): GraphDocument =>
    graph(
      [node('x', 'TestTensor', { shape: '1,3,2' }), node('head', 'AttentionHead', { d_head: 2, causal }), node('y', 'Output')],
      [edge('x', 'out', 'head', 'x'), edge('head', 'y', 'y', 'x')],
      {
        weights: {
          'head.W_q': weight([2, 2], [1, 1, 0, 1]),
          'head.W_k': weight([2, 2], [1, 0, 0, 1]),
          'head.W_v': weight([2, 2], [0, 1, 1, 0]),
        },
      },
    );
  const x = float32([1, 3, 2], [1, 0, 0, 1, 1, 1]);

  it('matches the hand-worked causal example', () => {
    const { outputs, session } = runDoc(handDoc(true), { x });
    expectClose(outputs.y!, float32([1, 3, 2], [0, 1, 0.66976, 0.33024, 0.85998, 0.71601]), 1e-4);
    const trace = session.blockRun('head')!.intermediates;
    expectClose(trace.pattern!, float32([1, 3, 3], [1, 0, 0, 0.33024, 0.66976, 0, 0.14003, 0.284, 0.57598]), 1e-4);
    expectClose(trace.scores!, float32([1, 3, 3], [0.70711, 0.70711, 1.41421, 0, 0.70711, 0.70711, 0.70711, 1.41421, 2.12132]), 1e-4);
    expect(at(trace.masked_scores!, 0, 0, 1)).toBe(-Infinity);
    expect(at(trace.masked_scores!, 0, 1, 2)).toBe(-Infinity);
    expect(at(trace.masked_scores!, 0, 2, 1)).toBeCloseTo(1.41421, 4);
    expectClose(trace.q!, float32([1, 3, 2], [1, 1, 0, 1, 1, 2]));
  });

  it('matches the hand-worked example without the mask', () => {
    const { outputs, session } = runDoc(handDoc(false), { x });
    // Row 2 saw everything anyway, so it is the same as in the causal case.
    expect(at(outputs.y!, 0, 0, 0)).toBeCloseTo(0.75175, 4);
    expect(at(outputs.y!, 0, 0, 1)).toBeCloseTo(0.75175, 4);
    expect(at(outputs.y!, 0, 2, 0)).toBeCloseTo(0.85998, 4);
    expect(at(outputs.y!, 0, 2, 1)).toBeCloseTo(0.71601, 4);
    expect(session.blockRun('head')!.intermediates.masked_scores).toBeUndefined();
  });
});

describe('causal masking', () => {
  const vocab = 'abcdefgh'.split('');
  const lm = (causal: boolean): GraphDocument =>
    graph(
      [
        node('text', 'TokenInput', { tokenizer: { kind: 'char', vocab } }),
        node('embed', 'Embedding', { vocab_size: 8, d_model: 8 }),
        node('pos', 'PositionalEncoding', { max_len: 16 }),
        node('attn', 'MultiHeadAttention', { heads: 2, causal }),
        node('y', 'Output'),
      ],
      [edge('text', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'pos', 'x'), edge('pos', 'y', 'attn', 'x'), edge('attn', 'y', 'y', 'x')],
    );
  const firstPositions = (t: Tensor, n: number) => Array.from(t.data.slice(0, n * 8));

  it('changing a later token leaves earlier outputs unchanged', () => {
    const a = runDoc(lm(true), { text: int64([1, 4], [0, 1, 2, 3]) }).outputs.y!;
    const b = runDoc(lm(true), { text: int64([1, 4], [0, 1, 2, 7]) }).outputs.y!;
    expect(firstPositions(b, 3)).toEqual(firstPositions(a, 3));
    expect(Array.from(b.data.slice(24))).not.toEqual(Array.from(a.data.slice(24)));
  });

  it('without the mask, a later token does change earlier outputs', () => {
    const a = runDoc(lm(false), { text: int64([1, 4], [0, 1, 2, 3]) }).outputs.y!;
    const b = runDoc(lm(false), { text: int64([1, 4], [0, 1, 2, 7]) }).outputs.y!;
    expect(firstPositions(b, 1)).not.toEqual(firstPositions(a, 1));
  });

  it('CausalMask sets exactly the entries above the diagonal to −∞, for any length', () => {
    const doc = graph(
      [node('s', 'TestTensor', { shape: 'B,T,T' }), node('mask', 'CausalMask'), node('y', 'Output')],
      [edge('s', 'out', 'mask', 'scores'), edge('mask', 'masked', 'y', 'x')],
    );
    for (const T of [1, 3, 5]) {
      const scores = float32([2, T, T], wave(2 * T * T));
      const y = runDoc(doc, { s: scores }).outputs.y!;
      for (let b = 0; b < 2; b++)
        for (let r = 0; r < T; r++)
          for (let c = 0; c < T; c++) expect(at(y, b, r, c)).toBe(c > r ? -Infinity : at(scores, b, r, c));
    }
  });
});

describe('MultiHeadAttention', () => {
  const d = 4;
  const W = { q: matrix(d, d, 0.1), k: matrix(d, d, 0.7), v: matrix(d, d, 1.3), o: matrix(d, d, 2.1) };
  const x = float32([2, 3, d], wave(2 * 3 * d, 0.4));

  it('with one head equals an AttentionHead followed by W_o', () => {
    const doc = graph(
      [
        node('x', 'TestTensor', { shape: `B,T,${d}` }),
        node('mha', 'MultiHeadAttention', { heads: 1 }),
        node('head', 'AttentionHead', { d_head: d }),
        node('proj', 'Linear', { out_features: d, bias: false }),
        node('from_mha', 'Output'),
        node('from_head', 'Output'),
      ],
      [
        edge('x', 'out', 'mha', 'x'), edge('x', 'out', 'head', 'x'), edge('head', 'y', 'proj', 'x'),
        edge('mha', 'y', 'from_mha', 'x'), edge('proj', 'y', 'from_head', 'x'),
      ],
      {
        weights: {
          'mha.W_q': weight([d, d], W.q), 'mha.W_k': weight([d, d], W.k), 'mha.W_v': weight([d, d], W.v), 'mha.W_o': weight([d, d], W.o),
          'head.W_q': weight([d, d], W.q), 'head.W_k': weight([d, d], W.k), 'head.W_v': weight([d, d], W.v), 'proj.W': weight([d, d], W.o),
        },
      },
    );
    const { outputs } = runDoc(doc, { x });
    expectClose(outputs.from_mha!, outputs.from_head!, 1e-6);
  });

  for (const causal of [true, false]) {
    it(`with two heads matches a plain-loop reference (causal ${causal})`, () => {
      const doc = graph(
        [node('x', 'TestTensor', { shape: `B,T,${d}` }), node('mha', 'MultiHeadAttention', { heads: 2, causal }), node('y', 'Output')],
        [edge('x', 'out', 'mha', 'x'), edge('mha', 'y', 'y', 'x')],
        { weights: { 'mha.W_q': weight([d, d], W.q), 'mha.W_k': weight([d, d], W.k), 'mha.W_v': weight([d, d], W.v), 'mha.W_o': weight([d, d], W.o) } },
      );
      const { outputs, session } = runDoc(doc, { x });
      expectClose(outputs.y!, { shape: [2, 3, d], data: referenceAttention(x, x, W, 2, causal) }, 1e-5);
      const pattern = session.blockRun('mha')!.intermediates.pattern!;
      expect([...pattern.shape]).toEqual([2, 2, 3, 3]); // [B, h, T, T]
      for (let row = 0; row < 2 * 2 * 3; row++) expect(pattern.data[row * 3]! + pattern.data[row * 3 + 1]! + pattern.data[row * 3 + 2]!).toBeCloseTo(1, 6);
    });
  }

  it('adds its biases to the projections', () => {
    const base = graph(
      [node('x', 'TestTensor', { shape: `B,T,${d}` }), node('mha', 'MultiHeadAttention', { heads: 2, bias: true }), node('y', 'Output')],
      [edge('x', 'out', 'mha', 'x'), edge('mha', 'y', 'y', 'x')],
      { weights: { 'mha.b_o': weight([d], [1, 2, 3, 4]) } },
    );
    const withBias = runDoc(base, { x }).outputs.y!;
    const noBias = runDoc({ ...base, weights: { 'mha.b_o': weight([d], [0, 0, 0, 0]) } }, { x }).outputs.y!;
    for (let i = 0; i < withBias.data.length; i++) expect(withBias.data[i]! - noBias.data[i]!).toBeCloseTo((i % d) + 1, 5);
  });
});

describe('CrossAttention', () => {
  it('matches the plain-loop reference with a source of a different length', () => {
    const d = 4;
    const W = { q: matrix(d, d, 0.3), k: matrix(d, d, 0.9), v: matrix(d, d, 1.5), o: matrix(d, d, 2.5) };
    const doc = graph(
      [
        node('x', 'TestTensor', { shape: `B,T,${d}` }),
        node('mem', 'TestTensor', { shape: `B,S,${d}` }),
        node('cross', 'CrossAttention', { heads: 2 }),
        node('y', 'Output'),
      ],
      [edge('x', 'out', 'cross', 'x'), edge('mem', 'out', 'cross', 'memory'), edge('cross', 'y', 'y', 'x')],
      { weights: { 'cross.W_q': weight([d, d], W.q), 'cross.W_k': weight([d, d], W.k), 'cross.W_v': weight([d, d], W.v), 'cross.W_o': weight([d, d], W.o) } },
    );
    const x = float32([2, 3, d], wave(24, 0.2));
    const mem = float32([2, 5, d], wave(40, 1.1));
    const { outputs, session } = runDoc(doc, { x, mem });
    expectClose(outputs.y!, { shape: [2, 3, d], data: referenceAttention(x, mem, W, 2, false) }, 1e-5);
    expect([...session.blockRun('cross')!.intermediates.pattern!.shape]).toEqual([2, 2, 3, 5]); // [B, h, T, S]
  });
});
