/** Trilu: keeps the upper (or lower) triangle of the last two axes from diagonal offset k, zeroes the rest. */
import { trilu } from '../kernels/shape-ops.ts';
import { triluRule } from '../kernels/shape-rules.ts';
import { attr, nodeProto } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { noFlops } from './helpers.ts';

export const Trilu = defineOp({
  name: 'Trilu',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { k }) => triluRule('Trilu', inputs, k),
  flops: noFlops,
  kernel: (inputs, { upper, k }) => trilu(inputs, upper, k),
  onnx: ({ upper, k }, ctx) => [nodeProto('Trilu', ctx.nodeName, [...ctx.inputs, ctx.int64Initializer('k', [k], [])], [ctx.output], [attr.int('upper', upper)])],
  // A [T, T] result is reported by the generic check (two sequence axes); the op itself is positionwise on its input.
  mixing: independent,
  vjp: ({ b, grad, needs, attrs }) => [needs[0] ? b.op('Trilu', [grad], attrs) : null], // the same mask
});
