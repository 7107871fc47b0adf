/**
 * Accumulates the plan while blocks lower themselves: values, steps, constants, graph inputs and
 * outputs, and the per-block records the interpreter steps through.
 */
import type { Builder, Value } from '../graph-schema/block.ts';
import type { Shape } from '../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../graph-schema/primitives.ts';
import type { DType, Tensor } from '../graph-schema/tensor.ts';
import type { Plan, PlanBlock, PlanIO, PlanStep, PlanValue, ValueSource } from './plan.ts';
import { outputDtype } from './prim-dtype.ts';

export class PlanBuilder {
  private readonly values: PlanValue[] = [];
  private readonly steps: PlanStep[] = [];
  private readonly blocks: PlanBlock[] = [];
  private readonly inputs: PlanIO[] = [];
  private readonly outputs: PlanIO[] = [];
  private readonly constants: Tensor[] = [];
  private readonly weights = new Map<string, { value: number; tensor: Tensor }>();

  newValue(dtype: DType, source: ValueSource): Value {
    const v: PlanValue = { id: this.values.length, dtype, source };
    this.values.push(v);
    return { id: v.id, dtype };
  }

  /** The value of a weight, created on first use. */
  weight(name: string, tensor: Tensor): Value {
    const existing = this.weights.get(name);
    if (existing) return { id: existing.value, dtype: 'float32' };
    const v = this.newValue('float32', { kind: 'weight', name });
    this.weights.set(name, { value: v.id, tensor });
    return v;
  }

  /** The value of a weight created earlier (for tied weights). */
  existingWeight(name: string): Value {
    const existing = this.weights.get(name);
    if (!existing) throw new Error(`tied weight '${name}' used before its owner`);
    return { id: existing.value, dtype: 'float32' };
  }

  /** A Builder for one block. `outputShape` is the shape recorded if the block declares a graph output. */
  forBlock(node: string, outputShape: Shape): BlockBuilder {
    return new BlockBuilder(this, node, outputShape);
  }

  addStep(step: PlanStep): void {
    this.steps.push(step);
  }
  addConstant(t: Tensor): Value {
    this.constants.push(t);
    return this.newValue(t.dtype, { kind: 'constant', index: this.constants.length - 1 });
  }
  addInput(io: PlanIO): void {
    this.inputs.push(io);
  }
  addOutput(io: PlanIO): void {
    this.outputs.push(io);
  }
  addBlock(b: PlanBlock): void {
    this.blocks.push(b);
  }
  get stepCount(): number {
    return this.steps.length;
  }

  build(): Plan {
    return {
      values: this.values,
      steps: this.steps,
      blocks: this.blocks,
      inputs: this.inputs,
      outputs: this.outputs,
      weights: this.weights,
      constants: this.constants,
    };
  }
}

/** The Builder a block's `lower()` receives. */
export class BlockBuilder implements Builder {
  readonly exposed: Record<string, number> = {};

  constructor(
    private readonly plan: PlanBuilder,
    private readonly node: string,
    private readonly outputShape: Shape,
  ) {}

  op<K extends PrimOp>(op: K, inputs: readonly Value[], attrs: PrimAttrs[K]): Value {
    const out = this.plan.newValue(
      outputDtype(op, inputs.map((v) => v.dtype), attrs),
      { kind: 'step' },
    );
    this.plan.addStep({ op, attrs, inputs: inputs.map((v) => v.id), output: out.id, node: this.node } as PlanStep);
    return out;
  }

  constant(tensor: Tensor): Value {
    return this.plan.addConstant(tensor);
  }

  expose(name: string, value: Value): Value {
    this.exposed[name] = value.id;
    return value;
  }

  graphInput(dtype: DType, shape: Shape): Value {
    const v = this.plan.newValue(dtype, { kind: 'input', name: this.node });
    this.plan.addInput({ name: this.node, value: v.id, dtype, shape });
    return v;
  }

  graphOutput(value: Value): void {
    this.plan.addOutput({ name: this.node, value: value.id, dtype: value.dtype, shape: this.outputShape });
  }
}
