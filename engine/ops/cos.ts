/**
 * Cos: elementwise cosine (radians). d cos x = −sin x
 */
import { FLOAT } from '../kernels/shape-rules.ts';
import { unaryOp } from './unary.ts';

export const Cos = unaryOp('Cos', FLOAT, Math.cos, ({ b, grad, inputs }) => b.op('Neg', [b.op('Mul', [grad, b.op('Sin', [inputs[0]!], {})], {})], {}));
