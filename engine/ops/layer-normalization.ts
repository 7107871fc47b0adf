/**
 * LayerNormalization over the last axis as one fused op (the fast plan's replacement for the LayerNorm
 * block's nine primitive steps). ONNX: the LayerNormalization op from opset 17, the primitives below it.
 * Gradient, with x̂ = (x − μ)·r and r = 1/√(var + ε):
 *   dx = r·(g·γ − mean(g·γ) − x̂·mean(g·γ·x̂)),  dγ = Σ g·x̂,  dβ = Σ g  (sums over the leading axes).
 */
import { floatLiteral } from '../pytorch/python-names.ts';
import { arg } from '../pytorch/torch-expr.ts';
import type { Builder, Value } from '../../graph-schema/block.ts';
import { scalar } from '../../graph-schema/ops.ts';
import { sizeOf } from '../../graph-schema/tensor.ts';
import { layerNormRule } from '../kernels/fused-rules.ts';
import { layerNorm } from '../kernels/layer-norm.ts';
import { attr, nodeProto } from '../onnx/protos.ts';
import type { NodeProto } from '../onnx/onnx_pb.ts';
import { defineOp, onSequence, type OnnxContext } from './define-op.ts';
import { unbroadcast } from './helpers.ts';

/** First opset with a LayerNormalization op. */
const LAYER_NORM_SINCE = 17;

const mean = (b: Builder, x: Value) => b.op('ReduceMean', [x], { axes: [-1], keepdims: true });

/** The op as ONNX primitives, for opsets before 17. */
function lowerToPrimitives(epsilon: number, ctx: OnnxContext): NodeProto[] {
  const [x, gamma, beta] = ctx.inputs as [string, string, string];
  const n = ctx.nodeName;
  const t = (role: string) => `${n}/${role}`;
  // Only opsets before 17 get here, where ReduceMean's axes are still an attribute.
  const reduce = (name: string, input: string) =>
    nodeProto('ReduceMean', `${n}/${name}`, [input], [t(name)], [attr.ints('axes', [-1]), attr.int('keepdims', 1)]);
  return [
    reduce('mean', x),
    nodeProto('Sub', `${n}/centre`, [x, t('mean')], [t('centred')]),
    nodeProto('Mul', `${n}/square`, [t('centred'), t('centred')], [t('squares')]),
    reduce('variance', t('squares')),
    nodeProto('Add', `${n}/eps`, [t('variance'), ctx.float32Initializer('epsilon', [epsilon], [])], [t('var_eps')]),
    nodeProto('Sqrt', `${n}/sqrt`, [t('var_eps')], [t('std')]),
    nodeProto('Div', `${n}/normalise`, [t('centred'), t('std')], [t('normalised')]),
    nodeProto('Mul', `${n}/gain`, [t('normalised'), gamma], [t('scaled')]),
    nodeProto('Add', n, [t('scaled'), beta], [ctx.output]),
  ];
}

export const LayerNormalization = defineOp({
  name: 'LayerNormalization',
  dtype: () => 'float32',
  shape: (inputs) => layerNormRule('LayerNormalization', inputs),
  flops: (_inputs, output) => 8 * sizeOf(output), // two sums, centre, square, normalise, gain, shift, + per-row sqrt
  kernel: (inputs, { epsilon }) => layerNorm(inputs, epsilon),
  torch: ({ epsilon }, ctx) => `torch.nn.functional.layer_norm(${arg(ctx, 0)}, (${arg(ctx, 0)}.shape[-1],), ${arg(ctx, 1)}, ${arg(ctx, 2)}, ${floatLiteral(epsilon)})`,
  onnx: ({ epsilon }, ctx) =>
    ctx.opset >= LAYER_NORM_SINCE
      ? [nodeProto('LayerNormalization', ctx.nodeName, [...ctx.inputs], [ctx.output], [attr.int('axis', -1), attr.float('epsilon', epsilon)])]
      : lowerToPrimitives(epsilon, ctx),
  mixing: (_attrs, ctx) => (onSequence(ctx, -1) ? 'LayerNormalization normalises over positions' : null),
  vjp: ({ b, inputs, grad, needs, type, attrs }) => {
    const [x, gamma] = [inputs[0]!, inputs[1]!];
    const xShape = type(x).shape;
    const d = xShape[xShape.length - 1]!;
    const centred = b.op('Sub', [x, mean(b, x)], {}); // [..., d]
    const variance = mean(b, b.op('Mul', [centred, centred], {})); // [..., 1]
    const inv = b.op('Div', [scalar(b, 1), b.op('Sqrt', [b.op('Add', [variance, scalar(b, attrs.epsilon)], {})], {})], {}); // r
    const xHat = b.op('Mul', [centred, inv], {}); // [..., d]
    let dx: Value | null = null;
    if (needs[0]) {
      const gg = b.op('Mul', [grad, gamma], {}); // g·γ
      const along = b.op('Mul', [xHat, mean(b, b.op('Mul', [gg, xHat], {}))], {}); // x̂·mean(g·γ·x̂)
      dx = b.op('Mul', [inv, b.op('Sub', [b.op('Sub', [gg, mean(b, gg)], {}), along], {})], {});
    }
    const dGamma = needs[1] ? unbroadcast(b, b.op('Mul', [grad, xHat], {}), xShape, [d]) : null;
    const dBeta = needs[2] ? unbroadcast(b, grad, xShape, [d]) : null;
    return [dx, dGamma, dBeta];
  },
});
