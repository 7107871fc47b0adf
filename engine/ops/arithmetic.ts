/**
 * Add, Sub, Mul, Div: numpy-broadcasting arithmetic on float32 or int64. Their gradients sum back over
 * the broadcast axes (`unbroadcast`).
 */
import type { Builder, Value } from '../../graph-schema/block.ts';
import { arithmetic, type ArithmeticOp } from '../kernels/elementwise.ts';
import { arithmeticRule } from '../kernels/shape-rules.ts';
import { defineOp, independent, type OpDefinition, type StaticType, type VjpContext } from './define-op.ts';
import { direct, forNeeded, perOutput, unbroadcast } from './helpers.ts';

/** The definition of one broadcasting arithmetic op; `local(i)` is the gradient of input i before unbroadcasting. */
function arithmeticOp<K extends ArithmeticOp>(name: K, local: (ctx: VjpContext<K>, i: number) => Value): OpDefinition<K> {
  return defineOp<K>({
    name,
    dtype: (inputs) => inputs[0] ?? 'float32',
    shape: (inputs) => arithmeticRule(name, inputs),
    flops: perOutput,
    kernel: (inputs) => arithmetic(name, inputs),
    onnx: direct(name),
    mixing: independent,
    vjp: (ctx) => forNeeded(ctx.needs, (i) => unbroadcast(ctx.b, local(ctx, i), shape(ctx.type(ctx.output)), shape(ctx.type(ctx.inputs[i]!)))),
  });
}

const shape = (t: StaticType): readonly number[] => t.shape;
const op2 = (b: Builder, name: 'Mul' | 'Div', x: Value, y: Value): Value => b.op(name, [x, y], {});

export const Add = arithmeticOp('Add', ({ grad }) => grad);
export const Sub = arithmeticOp('Sub', ({ b, grad }, i) => (i === 0 ? grad : b.op('Neg', [grad], {})));
// d(a·b)/da = b, d(a·b)/db = a
export const Mul = arithmeticOp('Mul', ({ b, grad, inputs }, i) => op2(b, 'Mul', grad, inputs[1 - i]!));
// d(a/b)/da = 1/b, d(a/b)/db = −(a/b)/b
export const Div = arithmeticOp('Div', ({ b, grad, inputs, output }, i) =>
  i === 0 ? op2(b, 'Div', grad, inputs[1]!) : b.op('Neg', [op2(b, 'Div', op2(b, 'Mul', grad, output), inputs[1]!)], {}),
);
