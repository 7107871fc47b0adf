/** Transpose(perm): permutes the axes. Gradient: the inverse permutation. */
import { transpose } from '../kernels/layout-ops.ts';
import { transposeRule } from '../kernels/layout-rules.ts';
import { attr } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { noFlops, onnxNode } from './helpers.ts';

export const Transpose = defineOp({
  name: 'Transpose',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { perm }) => transposeRule('Transpose', inputs, perm),
  flops: noFlops,
  kernel: (inputs, { perm }) => transpose(inputs, perm),
  // Our prim always spells perm out (the kernel rejects an empty one), so no ONNX "reverse" default.
  onnx: ({ perm }, ctx) => onnxNode('Transpose', ctx, [attr.ints('perm', perm)]),
  mixing: independent,
  vjp: ({ b, grad, needs, attrs }) => {
    const inverse = new Array<number>(attrs.perm.length);
    attrs.perm.forEach((p, i) => (inverse[p] = i));
    return [needs[0] ? b.op('Transpose', [grad], { perm: inverse }) : null];
  },
});
