/**
 * Log: elementwise natural logarithm (log 0 = −∞, log of a negative = NaN). d log x = 1/x
 */
import { FLOAT } from '../kernels/shape-rules.ts';
import { unaryOp } from './unary.ts';

export const Log = unaryOp('Log', FLOAT, Math.log, ({ b, grad, inputs }) => b.op('Div', [grad, inputs[0]!], {}));
