/**
 * The interpreter: a run session over a compiled plan. It executes block by block — the granularity
 * a user steps through — and keeps every value, so any block output or named intermediate can be
 * read back from the trace.
 */
import { error, fail, ok, type Result } from '../graph-schema/diagnostics.ts';
import type { PrimOp } from '../graph-schema/primitives.ts';
import type { Tensor } from '../graph-schema/tensor.ts';
import { CPU_KERNELS, type Kernel } from './kernels/cpu.ts';
import { checkFeeds } from './feeds.ts';
import type { Plan, PlanBlock, PlanStep } from './plan.ts';

/** What one step produced. */
export interface BlockRun {
  readonly block: PlanBlock;
  readonly outputs: Readonly<Record<string, Tensor>>;
  readonly intermediates: Readonly<Record<string, Tensor>>;
}

export interface Session {
  readonly plan: Plan;
  /** Index of the next block to run (plan.blocks.length when done). */
  readonly cursor: number;
  readonly done: boolean;
  /** Runs the next block. */
  step(): Result<BlockRun | null>;
  /** Runs up to and including the block of `node` (a node path). */
  runTo(node: string): Result<BlockRun>;
  /** Runs everything left and returns the graph outputs by name. */
  run(): Result<Record<string, Tensor>>;
  /** The outputs and intermediates of a block that has run. */
  blockRun(node: string): BlockRun | undefined;
  /** A value by id, if computed (inputs, weights and constants always are). */
  value(id: number): Tensor | undefined;
  /** Primitive ops executed so far (for tests of incremental re-runs). */
  readonly kernelCalls: number;
}

/** Starts a session. Feeds are checked against the plan's inputs (dtype, rank, symbolic sizes). */
export function createSession(plan: Plan, feeds: Readonly<Record<string, Tensor>>): Result<Session> {
  const checked = checkFeeds(plan, feeds);
  if (!checked.ok) return fail(checked.diagnostics);
  const values: Array<Tensor | undefined> = new Array(plan.values.length);
  for (const io of plan.inputs) values[io.value] = feeds[io.name];
  for (const { value, tensor } of plan.weights.values()) values[value] = tensor;
  for (const v of plan.values) if (v.source.kind === 'constant') values[v.id] = plan.constants[v.source.index];
  return ok(new PlanSession(plan, values));
}

class PlanSession implements Session {
  cursor = 0;
  kernelCalls = 0;
  private readonly runs = new Map<string, BlockRun>();

  constructor(
    readonly plan: Plan,
    private readonly values: Array<Tensor | undefined>,
  ) {}

  get done(): boolean {
    return this.cursor >= this.plan.blocks.length;
  }

  step(): Result<BlockRun | null> {
    if (this.done) return ok(null);
    const block = this.plan.blocks[this.cursor]!;
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const step = this.plan.steps[i]!;
      try {
        this.values[step.output] = this.execute(step);
      } catch (e) {
        return fail([
          error('FW051', `${step.op} in '${block.node}' failed: ${(e as Error).message}`, {
            node: block.node,
            hint: 'check the input sizes against the block parameters (e.g. sequence longer than max_len)',
          }),
        ]);
      }
    }
    this.cursor++;
    const run: BlockRun = {
      block,
      outputs: this.pick(block.outputs),
      intermediates: this.pick(block.intermediates),
    };
    this.runs.set(block.node, run);
    return ok(run);
  }

  runTo(node: string): Result<BlockRun> {
    const index = this.plan.blocks.findIndex((b) => b.node === node);
    if (index < 0) return fail([error('FW051', `no block '${node}' in this plan`, { node })]);
    if (index < this.cursor) return ok(this.runs.get(node)!);
    let last: BlockRun | null = null;
    while (this.cursor <= index) {
      const r = this.step();
      if (!r.ok) return r;
      last = r.value;
    }
    return ok(last!);
  }

  run(): Result<Record<string, Tensor>> {
    while (!this.done) {
      const r = this.step();
      if (!r.ok) return fail(r.diagnostics);
    }
    const out: Record<string, Tensor> = {};
    for (const io of this.plan.outputs) out[io.name] = this.values[io.value]!;
    return ok(out);
  }

  blockRun(node: string): BlockRun | undefined {
    return this.runs.get(node);
  }

  value(id: number): Tensor | undefined {
    return this.values[id];
  }

  private execute(step: PlanStep): Tensor {
    const inputs = step.inputs.map((id) => {
      const t = this.values[id];
      if (!t) throw new Error(`value ${id} is not computed yet`);
      return t;
    });
    this.kernelCalls++;
    const kernel = CPU_KERNELS[step.op] as Kernel<PrimOp>;
    return kernel(inputs, step.attrs as never);
  }

  private pick(ids: Readonly<Record<string, number>>): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, id] of Object.entries(ids)) {
      const t = this.values[id];
      if (t) out[name] = t;
    }
    return out;
  }
}
