/** OneHot(indices) → float32 [..., depth] with values 0/1 (ONNX OneHot, axis −1). */
import { oneHot } from '../kernels/index-ops.ts';
import { oneHotRule } from '../kernels/shape-rules.ts';
import { attr, nodeProto } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { noFlops } from './helpers.ts';

export const OneHot = defineOp({
  name: 'OneHot',
  dtype: () => 'float32',
  shape: (inputs, { depth }) => oneHotRule('OneHot', inputs, depth),
  flops: noFlops,
  kernel: (inputs, { depth }) => oneHot(inputs, depth),
  onnx: ({ depth }, ctx) => {
    // ONNX OneHot(indices, depth, values=[off, on]); the values' type (float32) sets the output type.
    const extra = [ctx.int64Initializer('depth', [depth], []), ctx.float32Initializer('values', [0, 1])];
    return [nodeProto('OneHot', ctx.nodeName, [...ctx.inputs, ...extra], [ctx.output], [attr.int('axis', -1)])];
  },
  mixing: independent,
  vjp: { none: 'indices are integers' },
});
