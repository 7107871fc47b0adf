/**
 * Cost model: parameters, FLOPs and activation bytes per block and in total, at concrete sizes
 * for the graph symbols (e.g. B = 1, T = 64). Shapes are propagated statically through the plan
 * (PRIM_STATIC); small int64 values such as Shape results are computed so Slice and Reshape resolve.
 */
import { error, fail, ok, type Result } from '../graph-schema/diagnostics.ts';
import type { PrimOp } from '../graph-schema/primitives.ts';
import { zeros, type DType, type Tensor } from '../graph-schema/tensor.ts';
import { CPU_KERNELS, type Kernel } from './kernels/cpu.ts';
import { PRIM_STATIC, type StaticInput } from './kernels/static-shapes.ts';
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
const SMALL_INT = 64;

/** Estimates the cost of one forward pass with the graph symbols set to `sizes`. */
export function estimateCost(plan: Plan, sizes: Readonly<Record<string, number>>): Result<CostReport> {
  const types: Array<StaticInput | undefined> = new Array(plan.values.length);
  for (const io of plan.inputs) {
    const shape = io.shape.map((d) => (typeof d === 'number' ? d : sizes[d]));
    if (shape.some((d) => d === undefined))
      return fail([error('FW051', `no size given for a symbol of input '${io.name}' [${io.shape.join(', ')}]`, { node: io.name })]);
    types[io.value] = { dtype: io.dtype, shape: shape as number[] };
  }
  for (const { value, tensor } of plan.weights.values()) types[value] = { dtype: 'float32', shape: tensor.shape };
  for (const v of plan.values)
    if (v.source.kind === 'constant') {
      const t = plan.constants[v.source.index]!;
      types[v.id] = { dtype: t.dtype, shape: t.shape, value: t.data.length <= SMALL_INT && t.dtype === 'int64' ? t : undefined };
    }

  const blocks: BlockCost[] = [];
  let params = 0;
  let flops = 0;
  let activationBytes = 0;
  for (const block of plan.blocks) {
    let blockFlops = 0;
    let blockBytes = 0;
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const step = plan.steps[i]!;
      const inputs = step.inputs.map((id) => types[id]!);
      const rule = PRIM_STATIC[step.op] as StaticRule;
      let out: { dtype: DType; shape: readonly number[] };
      try {
        out = rule.shape(inputs, step.attrs);
      } catch (e) {
        return fail([error('FW051', `${step.op} in '${block.node}': ${(e as Error).message}`, { node: block.node })]);
      }
      const size = out.shape.reduce((a, b) => a * b, 1);
      const value = out.dtype === 'int64' && size <= SMALL_INT ? evaluateSmall(step.op, inputs, step.attrs) : undefined;
      types[step.output] = { ...out, value };
      blockFlops += rule.flops(inputs, out.shape, step.attrs);
      blockBytes += size * BYTES[out.dtype];
    }
    const own = block.weights.filter((w) => w.startsWith(block.node + '.'));
    const blockParams = own.reduce((n, w) => n + (plan.weights.get(w)?.tensor.data.length ?? 0), 0);
    const outputShapes: Record<string, readonly number[]> = {};
    for (const [port, id] of Object.entries(block.outputs)) if (types[id]) outputShapes[port] = types[id]!.shape;
    blocks.push({ node: block.node, topNode: block.topNode, block: block.block, params: blockParams, flops: blockFlops, activationBytes: blockBytes, outputShapes });
    params += blockParams;
    flops += blockFlops;
    activationBytes += blockBytes;
  }
  return ok({ blocks, total: { params, flops, activationBytes } });
}

interface StaticRule {
  shape(inputs: readonly StaticInput[], attrs: unknown): { dtype: DType; shape: readonly number[] };
  flops(inputs: readonly StaticInput[], outShape: readonly number[], attrs: unknown): number;
}

/** Runs the real kernel on placeholder tensors to get a small int64 result (e.g. Shape → [T]). */
function evaluateSmall(op: PrimOp, inputs: readonly StaticInput[], attrs: unknown): Tensor | undefined {
  if (inputs.some((i) => i.dtype !== 'float32' && i.value === undefined)) return undefined;
  const tensors = inputs.map((i) => i.value ?? zeros(i.dtype, i.shape));
  return (CPU_KERNELS[op] as Kernel<PrimOp>)(tensors, attrs as never);
}
