/**
 * The elementwise unary maps blocks are built from: Relu, Exp, Sqrt, Erf, Tanh, Sigmoid, Identity.
 * Float math runs in float64 and rounds once on store. Each gradient is the derivative times the
 * incoming gradient, written with the op's own output where that is cheaper (exp, sqrt, tanh, sigmoid).
 */
import type { Value } from '../../graph-schema/block.ts';
import { scalar } from '../../graph-schema/ops.ts';
import type { PrimOp } from '../../graph-schema/primitives.ts';
import type { DType } from '../../graph-schema/tensor.ts';
import { mapUnary } from '../kernels/elementwise.ts';
import { erf } from '../kernels/math.ts';
import { ANY, FLOAT, unaryRule } from '../kernels/shape-rules.ts';
import { defineOp, independent, type OpDefinition, type VjpContext } from './define-op.ts';
import { direct, noFlops, perOutput, times } from './helpers.ts';

type UnaryOp = 'Relu' | 'Exp' | 'Sqrt' | 'Erf' | 'Tanh' | 'Sigmoid' | 'Identity' | 'Neg' | 'Log' | 'Sin' | 'Cos';

/**
 * The definition of an elementwise map `f` on the dtypes `allowed` (null f: a copy) whose input gradient
 * is `derivative(ctx)`, already multiplied by the incoming gradient.
 */
export function unaryOp<K extends UnaryOp & PrimOp>(
  name: K,
  allowed: readonly DType[],
  f: ((x: number) => number) | null,
  derivative: (ctx: VjpContext<K>) => Value,
): OpDefinition<K> {
  return defineOp<K>({
    name,
    dtype: (inputs) => inputs[0] ?? 'float32',
    shape: (inputs) => unaryRule(name, inputs, allowed),
    flops: f === null ? noFlops : perOutput,
    kernel: (inputs) => mapUnary(name, inputs, allowed, f),
    onnx: direct(name),
    mixing: independent,
    vjp: (ctx) => [ctx.needs[0] ? derivative(ctx) : null],
  });
}

const mul = (ctx: VjpContext<PrimOp>, x: Value, y: Value): Value => ctx.b.op('Mul', [x, y], {});

// float32 only: onnxruntime has no int64 Relu kernel, so an int64 Relu could not be exported and run.
// relu'(x) = 1 where the output is positive, 0 elsewhere (0 at x = 0, as PyTorch).
export const Relu = unaryOp('Relu', FLOAT, (x) => (x < 0 ? 0 : x), ({ b, output, grad }) =>
  b.op('Where', [b.op('Equal', [output, scalar(b, 0)], {}), scalar(b, 0), grad], {}),
);
export const Exp = unaryOp('Exp', FLOAT, Math.exp, (ctx) => mul(ctx, ctx.grad, ctx.output));
// sqrt(-1) = NaN, as in IEEE. d√x = 1 / (2√x)
export const Sqrt = unaryOp('Sqrt', FLOAT, Math.sqrt, ({ b, grad, output }) => b.op('Div', [grad, times(b, output, 2)], {}));
// d erf(x) = 2/√π · exp(−x²)
export const Erf = unaryOp('Erf', FLOAT, erf, (ctx) => {
  const { b, inputs, grad } = ctx;
  const x = inputs[0]!;
  const bell = b.op('Exp', [b.op('Neg', [mul(ctx, x, x)], {})], {});
  return mul(ctx, grad, times(b, bell, 2 / Math.sqrt(Math.PI)));
});
// d tanh = 1 − tanh²
export const Tanh = unaryOp('Tanh', FLOAT, Math.tanh, (ctx) =>
  mul(ctx, ctx.grad, ctx.b.op('Sub', [scalar(ctx.b, 1), mul(ctx, ctx.output, ctx.output)], {})),
);
// exp overflow gives exactly 0, never NaN. dσ = σ(1 − σ)
export const Sigmoid = unaryOp('Sigmoid', FLOAT, (x) => 1 / (1 + Math.exp(-x)), (ctx) =>
  mul(ctx, mul(ctx, ctx.grad, ctx.output), ctx.b.op('Sub', [scalar(ctx.b, 1), ctx.output], {})),
);
export const Identity = unaryOp('Identity', ANY, null, ({ grad }) => grad);
