/**
 * Neg: elementwise negation −x. d(−x)/dx = −1
 */
import { FLOAT } from '../kernels/shape-rules.ts';
import { unaryOp } from './unary.ts';

export const Neg = unaryOp('Neg', FLOAT, (x) => -x, ({ b, grad }) => b.op('Neg', [grad], {}));
