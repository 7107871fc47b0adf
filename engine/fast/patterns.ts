/**
 * The subgraphs transformers are made of, as patterns over plan steps, each rooted at the step that
 * produces the subgraph's result: exact GELU, LayerNorm, a dense layer's MatMul + bias, and attention's
 * scale + mask + softmax. A pattern only recognises structure (ops, constants, shapes); fuse.ts checks
 * that nothing outside the match reads what the match would remove.
 */
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { PlanStep } from '../compile/plan.ts';
import { isFloat32Of, split, type PlanView } from './plan-view.ts';

/** The step a match becomes: one op over the match's outside inputs. */
export type FusedStep = { [K in PrimOp]: { readonly op: K; readonly attrs: PrimAttrs[K]; readonly inputs: readonly number[] } }[PrimOp];

/** A recognised subgraph: the indices of its steps (root first) and the fused step replacing them. */
export interface Match {
  readonly steps: readonly number[];
  readonly fused: FusedStep;
}

export interface Pattern {
  readonly name: string;
  /** The match rooted at step `root`, or undefined. */
  match(view: PlanView, root: number): Match | undefined;
}

/** The step producing `id` if it is an `op`, with its index. */
function made<K extends PrimOp>(view: PlanView, id: number, op: K): { index: number; step: Extract<PlanStep, { op: K }> } | undefined {
  const p = view.producer(id);
  return p && p.step.op === op ? { index: p.index, step: p.step as Extract<PlanStep, { op: K }> } : undefined;
}

/** A keepdims ReduceMean over exactly the last axis of its input. */
function meanOfLastAxis(view: PlanView, id: number): { index: number; input: number } | undefined {
  const r = made(view, id, 'ReduceMean');
  if (!r || !r.step.attrs.keepdims || r.step.attrs.axes.length !== 1) return undefined;
  const input = r.step.inputs[0]!;
  const axis = r.step.attrs.axes[0]!;
  return axis === -1 || axis === view.lastAxis(input) ? { index: r.index, input } : undefined;
}

/** A rank-1 value of exactly `size` elements (a per-feature gain, shift or bias). */
function isVectorOf(view: PlanView, id: number, size: number | string | null | undefined): boolean {
  const s = view.shape(id);
  return typeof size === 'number' && s !== null && s.length === 1 && s[0] === size && view.plan.values[id]?.dtype === 'float32';
}

/** The last dimension of `id` when it is a known number. */
function lastDim(view: PlanView, id: number): number | undefined {
  const s = view.shape(id);
  const d = s && s.length > 0 ? s[s.length - 1] : undefined;
  return typeof d === 'number' ? d : undefined;
}

/** 0.5·(x·(1 + erf(x·√½))) as built by `gelu()` in graph-schema/ops.ts, operands in either order. */
const gelu: Pattern = {
  name: 'Gelu',
  match(view, root) {
    const outer = view.plan.steps[root]!;
    if (outer.op !== 'Mul') return undefined;
    const [, product] = split(outer, (id) => isFloat32Of(view.scalar(id), 0.5)) ?? [];
    const inner = product === undefined ? undefined : made(view, product, 'Mul');
    if (!inner) return undefined;
    for (const [x, cdf] of [inner.step.inputs, [...inner.step.inputs].reverse()] as [number, number][]) {
      const plusOne = made(view, cdf, 'Add');
      const [, erfOut] = (plusOne && split(plusOne.step, (id) => isFloat32Of(view.scalar(id), 1))) ?? [];
      const erf = erfOut === undefined ? undefined : made(view, erfOut, 'Erf');
      const scaled = erf && made(view, erf.step.inputs[0]!, 'Mul');
      const [, x2] = (scaled && split(scaled.step, (id) => isFloat32Of(view.scalar(id), Math.SQRT1_2))) ?? [];
      if (x2 === x && plusOne && erf && scaled)
        return { steps: [root, inner.index, plusOne.index, erf.index, scaled.index], fused: { op: 'Gelu', attrs: {}, inputs: [x] } };
    }
    return undefined;
  },
};

/** (x − mean)/√(var + ε)·γ + β over the last axis, as the LayerNorm block lowers it. */
const layerNorm: Pattern = {
  name: 'LayerNormalization',
  match(view, root) {
    const shift = view.plan.steps[root]!;
    if (shift.op !== 'Add') return undefined;
    for (const [gained, beta] of [shift.inputs, [...shift.inputs].reverse()] as [number, number][]) {
      const gain = made(view, gained, 'Mul');
      if (!gain) continue;
      for (const [normalised, gamma] of [gain.step.inputs, [...gain.step.inputs].reverse()] as [number, number][]) {
        const div = made(view, normalised, 'Div');
        const sqrt = div && made(view, div.step.inputs[1]!, 'Sqrt');
        const plusEps = sqrt && made(view, sqrt.step.inputs[0]!, 'Add');
        const [eps, variance] = (plusEps && split(plusEps.step, (id) => view.scalar(id) !== undefined)) ?? [];
        const varMean = variance === undefined ? undefined : meanOfLastAxis(view, variance);
        const square = varMean && made(view, varMean.input, 'Mul');
        const centred = div?.step.inputs[0];
        if (!square || square.step.inputs[0] !== centred || square.step.inputs[1] !== centred || centred === undefined) continue;
        const sub = made(view, centred, 'Sub');
        const mean = sub && meanOfLastAxis(view, sub.step.inputs[1]!);
        const x = sub?.step.inputs[0];
        if (!mean || mean.input !== x || x === undefined || !div || !sqrt || !plusEps || eps === undefined) continue;
        const d = lastDim(view, x);
        if (!isVectorOf(view, gamma, d) || !isVectorOf(view, beta, d)) continue;
        const epsilon = view.scalar(eps)!;
        const steps = [root, gain.index, div.index, sqrt.index, plusEps.index, varMean.index, square.index, sub.index, mean.index];
        return { steps, fused: { op: 'LayerNormalization', attrs: { epsilon }, inputs: [x, gamma, beta] } };
      }
    }
    return undefined;
  },
};

/** MatMul(a, w) + bias with a rank-1 bias as long as the product's last axis (a dense layer). */
const matmulBias: Pattern = {
  name: 'MatMulAdd',
  match(view, root) {
    const add = view.plan.steps[root]!;
    if (add.op !== 'Add') return undefined;
    for (const [product, bias] of [add.inputs, [...add.inputs].reverse()] as [number, number][]) {
      const mm = made(view, product, 'MatMul');
      if (mm && view.plan.values[product]?.dtype === 'float32' && isVectorOf(view, bias, lastDim(view, product)))
        return { steps: [root, mm.index], fused: { op: 'MatMulAdd', attrs: {}, inputs: [mm.step.inputs[0]!, mm.step.inputs[1]!, bias] } };
    }
    return undefined;
  },
};

/**
 * MatMul(a, Transpose(b)) with the transpose swapping b's last two axes (attention's q·kᵀ). Not when b
 * is fixed (a tied de-embedding): that transpose is computed once and kept by the runner anyway.
 */
const matmulTransposed: Pattern = {
  name: 'MatMulTransposed',
  match(view, root) {
    const mm = view.plan.steps[root]!;
    if (mm.op !== 'MatMul') return undefined;
    const t = made(view, mm.inputs[1]!, 'Transpose');
    const perm = t?.step.attrs.perm;
    if (!t || !perm || perm.length < 2 || view.plan.values[mm.inputs[1]!]?.dtype !== 'float32' || view.isFixed(t.step.inputs[0]!)) return undefined;
    const swapsLastTwo = perm.every((p, i) => p === (i === perm.length - 2 ? perm.length - 1 : i === perm.length - 1 ? perm.length - 2 : i));
    return swapsLastTwo ? { steps: [root, t.index], fused: { op: 'MatMulTransposed', attrs: { perm: [...perm] }, inputs: [mm.inputs[0]!, t.step.inputs[0]!] } } : undefined;
  },
};

/** `x / c` or `x · c` for a scalar constant c: [x, the factor], with its step index. */
function scaledBy(view: PlanView, id: number): { index: number; x: number; scale: number } | undefined {
  const div = made(view, id, 'Div');
  const c = div && view.scalar(div.step.inputs[1]!);
  if (div && c !== undefined && c !== 0) return { index: div.index, x: div.step.inputs[0]!, scale: 1 / c };
  const mul = made(view, id, 'Mul');
  const [factor, x] = (mul && split(mul.step, (v) => view.scalar(v) !== undefined)) ?? [];
  return mul && factor !== undefined && x !== undefined ? { index: mul.index, x, scale: view.scalar(factor)! } : undefined;
}

/**
 * `mask` broadcasts to `x` without growing it: right-aligned, each mask dim 1 or x's dim — symbolically,
 * or (for dims like P+T that no symbol names) in both probe runs. The fused kernel checks it again at
 * run time, so a wrong guess is an error, never a wrong number.
 */
function broadcastsInto(view: PlanView, mask: number, x: number): boolean {
  const m = view.shape(mask);
  const s = view.shape(x);
  if (!m || !s || m.length > s.length || view.plan.values[mask]?.dtype !== 'float32') return false;
  const [mProbes, xProbes] = [view.probeShapes(mask), view.probeShapes(x)];
  const sameInProbes = (i: number) =>
    mProbes.every((ms, r) => ms !== undefined && xProbes[r] !== undefined && ms[i] === xProbes[r]![xProbes[r]!.length - m.length + i]);
  return m.every((d, i) => d === 1 || (d !== null && d === s[s.length - m.length + i]) || (d === null && sameInProbes(i)));
}

/** Softmax over the last axis of (x·scale [+ mask]): attention's scores → pattern. */
const maskedSoftmax: Pattern = {
  name: 'MaskedSoftmax',
  match(view, root) {
    const softmax = view.plan.steps[root]!;
    if (softmax.op !== 'Softmax') return undefined;
    const input = softmax.inputs[0]!;
    if (softmax.attrs.axis !== -1 && softmax.attrs.axis !== view.lastAxis(input)) return undefined;
    const add = made(view, input, 'Add');
    for (const [scores, mask] of add ? ([add.step.inputs, [...add.step.inputs].reverse()] as [number, number][]) : []) {
      if (!broadcastsInto(view, mask, scores) || view.shape(scores)?.length !== view.shape(input)?.length) continue;
      const scaled = scaledBy(view, scores);
      if (scaled) return { steps: [root, add!.index, scaled.index], fused: { op: 'MaskedSoftmax', attrs: { scale: scaled.scale }, inputs: [scaled.x, mask] } };
      return { steps: [root, add!.index], fused: { op: 'MaskedSoftmax', attrs: { scale: 1 }, inputs: [scores, mask] } };
    }
    const scaled = scaledBy(view, input);
    return scaled && { steps: [root, scaled.index], fused: { op: 'MaskedSoftmax', attrs: { scale: scaled.scale }, inputs: [scaled.x] } };
  },
};

/** Every pattern, tried in this order at each root. */
export const PATTERNS: readonly Pattern[] = [layerNorm, gelu, maskedSoftmax, matmulBias, matmulTransposed];
