/**
 * A small causal self-attention plan with a dynamic sequence axis, and a plain-JS reference for it.
 *
 * layers.0.attn: q,k,v = x·W; scores = q·kᵀ / √d; mask = Trilu(ConstantOfShape(Shape(scores)[1:]), upper, k=1);
 *               pattern = Softmax(scores + mask·(−1e9)); out = pattern·v
 * layers.0.mlp:  out = Relu(attn.out); first2 = out[..., 0:2] (an intermediate the compiler records no shape for)
 */
import { float32, int64 } from '../../graph-schema/tensor.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { TestPlan, seeded } from './helpers.ts';

export const D = 4;

/** Builds the attention plan; `reverseWeights` changes only the weight map's insertion order. */
export function attentionPlan(reverseWeights = false): Plan {
  const b = new TestPlan();
  const x = b.input('x', 'float32', ['B', 'T', D]);
  const wq = b.weight('layers.0.attn.W_Q', seeded([D, D], 1));
  const wk = b.weight('layers.0.attn.W_K', seeded([D, D], 2));
  const wv = b.weight('layers.0.attn.W_V', seeded([D, D], 3));
  const scale = b.constant(float32([], [Math.sqrt(D)]));
  const negInf = b.constant(float32([], [-1e9]));
  const a = 'layers.0.attn';
  const q = b.step('MatMul', {}, [x, wq], 'float32', a); // [B, T, D]
  const k = b.step('MatMul', {}, [x, wk], 'float32', a);
  const v = b.step('MatMul', {}, [x, wv], 'float32', a);
  const kT = b.step('Transpose', { perm: [0, 2, 1] }, [k], 'float32', a); // [B, D, T]
  const raw = b.step('MatMul', {}, [q, kT], 'float32', a); // [B, T, T]
  const scores = b.step('Div', {}, [raw, scale], 'float32', a);
  const tt = b.step('Shape', { start: 1 }, [scores], 'int64', a); // [2] = (T, T)
  const ones = b.step('ConstantOfShape', { value: 1 }, [tt], 'float32', a); // [T, T]
  const future = b.step('Trilu', { upper: true, k: 1 }, [ones], 'float32', a); // 1 above the diagonal
  const bias = b.step('Mul', {}, [future, negInf], 'float32', a);
  const masked = b.step('Add', {}, [scores, bias], 'float32', a);
  const pattern = b.step('Softmax', { axis: -1 }, [masked], 'float32', a);
  const out = b.step('MatMul', {}, [pattern, v], 'float32', a); // [B, T, D]
  b.block(a, 'CausalSelfAttention', {
    outputs: { out }, outputShapes: { out: ['B', 'T', D] }, intermediates: { scores, pattern },
  });

  const m = 'layers.0.mlp';
  const starts = b.constant(int64([1], [0]));
  const ends = b.constant(int64([1], [2]));
  const relu = b.step('Relu', {}, [out], 'float32', m);
  const first2 = b.step('Slice', { axes: [2] }, [relu, starts, ends], 'float32', m);
  b.block(m, 'Relu', { outputs: { out: relu }, outputShapes: { out: ['B', 'T', D] }, intermediates: { first2 } });
  b.output('y', relu, ['B', 'T', D]);
  return b.build(reverseWeights);
}

/** Reference results of the attention plan for one input, in float64. */
export function attentionReference(x: Tensor, plan: Plan): { scores: Tensor; pattern: Tensor; y: Tensor } {
  const [batch, t] = [x.shape[0]!, x.shape[1]!];
  const w = (name: string): ArrayLike<number> => plan.weights.get(name)!.tensor.data;
  const project = (weight: ArrayLike<number>, bi: number, i: number, j: number): number => {
    let s = 0;
    for (let c = 0; c < D; c++) s += x.data[(bi * t + i) * D + c]! * weight[c * D + j]!;
    return s;
  };
  const [wq, wk, wv] = [w('layers.0.attn.W_Q'), w('layers.0.attn.W_K'), w('layers.0.attn.W_V')];
  const scores = new Float32Array(batch * t * t);
  const pattern = new Float32Array(batch * t * t);
  const y = new Float32Array(batch * t * D);
  for (let bi = 0; bi < batch; bi++) {
    for (let i = 0; i < t; i++) {
      const row: number[] = [];
      for (let j = 0; j < t; j++) {
        let s = 0;
        for (let c = 0; c < D; c++) s += project(wq, bi, i, c) * project(wk, bi, j, c);
        scores[(bi * t + i) * t + j] = s / Math.sqrt(D);
        row.push(j > i ? -Infinity : s / Math.sqrt(D));
      }
      const max = Math.max(...row);
      const exps = row.map((s) => Math.exp(s - max));
      const sum = exps.reduce((p, e) => p + e, 0);
      exps.forEach((e, j) => (pattern[(bi * t + i) * t + j] = e / sum));
      for (let c = 0; c < D; c++) {
        let s = 0;
        for (let j = 0; j < t; j++) s += (exps[j]! / sum) * project(wv, bi, j, c);
        y[(bi * t + i) * D + c] = Math.max(0, s);
      }
    }
  }
  return {
    scores: float32([batch, t, t], scores),
    pattern: float32([batch, t, t], pattern),
    y: float32([batch, t, D], y),
  };
}
