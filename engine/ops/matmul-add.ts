/**
 * MatMulAdd(a, w, bias) = MatMul(a, w) + bias as one fused op (the fast plan's replacement for a dense
 * layer's MatMul → Add): the bias is added into the product's fresh output instead of a second tensor.
 * ONNX: MatMul then Add. Gradient: MatMul's for a and w, the output gradient summed back to the bias.
 */
import { arg } from '../pytorch/torch-expr.ts';
import { sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import { arithmetic } from '../kernels/elementwise.ts';
import { matmulAddRule } from '../kernels/fused-rules.ts';
import { matmul } from '../kernels/matmul.ts';
import { nodeProto } from '../onnx/protos.ts';
import { at } from '../kernels/checks.ts';
import { defineOp } from './define-op.ts';
import { unbroadcast } from './helpers.ts';
import { MatMul } from './matmul.ts';

/** The product with the bias added: in place for a float32 bias along the last axis, else by broadcasting. */
function matmulAdd(inputs: readonly Tensor[]): Tensor {
  matmulAddRule('MatMulAdd', inputs);
  const product = matmul([at(inputs, 0), at(inputs, 1)]);
  const bias = at(inputs, 2);
  const N = product.shape[product.shape.length - 1] ?? 1;
  if (!(product.data instanceof Float32Array) || bias.shape.length !== 1 || bias.shape[0] !== N || N === 0) return arithmetic('Add', [product, bias]);
  const y = product.data;
  const v = bias.data;
  for (let base = 0; base < y.length; base += N) for (let j = 0; j < N; j++) y[base + j] = y[base + j]! + v[j]!;
  return product;
}

export const MatMulAdd = defineOp({
  name: 'MatMulAdd',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs) => matmulAddRule('MatMulAdd', inputs),
  flops: (inputs, output, attrs) => MatMul.flops(inputs.slice(0, 2), output, attrs) + sizeOf(output),
  kernel: (inputs) => matmulAdd(inputs),
  torch: (_attrs, ctx) => `${arg(ctx, 0)} @ ${arg(ctx, 1)} + ${arg(ctx, 2)}`,
  onnx: (_attrs, ctx) => {
    const [a, w, bias] = ctx.inputs as [string, string, string];
    const product = `${ctx.nodeName}/product`;
    return [nodeProto('MatMul', `${ctx.nodeName}/matmul`, [a, w], [product]), nodeProto('Add', ctx.nodeName, [product, bias], [ctx.output])];
  },
  mixing: (attrs, ctx) => MatMul.mixing(attrs, ctx),
  vjp: (ctx) => {
    const { b, inputs, grad, needs, type } = ctx;
    const matmulGrads = typeof MatMul.vjp === 'function' && (needs[0] || needs[1])
      ? MatMul.vjp({ ...ctx, inputs: inputs.slice(0, 2), needs: needs.slice(0, 2) })
      : [null, null];
    const dBias = needs[2] ? unbroadcast(b, grad, type(grad).shape, type(inputs[2]!).shape) : null;
    return [matmulGrads[0] ?? null, matmulGrads[1] ?? null, dBias];
  },
});
