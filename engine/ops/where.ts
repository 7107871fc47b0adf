/** Where(condition, x, y): x where the condition holds, else y, broadcasting all three. */
import { scalar } from '../../graph-schema/ops.ts';
import { where } from '../kernels/index-ops.ts';
import { whereRule } from '../kernels/shape-rules.ts';
import { defineOp, independent } from './define-op.ts';
import { direct, forNeeded, perOutput, unbroadcast } from './helpers.ts';

export const Where = defineOp({
  name: 'Where',
  dtype: (inputs) => inputs[1] ?? 'float32',
  shape: (inputs) => whereRule('Where', inputs),
  flops: perOutput,
  kernel: (inputs) => where(inputs),
  onnx: direct('Where'),
  mixing: independent,
  vjp: ({ b, grad, needs, inputs, output, type }) =>
    forNeeded(needs, (i) => {
      if (i === 0) throw new Error('Where: the condition has no gradient'); // bool: autograd never asks
      const zero = scalar(b, 0);
      const routed = b.op('Where', [inputs[0]!, i === 1 ? grad : zero, i === 1 ? zero : grad], {}); // g where taken, else 0
      return unbroadcast(b, routed, type(output).shape, type(inputs[i]!).shape);
    }),
});
