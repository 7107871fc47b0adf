/**
 * Runs the fast plan (fuse.ts) for callers that want outputs, not a trace: Run all in the CLI,
 * generation with and without a KV cache. Unlike the interpreter (session.ts) it keeps no tensor it
 * does not need: each intermediate is dropped after its last reader. Values that depend only on weights,
 * constants and the `fixed` inputs (a tied transpose, an encoder over the source text) are computed by
 * the first run and kept for the next ones. The runner reads its own copy of the weights and pins it
 * (`pinMatrix`), so the WebAssembly GEMM packs each weight matrix once per runner, not once per product;
 * the copy keeps that safe when someone (training) later updates the plan's weights in place.
 */
import { own } from '../../graph-schema/own.ts';
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { releasePoints } from '../autograd/execute.ts';
import { checkFeeds } from '../run/feeds.ts';
import { BufferPool, withPool } from '../kernels/alloc.ts';
import { pinMatrix } from '../kernels/matmul-wasm.ts';
import { opDefinition, runOp } from '../ops/index.ts';
import type { Plan } from '../compile/plan.ts';
import { fastPlan } from './fuse.ts';

/** Options of {@link createFastRunner}. */
export interface FastRunnerOptions {
  /**
   * Inputs fed the same tensor on every run (e.g. an encoder's source ids): the values depending only on
   * them, weights and constants are kept between runs while these feeds stay the same tensors.
   */
  readonly fixed?: readonly string[];
}

/** A compiled fast plan, run once per call of `run`. */
export interface FastRunner {
  /** The fused plan that runs (same inputs, outputs and value ids as the plan given). */
  readonly plan: Plan;
  /** Matches taken by the fusion pass, by pattern name. */
  readonly fused: ReadonlyMap<string, number>;
  /** Primitive or fused ops executed by the last run (kept values cost none). */
  readonly kernelCalls: number;
  /**
   * Bytes of output buffers the last run allocated fresh; the rest came from intermediates released by
   * earlier steps or runs (a steady stream of equal-sized runs allocates about the graph outputs only).
   */
  readonly allocatedBytes: number;
  /** Runs the plan on `feeds` (checked as `createSession` does) and returns the graph outputs by name. */
  run(feeds: Readonly<Record<string, Tensor>>): Result<Record<string, Tensor>>;
}

/** Fuses `plan` and prepares to run it. */
export function createFastRunner(plan: Plan, options: FastRunnerOptions = {}): FastRunner {
  return new Runner(fastPlan(plan), new Set(options.fixed ?? []));
}

class Runner implements FastRunner {
  readonly plan: Plan;
  readonly fused: ReadonlyMap<string, number>;
  kernelCalls = 0;
  /** Released intermediates, reused as later outputs (kernels/alloc.ts). */
  private readonly pool = new BufferPool();
  /** Steps whose inputs are all weights, constants, fixed inputs or other such steps. */
  private readonly invariant: ReadonlySet<number>;
  private readonly release: readonly (readonly number[])[];
  /** Values of invariant steps from the last run, and the fixed feeds they were computed from. */
  private kept = new Map<number, Tensor>();
  /** The runner's own, pinned copy of every weight. */
  private readonly weights = new Map<number, Tensor>();
  /** Invariant steps that read no feed at all (their outputs may be pinned). */
  private readonly weightOnly = new Set<number>();
  private keptFor: ReadonlyMap<string, Tensor> = new Map();

  constructor(fast: { plan: Plan; fused: ReadonlyMap<string, number> }, private readonly fixed: ReadonlySet<string>) {
    this.plan = fast.plan;
    this.fused = fast.fused;
    const { plan } = this;
    const stable = new Set(plan.values.filter((v) => v.source.kind === 'weight' || v.source.kind === 'constant').map((v) => v.id));
    for (const io of plan.inputs) if (fixed.has(io.name)) stable.add(io.value);
    const fromWeights = new Set(plan.values.filter((v) => v.source.kind === 'weight' || v.source.kind === 'constant').map((v) => v.id));
    const invariant = new Set<number>();
    plan.steps.forEach((step, i) => {
      if (!step.inputs.every((id) => stable.has(id))) return;
      stable.add(step.output);
      invariant.add(i);
      if (!step.inputs.every((id) => fromWeights.has(id))) return;
      fromWeights.add(step.output);
      this.weightOnly.add(i);
    });
    for (const { value, tensor } of plan.weights.values()) this.weights.set(value, pinnedCopy(tensor));
    this.invariant = invariant;
    const keep = new Set(plan.outputs.map((io) => io.value));
    for (const i of invariant) keep.add(plan.steps[i]!.output);
    this.release = releasePoints(plan, keep);
  }

  run(feeds: Readonly<Record<string, Tensor>>): Result<Record<string, Tensor>> {
    const { plan } = this;
    const checked = checkFeeds(plan, feeds);
    if (!checked.ok) return fail(checked.diagnostics);
    if ([...this.fixed].some((name) => this.keptFor.get(name) !== own(feeds, name))) {
      this.kept = new Map();
      this.keptFor = new Map([...this.fixed].map((name) => [name, own(feeds, name)!]));
    }
    const values: (Tensor | undefined)[] = new Array(plan.values.length);
    for (const io of plan.inputs) values[io.value] = own(feeds, io.name); // input names are data (`toString` is one)
    for (const [value, tensor] of this.weights) values[value] = tensor;
    for (const v of plan.values) if (v.source.kind === 'constant') values[v.id] = plan.constants[v.source.index];
    for (const [id, t] of this.kept) values[id] = t;
    this.kernelCalls = 0;
    this.pool.startRun();
    const failed = withPool(this.pool, () => this.runSteps(values));
    if (failed) return fail([failed]);
    const out: Record<string, Tensor> = {};
    for (const io of plan.outputs) out[io.name] = values[io.value]!;
    return ok(out);
  }

  get allocatedBytes(): number {
    return this.pool.allocatedBytes;
  }

  /** Runs every step over `values`, releasing intermediates into the pool; a diagnostic if a kernel throws. */
  private runSteps(values: (Tensor | undefined)[]): Diagnostic | undefined {
    const { plan } = this;
    for (let i = 0; i < plan.steps.length; i++) {
      const step = plan.steps[i]!;
      if (values[step.output] === undefined) {
        const inputs: Tensor[] = [];
        for (const id of step.inputs) inputs.push(values[id]!);
        try {
          values[step.output] = this.handOver(i, inputs) ?? runOp(step.op, inputs, step.attrs as PrimAttrs[PrimOp]);
        } catch (e) {
          return error('FW051', `${step.op} in '${step.node}' failed: ${(e as Error).message}`, {
            node: step.node,
            hint: 'check the input sizes against the block parameters (e.g. sequence longer than max_len)',
          });
        }
        this.kernelCalls++;
        if (this.invariant.has(i)) this.keep(i, values[step.output]!);
      }
      for (const id of this.release[i]!) {
        const t = values[id];
        if (t && t.data !== values[step.output]?.data) this.pool.release(t.data); // a handed-over buffer lives on
        values[id] = undefined;
      }
    }
    return undefined;
  }

  /**
   * Step `i`'s output as input 0's buffer under the output shape, when the op only reshapes
   * (`sameElements`) and input 0 dies at this step; undefined otherwise (the kernel copies).
   */
  private handOver(i: number, inputs: readonly Tensor[]): Tensor | undefined {
    const step = this.plan.steps[i]!;
    const def = opDefinition(step.op);
    if (!def.sameElements || !this.release[i]!.includes(step.inputs[0]!)) return undefined;
    const { dtype, shape } = def.shape(inputs, step.attrs as PrimAttrs[PrimOp]); // validates like the kernel
    return { dtype, shape, data: inputs[0]!.data };
  }

  /** Keeps the output of invariant step `i`; pins it when it comes from weights alone and is no graph output. */
  private keep(i: number, t: Tensor): void {
    const id = this.plan.steps[i]!.output;
    this.kept.set(id, t);
    // Derived from the runner's weight copies and constants only, so nobody else holds it to write.
    if (this.weightOnly.has(i) && t.data instanceof Float32Array && !this.plan.outputs.some((io) => io.value === id)) pinMatrix(t.data);
  }
}

/** A copy of `t` that nothing else can write, pinned for the GEMM's weight cache when it is a float matrix. */
function pinnedCopy(t: Tensor): Tensor {
  const data = t.data.slice();
  if (data instanceof Float32Array && t.shape.length >= 2) pinMatrix(data);
  return { dtype: t.dtype, shape: t.shape, data };
}
