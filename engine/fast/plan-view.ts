/**
 * What a fusion pattern sees of a plan: who produces and who reads each value, which values are small
 * float constants, and every value's symbolic shape. Patterns only ask questions; the pass (fuse.ts)
 * decides whether a match may replace its steps.
 */
import type { Plan, PlanStep } from '../compile/plan.ts';
import { planTypes, symbolicShapes } from '../ops/plan-types.ts';
import type { SymbolicShape } from '../ops/index.ts';

/** A read-only view of a plan for pattern matching. */
export class PlanView {
  /** Value id → index of the step producing it. */
  private readonly producers = new Map<number, number>();
  /** Value id → indices of the steps reading it (a step reading a value twice is listed twice). */
  private readonly readerLists = new Map<number, number[]>();
  private shapes: Map<number, SymbolicShape> | undefined;
  private probes: (readonly number[] | undefined)[][] | undefined;
  private readonly fixedValues = new Map<number, boolean>();

  constructor(readonly plan: Plan) {
    plan.steps.forEach((step, i) => {
      this.producers.set(step.output, i);
      for (const id of step.inputs) {
        const list = this.readerLists.get(id);
        if (list) list.push(i);
        else this.readerLists.set(id, [i]);
      }
    });
  }

  /** The step producing `id`, with its index, or undefined for inputs, weights and constants. */
  producer(id: number): { readonly index: number; readonly step: PlanStep } | undefined {
    const index = this.producers.get(id);
    return index === undefined ? undefined : { index, step: this.plan.steps[index]! };
  }

  /** True when `id` depends on weights and constants only (the same on every run). */
  isFixed(id: number): boolean {
    let fixed = this.fixedValues.get(id);
    if (fixed === undefined) {
      const source = this.plan.values[id]?.source.kind;
      const p = this.producer(id);
      fixed = source === 'weight' || source === 'constant' || (p !== undefined && p.step.inputs.every((input) => this.isFixed(input)));
      this.fixedValues.set(id, fixed);
    }
    return fixed;
  }

  /** Indices of the steps reading `id`. */
  readers(id: number): readonly number[] {
    return this.readerLists.get(id) ?? [];
  }

  /** The number held by a rank-0 float32 constant (it never changes the shape it meets), else undefined. */
  scalar(id: number): number | undefined {
    const source = this.plan.values[id]?.source;
    if (source?.kind !== 'constant') return undefined;
    const t = this.plan.constants[source.index]!;
    return t.dtype === 'float32' && t.shape.length === 0 ? t.data[0] : undefined;
  }

  /** The symbolic shape of `id` (`null` when unknown), computed on first use. */
  shape(id: number): SymbolicShape {
    this.shapes ??= symbolicShapes(this.plan);
    return this.shapes.get(id) ?? null;
  }

  /**
   * The concrete shape of `id` in each of two probe runs, where every graph symbol has a different size
   * (as symbolic shapes are derived): tells apart dimensions like P+T that no single symbol names.
   */
  probeShapes(id: number): (readonly number[] | undefined)[] {
    if (!this.probes) {
      const symbols = [...new Set(this.plan.inputs.flatMap((io) => io.shape.filter((d): d is string => typeof d === 'string')))];
      const runs = [0, 1].map((r) => planTypes(this.plan, new Map(symbols.map((sym, i) => [sym, 3 + 2 * i + r])), true).types);
      this.probes = runs.map((types) => types.map((t) => t?.shape));
    }
    return this.probes.map((run) => run[id]);
  }

  /** The last axis of `id` as a non-negative index, when its rank is known. */
  lastAxis(id: number): number | undefined {
    const s = this.shape(id);
    return s && s.length > 0 ? s.length - 1 : undefined;
  }
}

/** The operands of a commutative binary `step` as [one satisfying `test`, the other], or undefined. */
export function split(step: PlanStep, test: (id: number) => boolean): [number, number] | undefined {
  const [a, b] = step.inputs as [number, number];
  if (step.inputs.length !== 2) return undefined;
  if (test(a)) return [a, b];
  if (test(b)) return [b, a];
  return undefined;
}

/** `x` equals the float32 rounding of `want` (constants are stored in float32). */
export const isFloat32Of = (x: number | undefined, want: number): boolean => x !== undefined && x === Math.fround(want);
