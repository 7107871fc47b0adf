/** Unsqueeze(axes): inserts size-1 axes (axes index the output). Gradient: reshape back. */
import { arg, tuple } from '../pytorch/torch-expr.ts';
import { unsqueeze } from '../kernels/layout-ops.ts';
import { unsqueezeShape } from '../kernels/layout-rules.ts';
import { ANY, unaryRule } from '../kernels/shape-rules.ts';
import { nodeProto } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { noFlops } from './helpers.ts';

export const Unsqueeze = defineOp({
  name: 'Unsqueeze',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { axes }) => {
    const x = unaryRule('Unsqueeze', inputs, ANY);
    return { dtype: x.dtype, shape: unsqueezeShape('Unsqueeze', x.shape, axes) };
  },
  flops: noFlops,
  sameElements: true,
  kernel: (inputs, { axes }) => unsqueeze(inputs, axes),
  onnx: ({ axes }, ctx) => [nodeProto('Unsqueeze', ctx.nodeName, [...ctx.inputs, ctx.int64Initializer('axes', axes)], [ctx.output])],
  torch: ({ axes }, ctx) => `onnx_unsqueeze(${arg(ctx, 0)}, ${tuple(axes)})`,
  mixing: independent,
  vjp: ({ b, grad, needs, inputs, type }) => [needs[0] ? b.op('Reshape', [grad], { shape: [...type(inputs[0]!).shape] }) : null],
});
