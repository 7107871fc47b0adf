/**
 * Softmax along one axis (ONNX 13 semantics). Gradient: dx = y · (g − Σ_axis g·y).
 */
import { sizeOf } from '../../graph-schema/tensor.ts';
import { attr } from '../onnx/protos.ts';
import { softmax } from '../kernels/softmax.ts';
import { softmaxRule } from '../kernels/shape-rules.ts';
import { defineOp, onSequence } from './define-op.ts';
import { onnxNode } from './helpers.ts';

export const Softmax = defineOp({
  name: 'Softmax',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { axis }) => softmaxRule('Softmax', inputs, axis),
  flops: (_inputs, output) => 5 * sizeOf(output), // max, subtract, exp, sum, divide
  kernel: (inputs, { axis }) => softmax(inputs, axis),
  onnx: ({ axis }, ctx) => onnxNode('Softmax', ctx, [attr.int('axis', axis)]),
  mixing: ({ axis }, ctx) => (onSequence(ctx, axis) ? 'Softmax works along the sequence axis' : null),
  vjp: ({ b, output, grad, needs, attrs }) => {
    if (!needs[0]) return [null];
    const gy = b.op('Mul', [grad, output], {});
    const sum = b.op('ReduceSum', [gy], { axes: [attrs.axis], keepdims: true }); // Σ_axis g·y
    return [b.op('Mul', [output, b.op('Sub', [grad, sum], {})], {})];
  },
});
