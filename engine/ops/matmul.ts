/**
 * MatMul with numpy semantics (1-D operands, broadcast batch dims). The kernel is the fast GEMM
 * (WebAssembly SIMD, plain-JS fallback) for float32 and the float64-accumulating reference otherwise.
 * Gradient: dA = G·Bᵀ, dB = Aᵀ·G, summed back over broadcast batch dims; 1-D operands are treated as
 * a row (A) or a column (B) as numpy does.
 */
import type { Builder, Value } from '../../graph-schema/block.ts';
import { sizeOf } from '../../graph-schema/tensor.ts';
import { matmul } from '../kernels/matmul.ts';
import { matmulDims, matmulRule } from '../kernels/shape-rules.ts';
import { at } from '../kernels/checks.ts';
import { defineOp, SEQUENCE } from './define-op.ts';
import { direct, unbroadcast } from './helpers.ts';

/** Swaps the last two axes. */
function swapLast2(b: Builder, x: Value, rank: number): Value {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return b.op('Transpose', [x], { perm });
}

export const MatMul = defineOp({
  name: 'MatMul',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs) => matmulRule('MatMul', inputs),
  flops: (inputs, output) => 2 * sizeOf(output) * matmulDims('MatMul', at(inputs, 0), at(inputs, 1)).K, // batch·M·N outputs, K multiply-adds each
  kernel: (inputs) => matmul(inputs),
  onnx: direct('MatMul'),
  mixing: (_attrs, { inputs }) => {
    const a = inputs[0];
    return a && a[a.length - 1] === SEQUENCE ? 'MatMul sums over positions' : null;
  },
  vjp: ({ b, inputs, grad, needs, type }) => {
    const [a, w] = [inputs[0]!, inputs[1]!];
    const aShape = type(a).shape;
    const wShape = type(w).shape;
    // Lift 1-D operands to matrices: a [K] → [1, K], w [K] → [K, 1], and give the gradient its dropped axes back.
    const a2 = aShape.length === 1 ? b.op('Unsqueeze', [a], { axes: [0] }) : a; // [..., M, K]
    const w2 = wShape.length === 1 ? b.op('Unsqueeze', [w], { axes: [1] }) : w; // [..., K, N]
    const a2Shape = aShape.length === 1 ? [1, aShape[0]!] : aShape;
    const w2Shape = wShape.length === 1 ? [wShape[0]!, 1] : wShape;
    let g = grad;
    if (aShape.length === 1) g = b.op('Unsqueeze', [g], { axes: [wShape.length === 1 ? 0 : type(grad).shape.length - 1] });
    if (wShape.length === 1) g = b.op('Unsqueeze', [g], { axes: [type(g).shape.length] });
    const gShape = type(g).shape; // [..., M, N]
    const batch = gShape.slice(0, -2);
    const [M, N] = [gShape[gShape.length - 2]!, gShape[gShape.length - 1]!];
    const K = a2Shape[a2Shape.length - 1]!;
    const da = needs[0] ? b.op('MatMul', [g, swapLast2(b, w2, w2Shape.length)], {}) : null; // G·Bᵀ: [..., M, K]
    const dw = needs[1] ? b.op('MatMul', [swapLast2(b, a2, a2Shape.length), g], {}) : null; // Aᵀ·G: [..., K, N]
    return [
      da && b.op('Reshape', [unbroadcast(b, da, [...batch, M, K], a2Shape)], { shape: [...aShape] }),
      dw && b.op('Reshape', [unbroadcast(b, dw, [...batch, K, N], w2Shape)], { shape: [...wShape] }),
    ];
  },
});
