/**
 * Hand-built plans for the exporter tests, so they do not depend on the compiler, plus tensor assertions.
 */
import { expect } from 'vitest';
import type { Shape } from '../../graph-schema/dims.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';
import type { Plan, PlanBlock, PlanIO, PlanStep, PlanValue, ValueSource } from '../../engine/compile/plan.ts';

/** Builds a Plan step by step; every method returns the new value id. */
export class TestPlan {
  private readonly values: PlanValue[] = [];
  private readonly steps: PlanStep[] = [];
  private readonly blocks: PlanBlock[] = [];
  private readonly inputs: PlanIO[] = [];
  private readonly outputs: PlanIO[] = [];
  private readonly constants: Tensor[] = [];
  private readonly weights: [string, { value: number; tensor: Tensor }][] = [];
  private blockStart = 0;

  private value(dtype: DType, source: ValueSource): number {
    const id = this.values.length;
    this.values.push({ id, dtype, source });
    return id;
  }

  input(name: string, dtype: DType, shape: Shape): number {
    const value = this.value(dtype, { kind: 'input', name });
    this.inputs.push({ name, value, dtype, shape });
    return value;
  }

  weight(name: string, tensor: Tensor): number {
    const value = this.value(tensor.dtype, { kind: 'weight', name });
    this.weights.push([name, { value, tensor }]);
    return value;
  }

  constant(tensor: Tensor): number {
    this.constants.push(tensor);
    return this.value(tensor.dtype, { kind: 'constant', index: this.constants.length - 1 });
  }

  step<K extends PrimOp>(op: K, attrs: PrimAttrs[K], inputs: readonly number[], dtype: DType, node = 'n'): number {
    const output = this.value(dtype, { kind: 'step' });
    // A generic object literal cannot be proven to be one member of the PlanStep union.
    this.steps.push({ op, attrs, inputs, output, node } as PlanStep);
    return output;
  }

  output(name: string, value: number, shape: Shape): void {
    const dtype = this.values[value]?.dtype ?? 'float32';
    this.outputs.push({ name, value, dtype, shape });
  }

  /** Closes a block over the steps added since the previous block. */
  block(node: string, block: string, parts: Pick<PlanBlock, 'outputs' | 'outputShapes' | 'intermediates'>): void {
    this.blocks.push({
      node, block, topNode: node.split('.')[0] ?? node, steps: [this.blockStart, this.steps.length],
      inputs: {}, weights: [], ...parts,
    });
    this.blockStart = this.steps.length;
  }

  /** The plan; `reverseWeights` inserts the weight map in reverse order (for determinism tests). */
  build(reverseWeights = false): Plan {
    const weights = reverseWeights ? [...this.weights].reverse() : this.weights;
    return {
      values: [...this.values], steps: [...this.steps], blocks: [...this.blocks], inputs: [...this.inputs],
      outputs: [...this.outputs], weights: new Map(weights), constants: [...this.constants],
    };
  }
}

/** Asserts dtype, shape and values (floats within `tolerance`, relative to magnitude, others exactly). */
export function expectTensor(actual: Tensor | undefined, expected: Tensor, tolerance = 1e-5): void {
  expect(actual, 'missing tensor').toBeDefined();
  if (actual === undefined) return;
  expect(actual.dtype).toBe(expected.dtype);
  expect([...actual.shape]).toEqual([...expected.shape]);
  if (expected.dtype !== 'float32') {
    expect([...actual.data]).toEqual([...expected.data]);
    return;
  }
  expect(actual.data.length).toBe(expected.data.length);
  for (let i = 0; i < expected.data.length; i++) {
    const [a, e] = [actual.data[i]!, expected.data[i]!];
    const ok = a === e || (Number.isNaN(a) && Number.isNaN(e)) || Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)); // a === e covers ±Infinity
    expect(ok, `element ${i}: got ${a}, expected ${e}`).toBe(true);
  }
}

/** A bool tensor from 0/1 values. */
export function bool(shape: readonly number[], values: readonly number[]): Tensor {
  return { dtype: 'bool', shape: [...shape], data: Uint8Array.from(values) };
}

/** A deterministic float32 tensor with values in (-1, 1) (no random numbers in tests). */
export function seeded(shape: readonly number[], seed: number): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return { dtype: 'float32', shape: [...shape], data: Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.31 + i * 1.37) * 0.9) };
}

/** Both onnxruntime builds the tests run on. */
export const RUNTIMES = ['node', 'web'] as const;
