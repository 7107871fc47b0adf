/**
 * Accumulates the plan while blocks lower themselves: values, steps, constants, graph inputs and
 * outputs, and the per-block records the interpreter steps through.
 */
import type { Builder, Value } from '../../graph-schema/block.ts';
import type { Shape } from '../../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';
import { POSITION_INPUT, type Plan, type PlanBlock, type PlanIO, type PlanStep, type PlanValue, type ValueSource } from './plan.ts';
import { outputDtype } from '../ops/index.ts';

export class PlanBuilder {
  private readonly values: PlanValue[] = [];
  private readonly steps: PlanStep[] = [];
  private readonly blocks: PlanBlock[] = [];
  private readonly inputs: PlanIO[] = [];
  private readonly outputs: PlanIO[] = [];
  private readonly constants: Tensor[] = [];
  private readonly weights = new Map<string, { value: number; tensor: Tensor }>();
  private offset: Value | undefined;

  /** `incremental`: the plan being built is a decoding plan (see `Plan.incremental`). */
  constructor(private readonly incremental = false) {}

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

  /** The position input of a decoding plan, int64 [1] = (P), declared on first use. */
  positionOffset(): Value {
    if (this.offset) return this.offset;
    const v = this.newValue('int64', { kind: 'input', name: POSITION_INPUT });
    this.inputs.push({ name: POSITION_INPUT, value: v.id, dtype: 'int64', shape: [1], role: 'position' });
    this.offset = v;
    return v;
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
      ...(this.incremental ? { incremental: true } : {}),
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

  /**
   * Concat(past, fresh) along `axis` for this block's cache `name` in a decoding plan: declares the
   * input `<node>.<name>.past` (shape `cacheShape`, P on `axis`) and the output `<node>.<name>.present`
   * (P+T on `axis`), which is fed back as the past of the next call.
   */
  extendCache(name: string, fresh: Value, axis: number, cacheShape: Shape): Value {
    const base = `${this.node}.${name}`;
    const past = this.plan.newValue(fresh.dtype, { kind: 'input', name: `${base}.past` });
    this.plan.addInput({ name: `${base}.past`, value: past.id, dtype: fresh.dtype, shape: cacheShape, role: 'cache' });
    const present = this.op('Concat', [past, fresh], { axis }); // [..., P+T on axis, ...]
    const at = axis < 0 ? axis + cacheShape.length : axis;
    const shape = cacheShape.map((d, i) => (i === at ? 'P+T' : d));
    this.plan.addOutput({ name: `${base}.present`, value: present.id, dtype: fresh.dtype, shape, role: 'cache', carriedTo: `${base}.past` });
    return present;
  }
}
