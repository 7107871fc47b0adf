/**
 * Pow(x, p): x raised to p elementwise, broadcasting (float32; what RMSNorm's square and losses need).
 * Gradients: dx = p·x^(p−1), dp = x^p·log x (only asked for when p depends on a weight).
 */
import { floatBinaryRule, mapBinary } from '../kernels/elementwise.ts';
import { defineOp, independent } from './define-op.ts';
import { direct, forNeeded, perOutput, unbroadcast } from './helpers.ts';
import { scalar } from '../../graph-schema/ops.ts';

export const Pow = defineOp({
  name: 'Pow',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs) => floatBinaryRule('Pow', inputs),
  flops: perOutput,
  kernel: (inputs) => mapBinary('Pow', inputs, Math.pow),
  onnx: direct('Pow'),
  mixing: independent,
  vjp: ({ b, inputs, output, grad, needs, type }) => {
    const [x, p] = [inputs[0]!, inputs[1]!];
    const local = [
      () => b.op('Mul', [p, b.op('Pow', [x, b.op('Sub', [p, scalar(b, 1)], {})], {})], {}), // p·x^(p−1)
      () => b.op('Mul', [output, b.op('Log', [x], {})], {}), // x^p·log x
    ];
    return forNeeded(needs, (i) => unbroadcast(b, b.op('Mul', [grad, local[i]!()], {}), type(output).shape, type(inputs[i]!).shape));
  },
});
