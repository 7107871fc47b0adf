/**
 * ReduceMean, ReduceSum, ReduceMax over a list of axes (empty: every axis). `axes` is an attribute
 * before opset 18 for Mean/Max and an input since (always an input for Sum). Gradients spread the
 * reduced gradient back over the reduced axes (divided by the count for Mean; to the maxima, split
 * evenly on ties, for Max).
 */
import type { Builder, Value } from '../../graph-schema/block.ts';
import type { PrimAttrs } from '../../graph-schema/primitives.ts';
import { sizeOf } from '../../graph-schema/tensor.ts';
import { reduce, type ReduceOp } from '../kernels/reduce.ts';
import { reduceDims, reduceRule } from '../kernels/shape-rules.ts';
import { attr, nodeProto } from '../onnx/protos.ts';
import { defineOp, onSequence, type OnnxContext, type OpDefinition, type StaticType, type VjpContext } from './define-op.ts';
import { broadcastTo, onnxNode, perInput } from './helpers.ts';

/** First opset whose ReduceMean/ReduceMax take `axes` as an input instead of an attribute. */
const REDUCE_AXES_AS_INPUT_SINCE = 18;

function lower(opType: ReduceOp, { axes, keepdims }: PrimAttrs[ReduceOp], ctx: OnnxContext) {
  const keep = attr.int('keepdims', keepdims);
  if (axes.length === 0) return onnxNode(opType, ctx, [keep]);
  const axesAsInput = opType === 'ReduceSum' || ctx.opset >= REDUCE_AXES_AS_INPUT_SINCE;
  if (!axesAsInput) return onnxNode(opType, ctx, [attr.ints('axes', axes), keep]);
  return [nodeProto(opType, ctx.nodeName, [...ctx.inputs, ctx.int64Initializer('axes', axes)], [ctx.output], [keep])];
}

/** The reduced gradient (or output) with the reduced axes kept as size 1, then broadcast to the input shape. */
function spread(b: Builder, v: Value, x: StaticType, { axes, keepdims }: PrimAttrs[ReduceOp]): Value {
  const kept = keepdims ? v : b.op('Reshape', [v], { shape: reduceDims('spread', x.shape, axes, true).outShape });
  return broadcastTo(b, kept, x.shape);
}

function reduceOp<K extends ReduceOp>(name: K, flops: OpDefinition<K>['flops'], vjp: (ctx: VjpContext<K>) => Value): OpDefinition<K> {
  return defineOp<K>({
    name,
    dtype: (inputs) => inputs[0] ?? 'float32',
    shape: (inputs, { axes, keepdims }) => reduceRule(name, inputs, axes, keepdims),
    flops,
    kernel: (inputs, { axes, keepdims }) => reduce(name, inputs, axes, keepdims),
    onnx: (attrs, ctx) => lower(name, attrs, ctx),
    mixing: ({ axes }, ctx) => (axes.length === 0 || axes.some((a) => onSequence(ctx, a)) ? `${name} reduces over positions` : null),
    vjp: (ctx) => [ctx.needs[0] ? vjp(ctx) : null],
  });
}

export const ReduceSum = reduceOp('ReduceSum', perInput, ({ b, grad, inputs, type, attrs }) => spread(b, grad, type(inputs[0]!), attrs));
export const ReduceMean = reduceOp(
  'ReduceMean',
  (inputs, output) => perInput(inputs) + sizeOf(output), // the adds, then one division per output
  ({ b, grad, inputs, type, attrs }) => {
    const x = type(inputs[0]!);
    const count = reduceDims('ReduceMean', x.shape, attrs.axes, true).count;
    return b.op('Div', [spread(b, grad, x, attrs), b.constant({ dtype: 'float32', shape: [], data: Float32Array.of(count) })], {});
  },
);
export const ReduceMax = reduceOp('ReduceMax', perInput, ({ b, grad, inputs, output, type, attrs }) => {
  const x = type(inputs[0]!);
  const isMax = b.op('Cast', [b.op('Equal', [inputs[0]!, spread(b, output, x, attrs)], {})], { to: 'float32' }); // 1 at the maxima
  const ties = b.op('ReduceSum', [isMax], { axes: [...attrs.axes], keepdims: true });
  return b.op('Mul', [b.op('Div', [isMax, ties], {}), spread(b, grad, x, attrs)], {});
});
