/**
 * The interpreter: a run session over a compiled plan. It executes block by block — the granularity
 * a user steps through — and keeps every value, so any block output or named intermediate can be
 * read back from the trace. Given an earlier session to reuse, it copies the values of every block
 * whose fingerprint (engine/compile/fingerprint.ts) is unchanged instead of running it, so after an edit only
 * the blocks that depend on it run again.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { runOp } from '../ops/index.ts';
import { checkFeeds } from './feeds.ts';
import { blockFingerprints, UNMATCHABLE } from '../compile/fingerprint.ts';
import type { Plan, PlanBlock, PlanStep } from '../compile/plan.ts';
import { own, setOwn } from '../../graph-schema/own.ts';

/** What one step produced. */
export interface BlockRun {
  readonly block: PlanBlock;
  readonly outputs: Readonly<Record<string, Tensor>>;
  readonly intermediates: Readonly<Record<string, Tensor>>;
  /** The values were copied from the reused session (same fingerprint), no kernel ran. */
  readonly reused: boolean;
}

/** Options of {@link createSession}. */
export interface SessionOptions {
  /**
   * An earlier session (usually over the plan of the document before an edit, with the same or other
   * feeds): each block whose fingerprint matches a block that session has run takes its values from it.
   */
  readonly reuse?: Session;
  /**
   * Values of this same plan computed by an earlier session, by value id — typically
   * {@link foldedValues}, the steps that read only weights and constants. Their steps are skipped.
   */
  readonly known?: ReadonlyMap<number, Tensor>;
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
  /** Primitive ops executed so far (copied blocks cost none). */
  readonly kernelCalls: number;
  /** The fingerprint of each block of the plan, in `plan.blocks` order (computed on first use). */
  readonly fingerprints: readonly string[];
}

/** Starts a session. Feeds are checked against the plan's inputs (dtype, rank, symbolic sizes). */
export function createSession(plan: Plan, feeds: Readonly<Record<string, Tensor>>, options: SessionOptions = {}): Result<Session> {
  if (plan.shapesOnly) return fail([error('FW099', 'a shapes-only plan has no weight values and cannot run', { hint: 'compile without shapesOnly to run' })]);
  const checked = checkFeeds(plan, feeds);
  if (!checked.ok) return fail(checked.diagnostics);
  const values: Array<Tensor | undefined> = new Array(plan.values.length);
  for (const io of plan.inputs) values[io.value] = own(feeds, io.name);
  for (const { value, tensor } of plan.weights.values()) values[value] = tensor;
  for (const v of plan.values) if (v.source.kind === 'constant') values[v.id] = plan.constants[v.source.index];
  for (const [id, tensor] of options.known ?? []) if (plan.values[id]?.source.kind === 'step') values[id] = tensor;
  return ok(new PlanSession(plan, values, options.reuse));
}

class PlanSession implements Session {
  cursor = 0;
  kernelCalls = 0;
  private readonly runs = new Map<string, BlockRun>();
  private fingerprintList: readonly string[] | undefined;
  /** Fingerprint → the reused session's block with it, when that block has run. */
  private donors: Map<string, PlanBlock> | undefined;

  constructor(
    readonly plan: Plan,
    private readonly values: Array<Tensor | undefined>,
    /** Dropped once every block has run, so a chain of sessions (one per generated token) is not all kept alive. */
    private reuse: Session | undefined,
  ) {}

  get fingerprints(): readonly string[] {
    this.fingerprintList ??= blockFingerprints(this.plan, (id) => this.values[id]);
    return this.fingerprintList;
  }

  get done(): boolean {
    return this.cursor >= this.plan.blocks.length;
  }

  step(): Result<BlockRun | null> {
    if (this.done) return ok(null);
    const block = this.plan.blocks[this.cursor]!;
    const reused = this.copyFromReused(this.cursor);
    for (let i = block.steps[0]; i < block.steps[1] && !reused; i++) {
      const step = this.plan.steps[i]!;
      if (this.values[step.output] !== undefined) continue; // known from an earlier session
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
      reused,
    };
    this.runs.set(block.node, run);
    if (this.done) {
      this.reuse = undefined;
      this.donors = undefined;
    }
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

  /** Copies every step output of block `index` from the reused session, if it ran a block with the same fingerprint. */
  private copyFromReused(index: number): boolean {
    const previous = this.reuse;
    if (!previous) return false;
    const fingerprint = this.fingerprints[index]!;
    if (fingerprint === UNMATCHABLE) return false;
    this.donors ??= donorBlocks(previous);
    const donor = this.donors.get(fingerprint);
    if (!donor) return false;
    const block = this.plan.blocks[index]!;
    const copied: Tensor[] = [];
    for (let i = donor.steps[0]; i < donor.steps[1]; i++) {
      const t = previous.value(previous.plan.steps[i]!.output);
      if (!t) return false;
      copied.push(t);
    }
    copied.forEach((t, i) => (this.values[this.plan.steps[block.steps[0] + i]!.output] = t));
    return true;
  }

  private execute(step: PlanStep): Tensor {
    const inputs = step.inputs.map((id) => {
      const t = this.values[id];
      if (!t) throw new Error(`value ${id} is not computed yet`);
      return t;
    });
    this.kernelCalls++;
    return runOp(step.op, inputs, step.attrs as never);
  }

  private pick(ids: Readonly<Record<string, number>>): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, id] of Object.entries(ids)) {
      const t = this.values[id];
      if (t) setOwn(out, name, t);
    }
    return out;
  }
}

/** The blocks `session` has run, by fingerprint (the first of equal ones). */
function donorBlocks(session: Session): Map<string, PlanBlock> {
  const out = new Map<string, PlanBlock>();
  session.plan.blocks.forEach((block, i) => {
    const fingerprint = session.fingerprints[i]!;
    if (fingerprint !== UNMATCHABLE && session.blockRun(block.node) !== undefined && !out.has(fingerprint)) out.set(fingerprint, block);
  });
  return out;
}

/**
 * The values `session` computed that depend only on weights and constants (e.g. the transpose of a tied
 * embedding), by value id: the same for every run of the plan, so later sessions can take them as
 * `known` instead of recomputing them on every generated token.
 */
export function foldedValues(session: Session): Map<number, Tensor> {
  const { plan } = session;
  const fixed = new Set(plan.values.filter((v) => v.source.kind === 'weight' || v.source.kind === 'constant').map((v) => v.id));
  const out = new Map<number, Tensor>();
  for (const step of plan.steps) {
    if (!step.inputs.every((id) => fixed.has(id))) continue;
    fixed.add(step.output);
    const t = session.value(step.output);
    if (t) out.set(step.output, t);
  }
  return out;
}
