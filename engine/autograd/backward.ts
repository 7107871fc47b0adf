/**
 * Autograd as a plan → plan transform. Given a forward plan, the value to differentiate (`target`, e.g. the
 * logits) and sizes for the graph symbols, it appends the backward pass: a seed input holding dL/d target,
 * then, for every step on the path from the weights to the target in reverse order, the op definition's
 * vector-Jacobian product — itself primitive ops — with gradients of values used twice summed. The result
 * is plain data like the forward plan and runs on the same kernels (execute.ts).
 */
import type { Builder, Value } from '../../graph-schema/block.ts';
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Shape } from '../../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';
import { opDefinition, outputDtype, staticOutput, type StaticType } from '../ops/index.ts';
import { planTypes } from '../ops/plan-types.ts';
import type { Plan, PlanIO, PlanStep, PlanValue } from '../compile/plan.ts';

/** A forward plan extended with its backward pass. */
export interface GradientPlan {
  /** Forward steps needed for the target, then the backward steps; values, constants and inputs extended. */
  readonly plan: Plan;
  /** Steps `[0, forwardSteps)` compute the target; the rest need the seed. */
  readonly forwardSteps: number;
  /** The value differentiated. */
  readonly target: number;
  /** The input value that receives dL/d target before the backward steps run. */
  readonly seed: number;
  /** Weight name → value id of dL/d weight, for every weight the target depends on. */
  readonly gradients: ReadonlyMap<string, number>;
  /** Graph input name → value id of dL/d input (float32 inputs, with `withInputs`). */
  readonly inputGradients: ReadonlyMap<string, number>;
  /** Concrete static type of every value. */
  readonly types: readonly StaticType[];
}

/** The input name of the seed. */
export const SEED_INPUT = 'grad:target';

/**
 * Builds the backward pass of `plan` for `target` with the graph symbols set to `sizes`. Weights are
 * differentiated, and float32 graph inputs too with `withInputs`; constants never are.
 */
export function buildBackward(plan: Plan, target: number, sizes: ReadonlyMap<string, number>, withInputs = false): Result<GradientPlan> {
  const typed = planTypes(plan, sizes);
  if (typed.error) {
    const step = plan.steps[typed.error.step]!;
    return fail([error('FW051', `${step.op} in '${step.node}': ${typed.error.message}`, { node: step.node })]);
  }
  const needed = ancestors(plan, target);
  const forward = plan.steps.filter((s) => needed.has(s.output));
  const floatInputs = withInputs ? plan.inputs.filter((io) => io.dtype === 'float32') : [];
  const requires = new Set<number>([...[...plan.weights.values()].map((w) => w.value), ...floatInputs.map((io) => io.value)]);
  for (const step of forward) {
    if (plan.values[step.output]!.dtype === 'float32' && step.inputs.some((id) => requires.has(id))) requires.add(step.output);
  }
  const b = new BackwardBuilder(plan, typed.types as StaticType[]);
  const seed = b.input(SEED_INPUT, b.type(target));
  const grads = new Map<number, Value>([[target, seed]]);
  try {
    for (let i = forward.length - 1; i >= 0; i--) {
      const step = forward[i]!;
      const grad = grads.get(step.output);
      if (!grad || !requires.has(step.output)) continue;
      b.node = `∇${step.node}`;
      const rule = opDefinition(step.op).vjp;
      if (typeof rule !== 'function') continue; // no gradient (Shape, ArgMax …): only reached through integer values
      const inputs = step.inputs.map((id) => ({ id, dtype: plan.values[id]!.dtype }));
      const needs = step.inputs.map((id) => requires.has(id));
      const dInputs = rule({
        b, attrs: step.attrs as PrimAttrs[PrimOp], inputs, output: { id: step.output, dtype: 'float32' }, grad, needs, type: (v) => b.type(v.id),
      });
      dInputs.forEach((d, k) => {
        if (!d || !needs[k]) return;
        const id = step.inputs[k]!;
        const earlier = grads.get(id);
        grads.set(id, earlier ? b.op('Add', [earlier, d], {}) : d);
      });
    }
  } catch (e) {
    return fail([error('FW099', `building the backward pass failed: ${(e as Error).message}`, { hint: 'this is a bug in Formwork; please report it with the graph file' })]);
  }
  const gradients = new Map<string, number>();
  for (const [name, { value }] of plan.weights) {
    const g = grads.get(value);
    if (g) gradients.set(name, g.id);
  }
  const inputGradients = new Map<string, number>();
  for (const io of floatInputs) {
    const g = grads.get(io.value);
    if (g) inputGradients.set(io.name, g.id);
  }
  return ok({ plan: b.build(forward), forwardSteps: forward.length, target, seed: seed.id, gradients, inputGradients, types: b.types });
}

/** Value ids `target` depends on (itself included). */
function ancestors(plan: Plan, target: number): Set<number> {
  const producer = new Map<number, PlanStep>(plan.steps.map((s) => [s.output, s]));
  const seen = new Set<number>();
  const stack = [target];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const input of producer.get(id)?.inputs ?? []) stack.push(input);
  }
  return seen;
}

/** Appends backward steps to a copy of the plan's values, typing each new value as it is made. */
class BackwardBuilder implements Builder {
  node = '∇';
  private readonly values: PlanValue[];
  private readonly steps: PlanStep[] = [];
  private readonly constants: Tensor[];
  private readonly inputs: PlanIO[];

  constructor(
    private readonly plan: Plan,
    readonly types: StaticType[],
  ) {
    this.values = [...plan.values];
    this.constants = [...plan.constants];
    this.inputs = [...plan.inputs];
  }

  type(id: number): StaticType {
    const t = this.types[id];
    if (!t) throw new Error(`value ${id} has no static type`);
    return t;
  }

  private newValue(dtype: DType, source: PlanValue['source'], type: StaticType): Value {
    const v: PlanValue = { id: this.values.length, dtype, source };
    this.values.push(v);
    this.types[v.id] = type;
    return { id: v.id, dtype };
  }

  input(name: string, type: StaticType): Value {
    const v = this.newValue(type.dtype, { kind: 'input', name }, type);
    this.inputs.push({ name, value: v.id, dtype: type.dtype, shape: type.shape as Shape });
    return v;
  }

  op<K extends PrimOp>(op: K, inputs: readonly Value[], attrs: PrimAttrs[K]): Value {
    const type = staticOutput(op, inputs.map((v) => this.type(v.id)), attrs); // validates the gradient graph as it is built
    const dtype = outputDtype(op, inputs.map((v) => v.dtype), attrs);
    const out = this.newValue(dtype, { kind: 'step' }, type);
    this.steps.push({ op, attrs, inputs: inputs.map((v) => v.id), output: out.id, node: this.node } as PlanStep);
    return out;
  }

  constant(tensor: Tensor): Value {
    this.constants.push(tensor);
    const small = tensor.dtype === 'int64' && tensor.data.length <= 64;
    return this.newValue(tensor.dtype, { kind: 'constant', index: this.constants.length - 1 }, small ? { dtype: tensor.dtype, shape: tensor.shape, value: tensor } : { dtype: tensor.dtype, shape: tensor.shape });
  }

  expose(_name: string, value: Value): Value {
    return value;
  }
  graphInput(): Value {
    throw new Error('a gradient rule cannot declare graph inputs');
  }
  graphOutput(): void {
    throw new Error('a gradient rule cannot declare graph outputs');
  }

  build(forward: readonly PlanStep[]): Plan {
    return { ...this.plan, values: this.values, steps: [...forward, ...this.steps], constants: this.constants, inputs: this.inputs, blocks: [], outputs: [] };
  }
}
