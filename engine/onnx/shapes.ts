/**
 * Symbolic shapes of every plan value, as far as they can be known before running. Why here: a debug export
 * makes intermediates graph outputs, and the ONNX checker wants a shape (at least the right rank) on every
 * graph output, while the plan only records shapes for block outputs and graph inputs/outputs.
 *
 * A dim is a number, a graph symbol (`'T'`) or `null` (unknown); a whole shape is `null` when even the rank
 * is unknown. The rules are conservative: a dim is only given when every valid run agrees on it.
 */
import type { Dim } from '../../graph-schema/dims.ts';
import type { PrimOp } from '../../graph-schema/primitives.ts';
import type { Plan } from '../plan.ts';
import type { StepOf } from './lowering.ts';

/** One inferred dimension: known size, graph symbol, or unknown. */
export type InferredDim = Dim | null;
/** An inferred shape, or `null` when the rank is unknown. */
export type InferredShape = readonly InferredDim[] | null;

/** What a shape rule sees: input shapes, and the contents of 1-D int64 inputs made by `Shape`. */
interface RuleInput {
  readonly shapes: readonly InferredShape[];
  readonly contents: readonly (readonly InferredDim[] | undefined)[];
}

type ShapeRule<K extends PrimOp> = (step: StepOf<K>, input: RuleInput) => InferredShape;

/** Broadcasts two dims numpy-style, keeping only what every valid run agrees on. */
function broadcastDim(a: InferredDim, b: InferredDim): InferredDim {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  if (typeof a === 'number') return a;
  if (typeof b === 'number') return b;
  return null;
}

function broadcast(...shapes: InferredShape[]): InferredShape {
  if (shapes.some((s) => s === null)) return null;
  const known = shapes as (readonly InferredDim[])[];
  const rank = Math.max(...known.map((s) => s.length));
  const out: InferredDim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: InferredDim = 1;
    for (const s of known) {
      const j = i - (rank - s.length);
      if (j >= 0) dim = broadcastDim(dim, s[j]!);
    }
    out.push(dim);
  }
  return out;
}

const normalize = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function reduceShape(attrs: { readonly axes: readonly number[]; readonly keepdims: boolean }, x: InferredShape): InferredShape {
  if (x === null) return null;
  const axes = attrs.axes.length === 0 ? x.map((_, i) => i) : attrs.axes.map((a) => normalize(a, x.length));
  if (attrs.keepdims) return x.map((d, i) => (axes.includes(i) ? 1 : d));
  return x.filter((_, i) => !axes.includes(i));
}

function matMulShape(a: InferredShape, b: InferredShape): InferredShape {
  if (a === null || b === null) return null;
  if (a.length === 1 && b.length === 1) return [];
  if (a.length === 1) return [...b.slice(0, -2), b[b.length - 1]!];
  if (b.length === 1) return a.slice(0, -1);
  const batch = broadcast(a.slice(0, -2), b.slice(0, -2));
  return batch === null ? null : [...batch, a[a.length - 2]!, b[b.length - 1]!];
}

function reshapeShape(target: readonly number[], x: InferredShape): InferredShape {
  const out: InferredDim[] = target.map((d, i) => (d === 0 ? (x?.[i] ?? null) : d === -1 ? null : d));
  const inferAt = target.indexOf(-1);
  if (inferAt >= 0 && x !== null && x.every((d) => typeof d === 'number') && out.every((d, i) => i === inferAt || typeof d === 'number')) {
    const total = (x as number[]).reduce((p, d) => p * d, 1);
    const rest = (out.filter((_, i) => i !== inferAt) as number[]).reduce((p, d) => p * d, 1);
    out[inferAt] = rest === 0 ? null : total / rest;
  }
  return out;
}

/** `Shape(x)[start:end]` bounds, clamped as ONNX does. */
function shapeRange(rank: number, start: number, end: number | undefined): [number, number] {
  const clamp = (v: number): number => Math.min(rank, Math.max(0, normalize(v, rank)));
  return [clamp(start), clamp(end ?? rank)];
}

/** Rules that ignore the step's attributes fit every op. */
type AnyStepRule = (step: unknown, input: RuleInput) => InferredShape;
const same: AnyStepRule = (_step, { shapes }) => shapes[0] ?? null;
const elementwise: AnyStepRule = (_step, { shapes }) => broadcast(...shapes);

/** Shape rules, one per primitive op. */
const SHAPE_RULES = {
  MatMul: (_step, { shapes }) => matMulShape(shapes[0] ?? null, shapes[1] ?? null),
  Add: elementwise, Sub: elementwise, Mul: elementwise, Div: elementwise, Equal: elementwise, Where: elementwise,
  Relu: same, Exp: same, Sqrt: same, Erf: same, Tanh: same, Sigmoid: same, Identity: same, Softmax: same,
  Trilu: same, Cast: same,
  ReduceMean: (step, { shapes }) => reduceShape(step.attrs, shapes[0] ?? null),
  ReduceSum: (step, { shapes }) => reduceShape(step.attrs, shapes[0] ?? null),
  ReduceMax: (step, { shapes }) => reduceShape(step.attrs, shapes[0] ?? null),
  ArgMax: (step, { shapes }) => reduceShape({ axes: [step.attrs.axis], keepdims: step.attrs.keepdims }, shapes[0] ?? null),
  Transpose: (step, { shapes }) => {
    const x = shapes[0] ?? null;
    if (x === null) return null;
    // Our prim always spells perm out (the CPU kernel rejects an empty one), so no ONNX "reverse" default.
    return step.attrs.perm.map((p) => x[p] ?? null);
  },
  Reshape: (step, { shapes }) => reshapeShape(step.attrs.shape, shapes[0] ?? null),
  Unsqueeze: (step, { shapes }) => {
    const x = shapes[0] ?? null;
    if (x === null) return null;
    const rank = x.length + step.attrs.axes.length;
    const axes = step.attrs.axes.map((a) => normalize(a, rank));
    const rest = [...x];
    return Array.from({ length: rank }, (_, i) => (axes.includes(i) ? 1 : (rest.shift() ?? null)));
  },
  Concat: (step, { shapes }) => {
    if (shapes.some((s) => s === null) || shapes.length === 0) return null;
    const known = shapes as (readonly InferredDim[])[];
    const first = known[0]!;
    const axis = normalize(step.attrs.axis, first.length);
    const along = known.map((s) => s[axis] ?? null);
    const sum = along.every((d) => typeof d === 'number') ? (along as number[]).reduce((p, d) => p + d, 0) : null;
    return first.map((d, i) => (i === axis ? sum : (known.map((s) => s[i] ?? null).find((e) => e !== null) ?? d)));
  },
  Gather: (step, { shapes }) => {
    const [data, indices] = [shapes[0] ?? null, shapes[1] ?? null];
    if (data === null || indices === null) return null;
    const axis = normalize(step.attrs.axis, data.length);
    return [...data.slice(0, axis), ...indices, ...data.slice(axis + 1)];
  },
  OneHot: (step, { shapes }) => (shapes[0] ? [...shapes[0], step.attrs.depth] : null),
  Slice: (step, { shapes }) => {
    const x = shapes[0] ?? null;
    if (x === null) return null;
    const axes = step.attrs.axes.map((a) => normalize(a, x.length));
    return x.map((d, i) => (axes.includes(i) ? null : d));
  },
  Shape: (step, { shapes }) => {
    const x = shapes[0] ?? null;
    if (x === null) return [null];
    const [start, end] = shapeRange(x.length, step.attrs.start, step.attrs.end);
    return [Math.max(0, end - start)];
  },
  ConstantOfShape: (_step, { shapes, contents }) => {
    if (contents[0] !== undefined) return contents[0];
    const length = shapes[0]?.[0];
    return typeof length === 'number' ? Array.from({ length }, () => null) : null;
  },
} satisfies { readonly [K in PrimOp]: ShapeRule<K> };

/**
 * Infers a shape for every value id of `plan`: graph inputs take their declared symbolic shapes, weights and
 * constants their concrete shapes, step outputs follow the rules above. Block output shapes recorded by the
 * compiler take precedence over the inference.
 */
export function inferShapes(plan: Plan): Map<number, InferredShape> {
  const shapes = new Map<number, InferredShape>();
  const contents = new Map<number, readonly InferredDim[]>();
  for (const io of plan.inputs) shapes.set(io.value, io.shape);
  for (const { value, tensor } of plan.weights.values()) shapes.set(value, tensor.shape);
  for (const v of plan.values) {
    if (v.source.kind === 'constant') shapes.set(v.id, plan.constants[v.source.index]?.shape ?? null);
  }
  for (const step of plan.steps) {
    const input: RuleInput = {
      shapes: step.inputs.map((id) => shapes.get(id) ?? null),
      contents: step.inputs.map((id) => contents.get(id)),
    };
    const rule = SHAPE_RULES[step.op] as (step: StepOf<PrimOp>, input: RuleInput) => InferredShape;
    shapes.set(step.output, rule(step, input));
    if (step.op === 'Shape') {
      const x = input.shapes[0];
      if (x) {
        const [start, end] = shapeRange(x.length, step.attrs.start, step.attrs.end);
        contents.set(step.output, x.slice(start, end));
      }
    }
  }
  for (const block of plan.blocks) {
    for (const [port, id] of Object.entries(block.outputs)) {
      const declared = block.outputShapes[port];
      if (declared !== undefined) shapes.set(id, declared);
    }
  }
  return shapes;
}
