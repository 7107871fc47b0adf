/** Concat(axis): joins tensors along one axis. Gradient: each input's slice of the output gradient. */
import { ints } from '../../graph-schema/ops.ts';
import { concat } from '../kernels/layout-ops.ts';
import { concatRule } from '../kernels/layout-rules.ts';
import { normalizeAxis } from '../kernels/checks.ts';
import { attr } from '../onnx/protos.ts';
import { defineOp, onSequence } from './define-op.ts';
import { noFlops, onnxNode } from './helpers.ts';

export const Concat = defineOp({
  name: 'Concat',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { axis }) => concatRule('Concat', inputs, axis),
  flops: noFlops,
  kernel: (inputs, { axis }) => concat(inputs, axis),
  onnx: ({ axis }, ctx) => onnxNode('Concat', ctx, [attr.int('axis', axis)]),
  mixing: ({ axis }, ctx) => (onSequence(ctx, axis) ? 'Concat works along the sequence axis' : null),
  vjp: ({ b, grad, needs, inputs, type, attrs }) => {
    const shapes = inputs.map((v) => type(v).shape);
    const axis = normalizeAxis('Concat', attrs.axis, shapes[0]!.length);
    let start = 0;
    return shapes.map((shape, i) => {
      const from = start;
      start += shape[axis]!;
      return needs[i] ? b.op('Slice', [grad, ints(b, [from]), ints(b, [start])], { axes: [axis] }) : null;
    });
  },
});
