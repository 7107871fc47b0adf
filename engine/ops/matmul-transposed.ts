/**
 * MatMulTransposed(a, b) = MatMul(a, bᵀ), bᵀ swapping b's last two axes, as one fused op (the fast plan's
 * replacement for attention's Transpose(k) → MatMul(q, kᵀ)). For a few rows of a — a decoding step —
 * each output is a dot product of two contiguous rows, so the transposed copy of the whole key cache
 * is never made; for more rows the kernel transposes into a scratch tensor and uses the fast GEMM.
 * ONNX: Transpose then MatMul. Gradient: MatMul's, through bᵀ.
 */
import { arg, tuple } from '../pytorch/torch-expr.ts';
import { sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import { recycle, zeros } from '../kernels/alloc.ts';
import { at, fail, fmt, type TypeInfo } from '../kernels/checks.ts';
import { matmul } from '../kernels/matmul.ts';
import { batchOffsets } from '../kernels/matmul-reference.ts';
import { transpose } from '../kernels/layout-ops.ts';
import { matmulDims, matmulRule } from '../kernels/shape-rules.ts';
import { attr, nodeProto } from '../onnx/protos.ts';
import { defineOp } from './define-op.ts';
import { MatMul } from './matmul.ts';

/** Rows of a up to which the dot-product path beats transposing b for the GEMM. */
const DOT_ROWS = 4;

/** The permutation swapping the last two of `rank` axes. */
export function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return perm;
}

/** b's type with its last two axes swapped; b must have rank ≥ 2 and `perm` must be that swap. */
function transposedType(b: TypeInfo, perm: readonly number[]): TypeInfo {
  if (b.shape.length < 2) fail('MatMulTransposed', `b must have rank ≥ 2, got ${fmt(b.shape)}`);
  if (perm.join() !== swapLastTwo(b.shape.length).join())
    fail('MatMulTransposed', `perm [${perm.join(', ')}] must swap the last two axes of b ${fmt(b.shape)}`);
  const s = [...b.shape];
  [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1]!, s[s.length - 2]!];
  return { dtype: b.dtype, shape: s };
}

function rule(inputs: readonly TypeInfo[], perm: readonly number[]) {
  if (inputs.length !== 2) fail('MatMulTransposed', `expected 2 inputs, got ${inputs.length}`);
  return matmulRule('MatMulTransposed', [at(inputs, 0), transposedType(at(inputs, 1), perm)]);
}

function matmulTransposed(inputs: readonly Tensor[], perm: readonly number[]): Tensor {
  const type = rule(inputs, perm);
  const [a, b] = [at(inputs, 0), at(inputs, 1)];
  const dims = matmulDims('MatMulTransposed', a, transposedType(b, perm));
  if (dims.M > DOT_ROWS || !(a.data instanceof Float32Array) || !(b.data instanceof Float32Array)) {
    const bt = transpose([b], perm); // scratch: [..., K, N]
    const product = matmul([a, bt]);
    recycle(bt);
    return product;
  }
  const { batchShape, aBatch, bBatch, M, K, N } = dims;
  const out = zeros(type.dtype, type.shape); // [...batch, M, N] with a 1-D a's row dim dropped
  const y = out.data;
  const aOffsets = batchOffsets(aBatch, batchShape, M * K);
  const bOffsets = batchOffsets(bBatch, batchShape, N * K);
  for (let p = 0; p < aOffsets.length; p++) {
    for (let m = 0; m < M; m++) {
      const aRow = aOffsets[p]! + m * K;
      for (let n = 0; n < N; n++) {
        const bRow = bOffsets[p]! + n * K;
        let sum = 0;
        for (let k = 0; k < K; k++) sum += a.data[aRow + k]! * b.data[bRow + k]!;
        y[(p * M + m) * N + n] = sum;
      }
    }
  }
  return out;
}

export const MatMulTransposed = defineOp({
  name: 'MatMulTransposed',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { perm }) => rule(inputs, perm),
  flops: (inputs, output) => 2 * sizeOf(output) * (at(inputs, 1).shape[at(inputs, 1).shape.length - 1] ?? 0),
  kernel: (inputs, { perm }) => matmulTransposed(inputs, perm),
  torch: ({ perm }, ctx) => `${arg(ctx, 0)} @ ${arg(ctx, 1)}.permute${tuple(perm)}`,
  onnx: ({ perm }, ctx) => {
    const [a, b] = ctx.inputs as [string, string];
    const transposed = `${ctx.nodeName}/transposed`;
    return [
      nodeProto('Transpose', `${ctx.nodeName}/transpose`, [b], [transposed], [attr.ints('perm', perm)]),
      nodeProto('MatMul', ctx.nodeName, [a, transposed], [ctx.output]),
    ];
  },
  mixing: (_attrs, ctx) => MatMul.mixing({}, ctx),
  vjp: (ctx) => {
    const { b, inputs, needs, attrs } = ctx;
    const bt = b.op('Transpose', [inputs[1]!], { perm: attrs.perm });
    if (typeof MatMul.vjp !== 'function') return [null, null];
    const [da, dbt] = MatMul.vjp({ ...ctx, attrs: {}, inputs: [inputs[0]!, bt], needs });
    return [da ?? null, dbt ? b.op('Transpose', [dbt], { perm: attrs.perm }) : null];
  },
});
