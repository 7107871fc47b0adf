/**
 * Runs a range of plan steps on the reference kernels, freeing every intermediate after its last use
 * (activations of the forward pass live until the backward step that reads them, then go). Used by
 * training, where no step-by-step trace is wanted.
 */
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { runOp } from '../ops/index.ts';
import type { Plan } from '../compile/plan.ts';

/** For each step index, the value ids whose last reader it is (never weights, constants or `keep`). */
export function releasePoints(plan: Plan, keep: ReadonlySet<number>): number[][] {
  const last = new Map<number, number>();
  plan.steps.forEach((step, i) => step.inputs.forEach((id) => last.set(id, i)));
  const release: number[][] = plan.steps.map(() => []);
  for (const [id, i] of last) {
    const kind = plan.values[id]!.source.kind;
    if (kind === 'step' && !keep.has(id)) release[i]!.push(id);
  }
  return release;
}

/**
 * Runs steps `[from, to)` of `plan` over `values` (indexed by value id, filled with inputs, weights and
 * constants), releasing values at `release` points. Throws the kernel's RangeError on impossible input.
 */
export function runSteps(plan: Plan, values: (Tensor | undefined)[], from: number, to: number, release: readonly (readonly number[])[]): void {
  for (let i = from; i < to; i++) {
    const step = plan.steps[i]!;
    const inputs = step.inputs.map((id) => {
      const t = values[id];
      if (!t) throw new Error(`${step.op} in '${step.node}' reads value ${id}, which is not computed`);
      return t;
    });
    values[step.output] = runOp(step.op, inputs, step.attrs as PrimAttrs[PrimOp]);
    for (const id of release[i]!) values[id] = undefined;
  }
}
