/**
 * Gelu: exact GELU x·Φ(x) as one fused op (the fast plan's replacement for the five-op subgraph
 * `gelu()` in graph-schema/ops.ts builds). ONNX: lowered back to those primitives, so every opset
 * and runtime reads it. Gradient: Φ(x) + x·φ(x), with φ(x) = exp(−x²/2)/√(2π).
 */
import { call } from '../pytorch/torch-expr.ts';
import { scalar } from '../../graph-schema/ops.ts';
import { gelu } from '../kernels/gelu.ts';
import { FLOAT, unaryRule } from '../kernels/shape-rules.ts';
import { nodeProto } from '../onnx/protos.ts';
import { defineOp, independent } from './define-op.ts';
import { perOutput, times } from './helpers.ts';

export const Gelu = defineOp({
  name: 'Gelu',
  dtype: () => 'float32',
  shape: (inputs) => unaryRule('Gelu', inputs, FLOAT),
  flops: (inputs, output) => 5 * perOutput(inputs, output), // scale, erf, add, two multiplies
  kernel: (inputs) => gelu(inputs),
  torch: call('torch.nn.functional.gelu'), // the exact (erf) GELU, as the kernel
  onnx: (_attrs, ctx) => {
    const [x] = ctx.inputs;
    const t = (role: string) => `${ctx.nodeName}/${role}`;
    const c = (role: string, v: number) => ctx.float32Initializer(role, [v], []);
    return [
      nodeProto('Mul', `${ctx.nodeName}/scale`, [x!, c('sqrt1_2', Math.SQRT1_2)], [t('scaled')]),
      nodeProto('Erf', `${ctx.nodeName}/erf`, [t('scaled')], [t('erf')]),
      nodeProto('Add', `${ctx.nodeName}/cdf`, [t('erf'), c('one', 1)], [t('cdf')]),
      nodeProto('Mul', `${ctx.nodeName}/times_x`, [x!, t('cdf')], [t('x_cdf')]),
      nodeProto('Mul', ctx.nodeName, [t('x_cdf'), c('half', 0.5)], [ctx.output]),
    ];
  },
  mixing: independent,
  vjp: ({ b, inputs, grad, needs }) => {
    if (!needs[0]) return [null];
    const x = inputs[0]!;
    const erf = b.op('Erf', [times(b, x, Math.SQRT1_2)], {});
    const cdf = times(b, b.op('Add', [erf, scalar(b, 1)], {}), 0.5); // Φ(x)
    const bell = b.op('Exp', [times(b, b.op('Mul', [x, x], {}), -0.5)], {});
    const pdf = times(b, bell, 1 / Math.sqrt(2 * Math.PI)); // φ(x)
    const slope = b.op('Add', [cdf, b.op('Mul', [x, pdf], {})], {}); // Φ(x) + x·φ(x)
    return [b.op('Mul', [grad, slope], {})];
  },
});
