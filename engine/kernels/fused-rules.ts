/**
 * Output-type rules of the fused ops the fast plan uses (Gelu, LayerNormalization, MatMulAdd,
 * MaskedSoftmax). Each accepts exactly the inputs for which the fused op equals the primitive subgraph
 * it replaces, so a fused step can never change what a plan computes, only how fast.
 */
import { broadcastShapes } from './broadcast.ts';
import { arity, at, expectDType, fail, fmt, type OutType, type TypeInfo } from './checks.ts';
import { FLOAT, matmulRule } from './shape-rules.ts';

/** LayerNormalization(x [..., d], gamma [d], beta [d]) → [..., d]. */
export function layerNormRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 3);
  const x = at(inputs, 0);
  expectDType(op, 'x', x, FLOAT);
  if (x.shape.length === 0) fail(op, 'x must have rank ≥ 1, got a scalar');
  const d = x.shape[x.shape.length - 1]!;
  for (const [i, what] of [[1, 'gamma'], [2, 'beta']] as const) {
    const t = at(inputs, i);
    expectDType(op, what, t, FLOAT);
    if (t.shape.length !== 1 || t.shape[0] !== d) fail(op, `${what} must be [${d}] (the last axis of x ${fmt(x.shape)}), got ${fmt(t.shape)}`);
  }
  return { dtype: 'float32', shape: [...x.shape] };
}

/** MatMulAdd(a, w, bias): the MatMul rule, and bias must broadcast to the product without growing it. */
export function matmulAddRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 3);
  const product = matmulRule(op, [at(inputs, 0), at(inputs, 1)]);
  const bias = at(inputs, 2);
  if (bias.dtype !== product.dtype) fail(op, `bias dtype ${bias.dtype} differs from the product's ${product.dtype}`);
  const out = broadcastShapes(op, [product.shape, bias.shape]);
  if (fmt(out) !== fmt(product.shape)) fail(op, `bias ${fmt(bias.shape)} would grow the product ${fmt(product.shape)} to ${fmt(out)}`);
  return product;
}

/** MaskedSoftmax(x[, mask]): float32 x of rank ≥ 1; the mask broadcasts to x without growing it. */
export function maskedSoftmaxRule(op: string, inputs: readonly TypeInfo[]): OutType {
  arity(op, inputs, 1, 2);
  const x = at(inputs, 0);
  expectDType(op, 'x', x, FLOAT);
  if (x.shape.length === 0) fail(op, 'x must have rank ≥ 1, got a scalar');
  if (inputs.length === 2) {
    const mask = at(inputs, 1);
    expectDType(op, 'mask', mask, FLOAT);
    const out = broadcastShapes(op, [x.shape, mask.shape]);
    if (fmt(out) !== fmt(x.shape)) fail(op, `mask ${fmt(mask.shape)} would grow x ${fmt(x.shape)} to ${fmt(out)}`);
  }
  return { dtype: 'float32', shape: [...x.shape] };
}
