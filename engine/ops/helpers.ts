/**
 * Small pieces shared by the op definitions: FLOP conventions, the 1:1 ONNX lowering, and the gradient
 * helpers every broadcasting op needs (sum a gradient back to an input's shape, spread a reduced one).
 *
 * FLOP convention: a multiply-add is 2; other elementwise arithmetic, comparisons and transcendental
 * functions are 1 per element; pure data movement is 0.
 */
import type { Builder, Value } from '../../graph-schema/block.ts';
import { ints, scalar } from '../../graph-schema/ops.ts';
import { sizeOf } from '../../graph-schema/tensor.ts';
import type { AttributeProto, NodeProto } from '../onnx/onnx_pb.ts';
import { nodeProto } from '../onnx/protos.ts';
import type { OnnxContext, StaticType } from './define-op.ts';

/** One FLOP per output element. */
export const perOutput = (_inputs: readonly StaticType[], output: readonly number[]): number => sizeOf(output);
/** One FLOP per element of the first input. */
export const perInput = (inputs: readonly StaticType[]): number => sizeOf(inputs[0]?.shape ?? []);
/** Data movement: no FLOPs. */
export const noFlops = (): number => 0;

/** One ONNX node of type `opType` reading the step's inputs and writing its output. */
export function onnxNode(opType: string, ctx: OnnxContext, attributes: AttributeProto[] = [], extraInputs: readonly string[] = []): NodeProto[] {
  return [nodeProto(opType, ctx.nodeName, [...ctx.inputs, ...extraInputs], [ctx.output], attributes)];
}

/** The lowering of an op that maps 1:1 onto the ONNX op of the same name without attributes. */
export const direct = (opType: string) => (_attrs: unknown, ctx: OnnxContext): NodeProto[] => onnxNode(opType, ctx);

/**
 * Sums a gradient of the broadcast shape `from` back to an operand of shape `to` (numpy broadcasting
 * in reverse): reduces the leading dims `to` lacks and the dims where `to` is 1, then restores `to`.
 */
export function unbroadcast(b: Builder, g: Value, from: readonly number[], to: readonly number[]): Value {
  const lead = from.length - to.length;
  const axes: number[] = [];
  for (let i = 0; i < from.length; i++) if (i < lead || (to[i - lead] === 1 && from[i] !== 1)) axes.push(i);
  if (axes.length === 0) return g;
  const summed = b.op('ReduceSum', [g], { axes, keepdims: true }); // [..., 1 on reduced axes, ...]
  return b.op('Reshape', [summed], { shape: [...to] });
}

/** `x` broadcast to the concrete `shape` (x + zeros of that shape). */
export function broadcastTo(b: Builder, x: Value, shape: readonly number[]): Value {
  const zeros = b.op('ConstantOfShape', [ints(b, shape)], { value: 0 });
  return b.op('Add', [x, zeros], {});
}

/** `x · c` for a scalar `c`. */
export const times = (b: Builder, x: Value, c: number): Value => b.op('Mul', [x, scalar(b, c)], {});

/** Maps the needed inputs through `grad(i)`, null for the others. */
export function forNeeded(needs: readonly boolean[], grad: (i: number) => Value): (Value | null)[] {
  return needs.map((need, i) => (need ? grad(i) : null));
}
