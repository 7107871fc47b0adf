/**
 * Elementwise kernels: the unary maps (Relu, Exp, Sqrt, Erf, Tanh, Sigmoid, Identity) and the
 * broadcasting binary arithmetic ops (Add, Sub, Mul, Div). Float math runs in float64 and rounds
 * once on store; int64 (held in Int32Array) wraps like the C++ runtime does on overflow.
 */
import { type Tensor, zeros } from '../../graph-schema/tensor.ts';
import { broadcastStrides, walk } from './broadcast.ts';
import { at, fail } from './checks.ts';
import { erf } from './math.ts';
import { ANY, arithmeticRule, FLOAT, unaryRule } from './shape-rules.ts';

/** Names of the unary map ops. */
export type UnaryOp = 'Relu' | 'Exp' | 'Sqrt' | 'Erf' | 'Tanh' | 'Sigmoid' | 'Identity';
/** Names of the binary arithmetic ops. */
export type ArithmeticOp = 'Add' | 'Sub' | 'Mul' | 'Div';

const UNARY: Record<UnaryOp, { readonly allowed: typeof ANY; readonly f: ((x: number) => number) | null }> = {
  // float32 only: onnxruntime has no int64 Relu kernel, so an int64 Relu could not be exported and run.
  Relu: { allowed: FLOAT, f: (x) => (x < 0 ? 0 : x) }, // NaN stays NaN
  Exp: { allowed: FLOAT, f: Math.exp },
  Sqrt: { allowed: FLOAT, f: Math.sqrt }, // sqrt(-1) = NaN, as in IEEE
  Erf: { allowed: FLOAT, f: erf },
  Tanh: { allowed: FLOAT, f: Math.tanh },
  Sigmoid: { allowed: FLOAT, f: (x) => 1 / (1 + Math.exp(-x)) }, // exp overflow gives exactly 0, never NaN
  Identity: { allowed: ANY, f: null },
};

/** Applies a unary op elementwise; the output has the input's shape and dtype. */
export function unary(op: UnaryOp, inputs: readonly Tensor[]): Tensor {
  const spec = UNARY[op];
  const type = unaryRule(op, inputs, spec.allowed);
  const x = at(inputs, 0);
  const out = zeros(type.dtype, type.shape);
  const f = spec.f;
  if (f === null) {
    out.data.set(x.data);
    return out;
  }
  const src = x.data;
  const dst = out.data;
  for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!);
  return out;
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
