/**
 * The fast plan: a plan-to-plan pass that replaces the subgraphs of patterns.ts with one fused op each
 * (engine/ops: Gelu, LayerNormalization, MatMulAdd, MaskedSoftmax). The result is an ordinary plan —
 * the interpreter, autograd and the ONNX exporter read it like any other — that computes the same
 * outputs with fewer steps and fewer intermediate tensors. What it gives up: the values a match
 * swallows (LayerNorm's `mean`, attention's `scores` …) are no longer computed, so stepping, Run to
 * here and --trace keep using the reference plan.
 *
 * A match is taken only inside one block, when every value it removes is read by no step outside the
 * match and is no graph output. `Shape(f(x))` for a shape-preserving `f` (scaling by a scalar) first
 * reads `x` instead, so the causal mask's `Shape(scores)` does not pin the scaled scores.
 */
import type { Plan, PlanBlock, PlanStep } from '../compile/plan.ts';
import { PATTERNS, type Match } from './patterns.ts';
import { PlanView } from './plan-view.ts';

/** What the pass did: the fused plan and how many matches of each pattern it took. */
export interface FastPlan {
  readonly plan: Plan;
  readonly fused: ReadonlyMap<string, number>;
}

/** Fast plans already built, by reference plan (plans are immutable; weights are shared, not copied). */
const built = new WeakMap<Plan, FastPlan>();

/** The fast plan of `plan` (see the file comment), built once per plan. The input plan is not modified. */
export function fastPlan(plan: Plan): FastPlan {
  let fast = built.get(plan);
  if (!fast) built.set(plan, (fast = fuse(plan)));
  return fast;
}

function fuse(plan: Plan): FastPlan {
  const source = readShapesOfSources(plan);
  const view = new PlanView(source);
  const outputs = new Set(source.outputs.map((io) => io.value));
  const taken = new Set<number>();
  const replacements = new Map<number, PlanStep>();
  const fused = new Map<string, number>();
  for (const block of source.blocks) {
    for (let root = block.steps[1] - 1; root >= block.steps[0]; root--) {
      if (taken.has(root)) continue;
      for (const pattern of PATTERNS) {
        const match = pattern.match(view, root);
        if (!match || !isSelfContained(view, match, block, taken, outputs)) continue;
        for (const i of match.steps) taken.add(i);
        const rootStep = source.steps[root]!;
        replacements.set(root, { ...match.fused, output: rootStep.output, node: rootStep.node } as PlanStep);
        fused.set(pattern.name, (fused.get(pattern.name) ?? 0) + 1);
        break;
      }
    }
  }
  return { plan: rebuild(source, taken, replacements), fused };
}

/** Every step of `match` lies in `block` and is free, and only its root's output is read outside it. */
function isSelfContained(view: PlanView, match: Match, block: PlanBlock, taken: ReadonlySet<number>, outputs: ReadonlySet<number>): boolean {
  const inside = new Set(match.steps);
  for (const i of match.steps) {
    if (i < block.steps[0] || i >= block.steps[1] || taken.has(i)) return false;
    if (i === match.steps[0]) continue;
    const value = view.plan.steps[i]!.output;
    if (outputs.has(value) || view.readers(value).some((r) => !inside.has(r))) return false;
  }
  return true;
}

/** The plan with taken steps dropped, each root replaced by its fused step, and block ranges renumbered. */
function rebuild(plan: Plan, taken: ReadonlySet<number>, replacements: ReadonlyMap<number, PlanStep>): Plan {
  const steps: PlanStep[] = [];
  const computed = new Set(plan.values.filter((v) => v.source.kind !== 'step').map((v) => v.id));
  const blocks = plan.blocks.map((block): PlanBlock => {
    const start = steps.length;
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const step = replacements.get(i) ?? (taken.has(i) ? undefined : plan.steps[i]!);
      if (!step) continue;
      steps.push(step);
      computed.add(step.output);
    }
    const keep = (ids: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(ids).filter(([, id]) => computed.has(id)));
    return { ...block, steps: [start, steps.length], outputs: keep(block.outputs), intermediates: keep(block.intermediates) };
  });
  return { ...plan, steps, blocks };
}

/** `plan` with every `Shape` step reading through shape-preserving scalings to their input. */
function readShapesOfSources(plan: Plan): Plan {
  const view = new PlanView(plan);
  let changed = false;
  const steps = plan.steps.map((step): PlanStep => {
    if (step.op !== 'Shape') return step;
    let id = step.inputs[0]!;
    for (let origin = sameShapeOrigin(view, id); origin !== undefined; origin = sameShapeOrigin(view, id)) id = origin;
    if (id === step.inputs[0]) return step;
    changed = true;
    return { ...step, inputs: [id] };
  });
  return changed ? { ...plan, steps } : plan;
}

/** The input of a step that has exactly its input's shape (arithmetic with a rank-0 constant, Identity). */
function sameShapeOrigin(view: PlanView, id: number): number | undefined {
  const p = view.producer(id);
  if (!p) return undefined;
  const { step } = p;
  if (step.op === 'Identity') return step.inputs[0];
  if (step.op !== 'Mul' && step.op !== 'Div' && step.op !== 'Add' && step.op !== 'Sub') return undefined;
  const [a, b] = step.inputs as [number, number];
  if (view.scalar(b) !== undefined) return a;
  if (view.scalar(a) !== undefined) return b;
  return undefined;
}
