/** ArgMax(axis, keepdims) → int64 index of the first maximum. */
import { argMax } from '../kernels/index-ops.ts';
import { argMaxRule } from '../kernels/shape-rules.ts';
import { attr } from '../onnx/protos.ts';
import { defineOp, onSequence } from './define-op.ts';
import { onnxNode, perInput } from './helpers.ts';

export const ArgMax = defineOp({
  name: 'ArgMax',
  dtype: () => 'int64',
  shape: (inputs, { axis, keepdims }) => argMaxRule('ArgMax', inputs, axis, keepdims),
  flops: perInput,
  kernel: (inputs, { axis, keepdims }) => argMax(inputs, axis, keepdims),
  onnx: ({ axis, keepdims }, ctx) => onnxNode('ArgMax', ctx, [attr.int('axis', axis), attr.int('keepdims', keepdims)]),
  mixing: ({ axis }, ctx) => (onSequence(ctx, axis) ? 'ArgMax works along the sequence axis' : null),
  vjp: { none: 'an index is an integer' },
});
