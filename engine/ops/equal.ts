/** Equal: elementwise comparison with broadcasting → bool. */
import { equal } from '../kernels/index-ops.ts';
import { equalRule } from '../kernels/shape-rules.ts';
import { defineOp, independent } from './define-op.ts';
import { direct, perOutput } from './helpers.ts';

export const Equal = defineOp({
  name: 'Equal',
  dtype: () => 'bool',
  shape: (inputs) => equalRule('Equal', inputs),
  flops: perOutput,
  kernel: (inputs) => equal(inputs),
  onnx: direct('Equal'),
  mixing: independent,
  vjp: { none: 'a comparison is piecewise constant' },
});
