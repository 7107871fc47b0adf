/**
 * Slice(data, starts, ends) on `axes`, step 1 (starts/ends are int64 inputs so they can be computed
 * from Shape). Gradient: the output gradient padded with zeros back to the input's extent.
 */
import { arg, tuple } from '../pytorch/torch-expr.ts';
import type { Value } from '../../graph-schema/block.ts';
import { zeros } from '../kernels/alloc.ts';
import { at, fail, expectDType, fmt, intVector } from '../kernels/checks.ts';
import { slice } from '../kernels/layout-ops.ts';
import { sliceBounds, sliceRule } from '../kernels/layout-rules.ts';
import { nodeProto } from '../onnx/protos.ts';
import { defineOp, onSequence, type StaticType } from './define-op.ts';
import { noFlops } from './helpers.ts';

/** The known value of an int64 bound, or a RangeError. */
function known(what: string, x: StaticType): number[] {
  expectDType('Slice', what, x, ['int64']);
  if (x.shape.length !== 1) fail('Slice', `${what} must be 1-D, got shape ${fmt(x.shape)}`);
  if (x.value === undefined) fail('Slice', `${what} must be known statically (e.g. computed from Shape or a constant)`);
  return intVector('Slice', what, x.value);
}

export const Slice = defineOp({
  name: 'Slice',
  dtype: (inputs) => inputs[0] ?? 'float32',
  shape: (inputs, { axes }) => {
    if (inputs.length !== 3) return sliceRule('Slice', inputs, axes, [], []); // reports the arity
    return sliceRule('Slice', inputs, axes, known('starts', at(inputs, 1)), known('ends', at(inputs, 2)));
  },
  flops: noFlops,
  kernel: (inputs, { axes }) => slice(inputs, axes),
  // Slice(data, starts, ends, axes); steps left out (all 1). Empty axes (0 … n−1) is ONNX's default: left out too.
  onnx: ({ axes }, ctx) =>
    [nodeProto('Slice', ctx.nodeName, axes.length === 0 ? ctx.inputs : [...ctx.inputs, ctx.int64Initializer('axes', axes)], [ctx.output])],
  torch: ({ axes }, ctx) => `onnx_slice(${arg(ctx, 0)}, ${arg(ctx, 1)}, ${arg(ctx, 2)}, ${tuple(axes)})`,
  mixing: ({ axes }, ctx) => (axes.some((a) => onSequence(ctx, a)) ? 'Slice cuts the sequence axis' : null),
  vjp: ({ b, grad, needs, inputs, type, attrs }) => {
    if (!needs[0]) return [null, null, null];
    const x = type(inputs[0]!);
    const starts = known('starts', type(inputs[1]!));
    const ends = known('ends', type(inputs[2]!));
    const { begin, shape } = sliceBounds('Slice', x.shape, attrs.axes, starts, ends);
    let padded: Value = grad;
    const current = [...shape];
    for (let axis = 0; axis < x.shape.length; axis++) {
      const before = begin[axis]!;
      const after = x.shape[axis]! - before - shape[axis]!;
      if (before === 0 && after === 0) continue;
      const piece = (n: number): Value => b.constant(zeros('float32', current.map((d, i) => (i === axis ? n : d))));
      const parts = [...(before > 0 ? [piece(before)] : []), padded, ...(after > 0 ? [piece(after)] : [])];
      padded = b.op('Concat', parts, { axis }); // zeros | gradient | zeros along `axis`
      current[axis] = x.shape[axis]!;
    }
    return [padded, null, null];
  },
});
