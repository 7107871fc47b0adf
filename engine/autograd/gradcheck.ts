/**
 * Finite-difference check of a plan's gradients: the backward pass (backward.ts) against central
 * differences of L = Σ target · R for a fixed random R, perturbing weights and float inputs one element
 * at a time. Used by the tests over every op and every block, and useful for checking a new block.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { uniformStream } from '../compile/init.ts';
import type { Plan } from '../compile/plan.ts';
import { buildBackward } from './backward.ts';
import { releasePoints, runSteps } from './execute.ts';

/** One checked element. */
export interface GradientMismatch {
  /** `weight:<name>` or `input:<name>`. */
  readonly tensor: string;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

/** What was compared, and where the two disagree beyond the tolerance. */
export interface GradientReport {
  readonly checked: number;
  /** Elements left out because the loss has a kink there (ReLU at 0): the one-sided slopes differ by more than the mismatch. */
  readonly kinks: number;
  readonly worst: number;
  readonly mismatches: readonly GradientMismatch[];
}

export interface GradientCheckOptions {
  /** Step of the central difference. Default 1e-2 (float32 values; the error is O(step²)). */
  readonly step?: number;
  /** |analytic − numeric| ≤ tolerance · max(1, |numeric|). Default 2e-3. */
  readonly tolerance?: number;
  /** At most this many elements per tensor, spread evenly. Default 12. */
  readonly perTensor?: number;
  readonly seed?: number;
}

/**
 * Checks dL/d weight and dL/d input (float32 inputs) of `plan` for `target`, with `feeds` for the graph
 * inputs and `sizes` for the graph symbols. Weights are perturbed in place and restored.
 */
export function checkGradients(
  plan: Plan,
  target: number,
  feeds: ReadonlyMap<string, Tensor>,
  sizes: ReadonlyMap<string, number>,
  options: GradientCheckOptions = {},
): Result<GradientReport> {
  const built = buildBackward(plan, target, sizes, true);
  if (!built.ok) return built;
  const g = built.value;
  const { step = 1e-2, tolerance = 2e-3, perTensor = 12, seed = 1 } = options;
  const random = uniformStream(seed);
  const targetType = g.types[target]!;
  if (targetType.dtype !== 'float32') return fail([error('FW051', 'the differentiated value is not float32')]);
  const projection = Float64Array.from({ length: targetType.shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);

  const fresh = (): (Tensor | undefined)[] => {
    const values: (Tensor | undefined)[] = new Array(g.plan.values.length);
    for (const io of g.plan.inputs) values[io.value] = feeds.get(io.name);
    for (const { value, tensor } of g.plan.weights.values()) values[value] = tensor;
    g.plan.values.forEach((v) => v.source.kind === 'constant' && (values[v.id] = g.plan.constants[v.source.index]));
    return values;
  };
  const noRelease = g.plan.steps.map(() => []);
  const loss = (): number => {
    const values = fresh();
    runSteps(g.plan, values, 0, g.forwardSteps, noRelease);
    const out = values[target]!.data;
    let sum = 0;
    for (let i = 0; i < out.length; i++) if (projection[i] !== 0) sum += out[i]! * projection[i]!;
    return sum;
  };

  const values = fresh();
  runSteps(g.plan, values, 0, g.forwardSteps, noRelease);
  // Outputs that are ±∞ by construction (masked scores) carry no gradient: leave them out of L.
  values[target]!.data.forEach((v, i) => Number.isFinite(v) || (projection[i] = 0));
  values[g.seed] = { dtype: 'float32', shape: targetType.shape, data: Float32Array.from(projection) };
  const wanted = new Set([...g.gradients.values(), ...g.inputGradients.values()]);
  runSteps(g.plan, values, g.forwardSteps, g.plan.steps.length, releasePoints(g.plan, wanted));

  const tensors: [string, Float32Array, number][] = [];
  for (const [name, id] of g.gradients) tensors.push([`weight:${name}`, g.plan.weights.get(name)!.tensor.data as Float32Array, id]);
  for (const [name, id] of g.inputGradients) tensors.push([`input:${name}`, feeds.get(name)!.data as Float32Array, id]);

  const mismatches: GradientMismatch[] = [];
  const base = loss();
  let kinks = 0;
  let checked = 0;
  let worst = 0;
  for (const [name, data, id] of tensors) {
    const analytic = values[id]!.data;
    const stride = Math.max(1, Math.floor(data.length / perTensor));
    for (let index = 0; index < data.length; index += stride) {
      const original = data[index]!;
      data[index] = original + step;
      const up = loss();
      data[index] = original - step;
      const down = loss();
      data[index] = original;
      const numeric = (up - down) / (2 * step);
      const gap = Math.abs(analytic[index]! - numeric);
      const error = gap / Math.max(1, Math.abs(numeric));
      if (error > tolerance && Math.abs((up - base) - (base - down)) / step >= gap) {
        kinks++; // not differentiable within ±step: the central difference means nothing here
        continue;
      }
      worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
      checked++;
      if (!(error <= tolerance)) mismatches.push({ tensor: name, index, analytic: analytic[index]!, numeric });
    }
  }
  return ok({ checked, kinks, worst, mismatches });
}
