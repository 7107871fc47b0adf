/**
 * MaskedSoftmax(x[, mask]) = Softmax(x·scale + mask) along the last axis, as one fused op (the fast
 * plan's replacement for attention's Div by √d_head → Add causal mask → Softmax). ONNX: Mul, Add,
 * Softmax. Gradient, with s = y·(g − Σ g·y): dx = scale·s, dmask = s summed back to the mask's shape.
 */
import { floatLiteral } from '../pytorch/python-names.ts';
import { arg } from '../pytorch/torch-expr.ts';
import { sizeOf } from '../../graph-schema/tensor.ts';
import { maskedSoftmaxRule } from '../kernels/fused-rules.ts';
import { maskedSoftmax } from '../kernels/masked-softmax.ts';
import { attr, nodeProto } from '../onnx/protos.ts';
import { defineOp, onSequence } from './define-op.ts';
import { times, unbroadcast } from './helpers.ts';

export const MaskedSoftmax = defineOp({
  name: 'MaskedSoftmax',
  dtype: () => 'float32',
  shape: (inputs) => maskedSoftmaxRule('MaskedSoftmax', inputs),
  flops: (inputs, output) => (inputs.length === 2 ? 7 : 6) * sizeOf(output), // scale, mask, then Softmax's five
  kernel: (inputs, { scale }) => maskedSoftmax(inputs, scale),
  torch: ({ scale }, ctx) => `torch.softmax(${arg(ctx, 0)} * ${floatLiteral(scale)}${ctx.args.length > 1 ? ` + ${arg(ctx, 1)}` : ''}, dim=-1)`,
  onnx: ({ scale }, ctx) => {
    const [x, mask] = ctx.inputs;
    const n = ctx.nodeName;
    const scaled = `${n}/scaled`;
    const nodes = [nodeProto('Mul', `${n}/scale`, [x!, ctx.float32Initializer('scale', [scale], [])], [scaled])];
    if (mask !== undefined) nodes.push(nodeProto('Add', `${n}/mask`, [scaled, mask], [`${n}/masked`]));
    nodes.push(nodeProto('Softmax', n, [mask !== undefined ? `${n}/masked` : scaled], [ctx.output], [attr.int('axis', -1)]));
    return nodes;
  },
  mixing: (_attrs, ctx) => (onSequence(ctx, -1) ? 'MaskedSoftmax works along the sequence axis' : null),
  vjp: ({ b, inputs, output, grad, needs, type, attrs }) => {
    const sum = b.op('ReduceSum', [b.op('Mul', [grad, output], {})], { axes: [-1], keepdims: true }); // Σ g·y
    const s = b.op('Mul', [output, b.op('Sub', [grad, sum], {})], {}); // dL/d(x·scale + mask)
    const dx = needs[0] ? times(b, s, attrs.scale) : null;
    const dMask = needs[1] ? unbroadcast(b, s, type(output).shape, type(inputs[1]!).shape) : null;
    return inputs.length === 2 ? [dx, dMask] : [dx];
  },
});
