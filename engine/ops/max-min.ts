/**
 * Max and Min of two tensors, elementwise with broadcasting (float32). The gradient goes to the input
 * that was picked; where both are equal it is split evenly, as PyTorch's maximum/minimum do.
 */
import type { Value } from '../../graph-schema/block.ts';
import { floatBinaryRule, mapBinary } from '../kernels/elementwise.ts';
import { defineOp, independent, type OpDefinition } from './define-op.ts';
import { direct, forNeeded, perOutput, unbroadcast } from './helpers.ts';

function extremum<K extends 'Max' | 'Min'>(name: K, f: (a: number, b: number) => number): OpDefinition<K> {
  return defineOp<K>({
    name,
    dtype: (inputs) => inputs[0] ?? 'float32',
    shape: (inputs) => floatBinaryRule(name, inputs),
    flops: perOutput,
    // NaN in either input gives NaN, as Math.max/min and onnxruntime do.
    kernel: (inputs) => mapBinary(name, inputs, f),
    onnx: direct(name),
    mixing: independent,
    vjp: ({ b, inputs, output, grad, needs, type }) => {
      const picked = (x: Value): Value => b.op('Cast', [b.op('Equal', [output, x], {})], { to: 'float32' }); // 1 where x is the result
      const [pa, pb] = [picked(inputs[0]!), picked(inputs[1]!)];
      const share = [pa, pb].map((p) => b.op('Div', [p, b.op('Add', [pa, pb], {})], {})); // 1, 0 or ½ on ties
      return forNeeded(needs, (i) => unbroadcast(b, b.op('Mul', [grad, share[i]!], {}), type(output).shape, type(inputs[i]!).shape));
    },
  });
}

export const Max = extremum('Max', Math.max);
export const Min = extremum('Min', Math.min);
