/** Shape(x)[start:end] as int64 (ONNX 15 attributes). Its value is known statically: it folds. */
import type { Tensor } from '../../graph-schema/tensor.ts';
import { at } from '../kernels/checks.ts';
import { shapeRange, shapeRule } from '../kernels/layout-rules.ts';
import { shape } from '../kernels/shape-ops.ts';
import { attr } from '../onnx/protos.ts';
import { defineOp, sequenceAxes } from './define-op.ts';
import { noFlops, onnxNode } from './helpers.ts';

export const Shape = defineOp({
  name: 'Shape',
  dtype: () => 'int64',
  shape: (inputs, { start, end }) => {
    const out = shapeRule('Shape', inputs, start, end);
    const dims = at(inputs, 0).shape;
    const [lo, hi] = shapeRange(dims.length, start, end);
    const value: Tensor = { dtype: 'int64', shape: [hi - lo], data: Int32Array.from(dims.slice(lo, hi)) };
    return { ...out, value };
  },
  flops: noFlops,
  kernel: (inputs, { start, end }) => shape(inputs, start, end),
  onnx: ({ start, end }, ctx) => onnxNode('Shape', ctx, [attr.int('start', start), ...(end === undefined ? [] : [attr.int('end', end)])]),
  mixing: ({ start, end }, { inputs }) => {
    const x = inputs[0];
    if (!x) return null;
    const [lo, hi] = shapeRange(x.length, start, end);
    return sequenceAxes(x).some((a) => a >= lo && a < hi) ? 'Shape reads the sequence length' : null;
  },
  vjp: { none: 'Shape reads sizes, not values' },
});
