/**
 * Static types of every value of a plan, from the op definitions' one shape rule: concrete types at given
 * sizes for the graph symbols (cost model, `inspect`, autograd), and symbolic shapes (`[B, T, 32]`, for
 * ONNX value info and the decoding checks) derived from two concrete probes.
 *
 * Why probes instead of a second, symbolic rule per op: the concrete rule is the one the kernels validate
 * with, so deriving symbolic shapes from it cannot disagree with what runs. Every graph symbol gets a
 * different small size in each of two runs; a dimension equal in both runs is that number, one that
 * follows a symbol's sizes in both runs is that symbol, and anything else (T + P, 2·T) is unknown (null).
 */
import { formatShape } from '../../graph-schema/dims.ts';
import type { PrimAttrs } from '../../graph-schema/primitives.ts';
import type { Plan } from '../compile/plan.ts';
import type { StaticType, SymbolicDim, SymbolicShape } from './define-op.ts';
import { staticOutput } from './index.ts';

/** Where static typing stopped: the step index and the rule's message. */
export interface StaticTypeError {
  readonly step: number;
  readonly message: string;
}

/** The static type of every value id (undefined where typing stopped), and the first error if any. */
export interface PlanTypes {
  readonly types: readonly (StaticType | undefined)[];
  readonly error?: StaticTypeError;
}

/** int64 constants up to this size carry their value, so Slice bounds and Reshape targets resolve. */
const SMALL_CONSTANT = 64;

/**
 * Types every value of `plan` with the graph symbols set to `sizes`. Stops at the first step whose rule
 * rejects its inputs (`error`); with `keepGoing`, types what does not depend on it instead.
 */
export function planTypes(plan: Plan, sizes: ReadonlyMap<string, number>, keepGoing = false): PlanTypes {
  const types: (StaticType | undefined)[] = new Array(plan.values.length);
  for (const io of plan.inputs) {
    const shape = io.shape.map((d) => (typeof d === 'number' ? d : sizes.get(d)));
    if (shape.every((d): d is number => d !== undefined)) types[io.value] = { dtype: io.dtype, shape };
  }
  for (const { value, tensor } of plan.weights.values()) types[value] = { dtype: 'float32', shape: tensor.shape };
  for (const v of plan.values) {
    if (v.source.kind !== 'constant') continue;
    const t = plan.constants[v.source.index]!;
    const small = t.dtype === 'int64' && t.data.length <= SMALL_CONSTANT;
    types[v.id] = small ? { dtype: t.dtype, shape: t.shape, value: t } : { dtype: t.dtype, shape: t.shape };
  }
  let error: StaticTypeError | undefined;
  plan.steps.forEach((step, i) => {
    if (error && !keepGoing) return;
    const inputs = step.inputs.map((id) => types[id]);
    if (inputs.some((t) => t === undefined)) return;
    try {
      types[step.output] = staticOutput(step.op, inputs as StaticType[], step.attrs as PrimAttrs[typeof step.op]);
    } catch (e) {
      error ??= { step: i, message: (e as Error).message };
    }
  });
  return error ? { types, error } : { types };
}

/** Two size assignments per graph symbol: distinct in each run, small enough to fit any positional table. */
const PROBES: readonly [number, number][] = Array.from({ length: 32 }, (_, i) => [2 * i + 3, 2 * i + 4]);

/**
 * The symbolic shape of every value id of `plan`. Graph inputs keep their declared shapes, and block outputs
 * the shapes the compiler inferred for them; everything else follows from two probes (see above).
 */
export function symbolicShapes(plan: Plan): Map<number, SymbolicShape> {
  const symbols = [...new Set(plan.inputs.flatMap((io) => io.shape.filter((d): d is string => typeof d === 'string')))];
  const runs = [0, 1].map((r) => planTypes(plan, new Map(symbols.map((s, i) => [s, PROBES[i % PROBES.length]![r]!])), true).types);
  const shapes = new Map<number, SymbolicShape>();
  for (let id = 0; id < plan.values.length; id++) {
    const [a, b] = [runs[0]![id], runs[1]![id]];
    if (!a || !b) shapes.set(id, null);
    else if (a.shape.length !== b.shape.length) shapes.set(id, null);
    else shapes.set(id, a.shape.map((d, i): SymbolicDim => symbolOf(d, b.shape[i]!, symbols)));
  }
  for (const io of plan.inputs) shapes.set(io.value, io.shape);
  for (const block of plan.blocks) {
    for (const [port, id] of Object.entries(block.outputs)) {
      const declared = block.outputShapes[port];
      if (declared !== undefined) shapes.set(id, declared);
    }
  }
  return shapes;
}

function symbolOf(first: number, second: number, symbols: readonly string[]): SymbolicDim {
  if (first === second) return first;
  const i = symbols.findIndex((_, k) => PROBES[k % PROBES.length]![0] === first && PROBES[k % PROBES.length]![1] === second);
  return i >= 0 ? symbols[i]! : null;
}

/** `[2, 3]`, or `?` for an unknown shape (messages). */
export function formatSymbolic(shape: SymbolicShape): string {
  return shape === null ? '?' : formatShape(shape.map((d) => d ?? '?'));
}
