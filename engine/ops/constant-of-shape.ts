/** ConstantOfShape(shape: int64 1-D) filled with `value` (float32); the shape must be known statically. */
import { at, expectDType, fail, fmt, intVector } from '../kernels/checks.ts';
import { constantOfShapeRule } from '../kernels/layout-rules.ts';
import { constantOfShape } from '../kernels/shape-ops.ts';
import { attr, float32TensorProto } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { noFlops, onnxNode } from './helpers.ts';

export const ConstantOfShape = defineOp({
  name: 'ConstantOfShape',
  dtype: () => 'float32',
  shape: (inputs) => {
    if (inputs.length !== 1) return constantOfShapeRule('ConstantOfShape', inputs, []); // reports the arity
    const s = at(inputs, 0);
    expectDType('ConstantOfShape', 'shape', s, ['int64']);
    if (s.shape.length !== 1) fail('ConstantOfShape', `shape must be 1-D, got shape ${fmt(s.shape)}`);
    if (s.value === undefined) fail('ConstantOfShape', 'shape must be known statically (e.g. computed from Shape or a constant)');
    return constantOfShapeRule('ConstantOfShape', inputs, intVector('ConstantOfShape', 'shape', s.value));
  },
  flops: noFlops,
  kernel: (inputs, { value }) => constantOfShape(inputs, value),
  onnx: ({ value }, ctx) => onnxNode('ConstantOfShape', ctx, [attr.tensor('value', float32TensorProto('', [value], [1]))]),
  mixing: independent,
  vjp: { none: 'a constant does not depend on its input values' },
});
