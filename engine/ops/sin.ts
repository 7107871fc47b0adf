/**
 * Sin: elementwise sine (radians). d sin x = cos x
 */
import { FLOAT } from '../kernels/shape-rules.ts';
import { unaryOp } from './unary.ts';

export const Sin = unaryOp('Sin', FLOAT, Math.sin, ({ b, grad, inputs }) => b.op('Mul', [grad, b.op('Cos', [inputs[0]!], {})], {}));
