/** Cast(to): any dtype to any dtype. Differentiable only float32 → float32 (the identity). */
import { cast } from '../kernels/index-ops.ts';
import { castRule } from '../kernels/shape-rules.ts';
import { attr, ONNX_DTYPE } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { noFlops, onnxNode } from './helpers.ts';

export const Cast = defineOp({
  name: 'Cast',
  dtype: (_inputs, { to }) => to,
  shape: (inputs, { to }) => castRule('Cast', inputs, to),
  flops: noFlops,
  kernel: (inputs, { to }) => cast(inputs, to),
  onnx: ({ to }, ctx) => onnxNode('Cast', ctx, [attr.int('to', ONNX_DTYPE[to])]),
  mixing: independent,
  vjp: ({ grad, needs, output, inputs }) => [needs[0] && output.dtype === 'float32' && inputs[0]!.dtype === 'float32' ? grad : null],
});
