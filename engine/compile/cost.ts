/**
 * Cost model: parameters, FLOPs and activation bytes per block and in total, at concrete sizes for the
 * graph symbols (e.g. B = 1, T = 64). Types come from the op definitions' shape rules (ops/plan-types.ts),
 * which fold small int64 values such as Shape results so Slice and ConstantOfShape resolve; no kernel runs
 * on activations and no weight value is read.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { PrimAttrs } from '../../graph-schema/primitives.ts';
import { sizeOf, type DType } from '../../graph-schema/tensor.ts';
import { opDefinition, type StaticType } from '../ops/index.ts';
import { planTypes } from '../ops/plan-types.ts';
import type { Plan } from './plan.ts';

export interface BlockCost {
  readonly node: string;
  readonly topNode: string;
  readonly block: string;
  readonly params: number;
  readonly flops: number;
  readonly activationBytes: number;
  /** Concrete output shapes at the given sizes. */
  readonly outputShapes: Readonly<Record<string, readonly number[]>>;
}

export interface CostReport {
  readonly blocks: readonly BlockCost[];
  readonly total: { readonly params: number; readonly flops: number; readonly activationBytes: number };
}

const BYTES: Record<DType, number> = { float32: 4, int64: 8, bool: 1 };

/** Estimates the cost of one forward pass with the graph symbols set to `sizes`. */
export function estimateCost(plan: Plan, sizes: Readonly<Record<string, number>>): Result<CostReport> {
  for (const io of plan.inputs) {
    const unsized = io.shape.find((d) => typeof d === 'string' && !Object.hasOwn(sizes, d));
    if (unsized !== undefined)
      return fail([error('FW051', `no size given for a symbol of input '${io.name}' [${io.shape.join(', ')}]`, { node: io.name })]);
  }
  const { types, error: stopped } = planTypes(plan, new Map(Object.entries(sizes)));
  if (stopped) {
    const step = plan.steps[stopped.step]!;
    return fail([error('FW051', `${step.op} in '${step.node}': ${stopped.message}`, { node: step.node })]);
  }
  const blocks: BlockCost[] = [];
  const total = { params: 0, flops: 0, activationBytes: 0 };
  for (const block of plan.blocks) {
    let flops = 0;
    let activationBytes = 0;
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const step = plan.steps[i]!;
      const out = types[step.output]!;
      const inputs = step.inputs.map((id) => types[id]!) as StaticType[];
      flops += opDefinition(step.op).flops(inputs, out.shape, step.attrs as PrimAttrs[typeof step.op]);
      activationBytes += sizeOf(out.shape) * BYTES[out.dtype];
    }
    const own = block.weights.filter((w) => w.startsWith(block.node + '.'));
    const params = own.reduce((n, w) => n + sizeOf(plan.weights.get(w)?.tensor.shape ?? [0]), 0);
    const outputShapes: Record<string, readonly number[]> = {};
    for (const [port, id] of Object.entries(block.outputs)) if (types[id]) outputShapes[port] = types[id]!.shape;
    blocks.push({ node: block.node, topNode: block.topNode, block: block.block, params, flops, activationBytes, outputShapes });
    total.params += params;
    total.flops += flops;
    total.activationBytes += activationBytes;
  }
  return ok({ blocks, total });
}
