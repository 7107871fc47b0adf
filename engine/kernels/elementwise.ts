/**
 * Elementwise kernels: unary maps, the broadcasting binary arithmetic ops (Add, Sub, Mul, Div) and
 * a generic broadcasting binary map. Float math runs in float64 and rounds
 * once on store; int64 (held in Int32Array) wraps like the C++ runtime does on overflow.
 */
import { type DType, type Tensor } from '../../graph-schema/tensor.ts';
import { zeros } from './alloc.ts';
import { broadcastStrides, walk } from './broadcast.ts';
import { at, expectDType, fail, type OutType, type TypeInfo } from './checks.ts';
import { arithmeticRule, FLOAT, unaryRule } from './shape-rules.ts';

/** Names of the binary arithmetic ops. */
export type ArithmeticOp = 'Add' | 'Sub' | 'Mul' | 'Div';

/**
 * Applies `f` elementwise (null: copy); the output has the input's shape and dtype. The dtypes in
 * `allowed` are checked by the op's shape rule.
 */
export function mapUnary(op: string, inputs: readonly Tensor[], allowed: readonly DType[], f: ((x: number) => number) | null): Tensor {
  const type = unaryRule(op, inputs, allowed);
  const x = at(inputs, 0);
  const out = zeros(type.dtype, type.shape);
  if (f === null) {
    out.data.set(x.data);
    return out;
  }
  const src = x.data;
  const dst = out.data;
  for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!);
  return out;
}

/** A broadcasting float32 binary map `f(a, b)` (Pow, Max, Min). */
export function mapBinary(op: string, inputs: readonly Tensor[], f: (a: number, b: number) => number): Tensor {
  const type = floatBinaryRule(op, inputs);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  const out = zeros(type.dtype, type.shape);
  const A = a.data;
  const B = b.data;
  const O = out.data;
  const strides = [broadcastStrides(a.shape, type.shape), broadcastStrides(b.shape, type.shape)];
  walk(type.shape, strides, [0, 0], (o, offs, steps, len) => {
    let ia = offs[0]!;
    let ib = offs[1]!;
    const sa = steps[0]!;
    const sb = steps[1]!;
    for (let i = o; i < o + len; i++, ia += sa, ib += sb) O[i] = f(A[ia]!, B[ib]!);
  });
  return out;
}

/** Two float32 inputs, broadcast (Pow, Max, Min). */
export function floatBinaryRule(op: string, inputs: readonly TypeInfo[]): OutType {
  const type = arithmeticRule(op, inputs);
  expectDType(op, 'inputs', at(inputs, 0), FLOAT);
  return type;
}

/**
 * Add/Sub/Mul/Div with numpy broadcasting. Both inputs must share a dtype. Integer Div truncates
 * toward zero (C semantics, as onnxruntime); integer division by zero is a RangeError.
 */
export function arithmetic(op: ArithmeticOp, inputs: readonly Tensor[]): Tensor {
  const type = arithmeticRule(op, inputs);
  const a = at(inputs, 0);
  const b = at(inputs, 1);
  const out = zeros(type.dtype, type.shape); // broadcast(a.shape, b.shape)
  const A = a.data;
  const B = b.data;
  const O = out.data;
  const isInt = type.dtype === 'int64';
  const strides = [broadcastStrides(a.shape, type.shape), broadcastStrides(b.shape, type.shape)];
  walk(type.shape, strides, [0, 0], (o, offs, steps, len) => {
    let ia = offs[0]!;
    let ib = offs[1]!;
    const sa = steps[0]!;
    const sb = steps[1]!;
    const end = o + len;
    switch (op) {
      case 'Add':
        for (let i = o; i < end; i++, ia += sa, ib += sb) O[i] = A[ia]! + B[ib]!;
        break;
      case 'Sub':
        for (let i = o; i < end; i++, ia += sa, ib += sb) O[i] = A[ia]! - B[ib]!;
        break;
      case 'Mul':
        if (isInt) for (let i = o; i < end; i++, ia += sa, ib += sb) O[i] = Math.imul(A[ia]!, B[ib]!);
        else for (let i = o; i < end; i++, ia += sa, ib += sb) O[i] = A[ia]! * B[ib]!;
        break;
      case 'Div':
        if (isInt) {
          for (let i = o; i < end; i++, ia += sa, ib += sb) {
            const d = B[ib]!;
            if (d === 0) fail(op, 'integer division by zero');
            O[i] = Math.trunc(A[ia]! / d);
          }
        } else for (let i = o; i < end; i++, ia += sa, ib += sb) O[i] = A[ia]! / B[ib]!;
        break;
    }
  });
  return out;
}
