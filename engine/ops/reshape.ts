/** Reshape (ONNX, allowzero = 0: a 0 copies the input dim, one −1 is inferred). Gradient: reshape back. */
import { arg, tuple } from '../pytorch/torch-expr.ts';
import { sequenceAxes } from './define-op.ts';
import { reshape } from '../kernels/layout-ops.ts';
import { reshapeTarget } from '../kernels/layout-rules.ts';
import { ANY, unaryRule } from '../kernels/shape-rules.ts';
import { nodeProto } from '../onnx/protos.ts';
import { defineOp } from './define-op.ts';
import { noFlops } from './helpers.ts';

export const Reshape = defineOp({
  name: 'Reshape',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, attrs) => {
    const x = unaryRule('Reshape', inputs, ANY);
    return { dtype: x.dtype, shape: reshapeTarget('Reshape', x.shape, attrs.shape) };
  },
  flops: noFlops,
  sameElements: true,
  kernel: (inputs, attrs) => reshape(inputs, attrs.shape),
  onnx: ({ shape }, ctx) => [nodeProto('Reshape', ctx.nodeName, [...ctx.inputs, ctx.int64Initializer('shape', shape)], [ctx.output])],
  torch: ({ shape }, ctx) => `onnx_reshape(${arg(ctx, 0)}, ${tuple(shape)})`,
  mixing: (_attrs, { inputs, output }) =>
    sequenceAxes(inputs[0]).length > 0 && sequenceAxes(output).length === 0 ? 'Reshape merges the sequence axis' : null,
  vjp: ({ b, grad, needs, inputs, type }) => [needs[0] ? b.op('Reshape', [grad], { shape: [...type(inputs[0]!).shape] }) : null],
});
