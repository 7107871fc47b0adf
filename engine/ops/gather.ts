/**
 * Gather(data, indices: int64) along `axis` → data[:axis] + indices + data[axis+1:] (an embedding
 * lookup is Gather on axis 0). Gradient of the data: a scatter-add, written as a product with the one-hot
 * rows of the indices: d data[n] = Σ over positions p with indices[p] = n of g[p].
 */
import { sizeOf } from '../../graph-schema/tensor.ts';
import { normalizeAxis } from '../kernels/checks.ts';
import { gather } from '../kernels/layout-ops.ts';
import { gatherRule } from '../kernels/layout-rules.ts';
import { attr } from '../onnx/protos.ts';
import { defineOp, onSequence } from './define-op.ts';
import { noFlops, onnxNode } from './helpers.ts';

export const Gather = defineOp({
  name: 'Gather',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { axis }) => gatherRule('Gather', inputs, axis),
  flops: noFlops,
  kernel: (inputs, { axis }) => gather(inputs, axis),
  onnx: ({ axis }, ctx) => onnxNode('Gather', ctx, [attr.int('axis', axis)]),
  mixing: ({ axis }, ctx) => (onSequence(ctx, axis) ? 'Gather works along the sequence axis' : null),
  vjp: ({ b, grad, needs, inputs, type, attrs }) => {
    if (!needs[0]) return [null, null];
    const data = type(inputs[0]!).shape; // [...pre, n, ...post]
    const indices = type(inputs[1]!).shape; // [...I]
    const axis = normalizeAxis('Gather', attrs.axis, data.length);
    const n = data[axis]!;
    const [pre, post] = [sizeOf(data.slice(0, axis)), sizeOf(data.slice(axis + 1))];
    const count = sizeOf(indices);
    const oneHot = b.op('Reshape', [b.op('OneHot', [inputs[1]!], { depth: n })], { shape: [count, n] }); // [I, n]
    const g = b.op('Reshape', [grad], { shape: [pre, count, post] }); // [pre, I, post]
    const summed = b.op('MatMul', [b.op('Transpose', [oneHot], { perm: [1, 0] }), g], {}); // [pre, n, post]
    return [b.op('Reshape', [summed], { shape: [...data] }), null];
  },
});
