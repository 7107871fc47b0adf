/**
 * Element-wise and per-token layers against formulas: LayerNorm, GELU (exact erf form), ReLU,
 * FeedForward, Scale, MatMul and Argmax.
 */
import { describe, expect, it } from 'vitest';
import { float32 } from '../../graph-schema/tensor.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { edge, expectClose, graph, node, runDoc } from './helpers.ts';

/** x → block → Output, with the block's input port `x` and output port `port`. */
function single(block: string, params: Record<string, unknown>, shape: string, port = 'y', weights: GraphDocument['weights'] = {}): GraphDocument {
  return graph(
    [node('x', 'TestTensor', { shape }), node('block', block, params), node('y', 'Output')],
    [edge('x', 'out', 'block', 'x'), edge('block', port, 'y', 'x')],
    { weights },
  );
}

describe('LayerNorm', () => {
  const weights = { 'block.gamma': { shape: [4], data: [2, 2, 2, 2] }, 'block.beta': { shape: [4], data: [0.5, -1, 2, 0] } };

  it('turns a constant row into beta, without NaN', () => {
    const { outputs, session } = runDoc(single('LayerNorm', {}, 'B,4', 'y', weights), { x: float32([1, 4], [3, 3, 3, 3]) });
    expectClose(outputs.y!, float32([1, 4], [0.5, -1, 2, 0]), 1e-6);
    expectClose(session.blockRun('block')!.intermediates.variance!, float32([1, 1], [0]));
  });

  it('normalises with the biased variance: [1, 2, 3, 4] → mean 2.5, variance 1.25', () => {
    const { outputs, session } = runDoc(single('LayerNorm', {}, 'B,4', 'y', weights), { x: float32([1, 4], [1, 2, 3, 4]) });
    const s = Math.sqrt(1.25 + 1e-5);
    const expected = [1, 2, 3, 4].map((v, i) => (2 * (v - 2.5)) / s + [0.5, -1, 2, 0][i]!);
    expectClose(outputs.y!, float32([1, 4], expected), 1e-5);
    expectClose(session.blockRun('block')!.intermediates.mean!, float32([1, 1], [2.5]));
    expectClose(session.blockRun('block')!.intermediates.variance!, float32([1, 1], [1.25]));
  });
});

describe('GELU', () => {
  it('equals x·Φ(x) at known points of the normal distribution', () => {
    // Φ(1) = 0.8413447461, Φ(2) = 0.9772498681, Φ(3) = 0.9986501020, Φ(0.5) = 0.6914624613; Φ(−x) = 1 − Φ(x).
    const xs = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3];
    const phi: Record<number, number> = { 0: 0.5, 0.5: 0.6914624613, 1: 0.8413447461, 2: 0.9772498681, 3: 0.998650102 };
    const cdf = (x: number) => (x >= 0 ? phi[x]! : 1 - phi[-x]!);
    const { outputs } = runDoc(single('GELU', {}, `${xs.length}`), { x: float32([xs.length], xs) });
    expectClose(outputs.y!, float32([xs.length], xs.map((x) => x * cdf(x))), 1e-6);
  });
});

describe('ReLU, Scale, MatMul, Argmax', () => {
  it('ReLU zeroes negatives only', () => {
    const { outputs } = runDoc(single('ReLU', {}, '5'), { x: float32([5], [-2, -0.5, 0, 0.5, 2]) });
    expectClose(outputs.y!, float32([5], [0, 0, 0, 0.5, 2]));
  });

  it('Scale multiplies by its factor', () => {
    const { outputs } = runDoc(single('Scale', { factor: -2.5 }, '3'), { x: float32([3], [1, -2, 0.5]) });
    expectClose(outputs.y!, float32([3], [-2.5, 5, -1.25]));
  });

  it('MatMul multiplies batched matrices', () => {
    const doc = graph(
      [node('a', 'TestTensor', { shape: 'B,2,3' }), node('b', 'TestTensor', { shape: 'B,3,2' }), node('mm', 'MatMul'), node('y', 'Output')],
      [edge('a', 'out', 'mm', 'a'), edge('b', 'out', 'mm', 'b'), edge('mm', 'product', 'y', 'x')],
    );
    const a = float32([1, 2, 3], [1, 2, 3, 4, 5, 6]);
    const b = float32([1, 3, 2], [7, 8, 9, 10, 11, 12]);
    // [1 2 3]·[[7 8] [9 10] [11 12]] = [58 64]; [4 5 6]·… = [139 154]
    expectClose(runDoc(doc, { a, b }).outputs.y!, float32([1, 2, 2], [58, 64, 139, 154]));
  });

  it('Argmax picks the first largest entry of the last axis', () => {
    const { outputs } = runDoc(single('Argmax', {}, 'B,4', 'ids'), { x: float32([3, 4], [0, 3, 1, 3, -1, -2, -3, -4, 0.1, 0.2, 0.3, 0.9]) });
    expect(outputs.y!.dtype).toBe('int64');
    expect(Array.from(outputs.y!.data)).toEqual([1, 0, 3]);
  });
});

describe('FeedForward', () => {
  // d_model 2, d_ff 3: W1 = [[1, -1, 0.5], [0, 1, -2]], b1 = [0, 0.5, 0], W2 = [[1, 0], [0, 1], [1, 1]], b2 = [0.1, 0.2]
  // x = [1, 2] → x·W1 + b1 = [1, 1.5, -3.5] → ReLU [1, 1.5, 0] → ·W2 + b2 = [1.1, 1.7]
  const weights = {
    'block.W1': { shape: [2, 3], data: [1, -1, 0.5, 0, 1, -2] },
    'block.b1': { shape: [3], data: [0, 0.5, 0] },
    'block.W2': { shape: [3, 2], data: [1, 0, 0, 1, 1, 1] },
    'block.b2': { shape: [2], data: [0.1, 0.2] },
  };

  it('relu: matches the hand computation', () => {
    const { outputs, session } = runDoc(single('FeedForward', { d_ff: 3, activation: 'relu' }, 'B,2', 'y', weights), { x: float32([1, 2], [1, 2]) });
    expectClose(outputs.y!, float32([1, 2], [1.1, 1.7]), 1e-6);
    expectClose(session.blockRun('block')!.intermediates.hidden!, float32([1, 3], [1, 1.5, 0]));
  });

  it('gelu: the hidden layer is GELU of the same pre-activations', () => {
    // GELU(1) = Φ(1) = 0.8413447; GELU(1.5) = 1.5·Φ(1.5) = 1.5·0.9331928 = 1.3997892; GELU(−3.5) = −3.5·Φ(−3.5) = −3.5·0.0002326 = −0.0008141
    const { session } = runDoc(single('FeedForward', { d_ff: 3, activation: 'gelu' }, 'B,2', 'y', weights), { x: float32([1, 2], [1, 2]) });
    expectClose(session.blockRun('block')!.intermediates.hidden!, float32([1, 3], [0.8413447, 1.3997892, -0.0008141]), 1e-6);
  });
});
