/**
 * Step-by-step decoding with a key/value cache. Why a separate object: a decoding plan
 * (`compile(…, { incremental: true })`) processes only new positions, and something has to carry what
 * travels between its calls — every `.present` cache output becomes the next call's `.past` input, and
 * the position input counts the positions processed so far. The decoder does that bookkeeping, so a
 * caller hands it new token ids and reads the outputs for those positions.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import { int64, zeros, type Tensor } from '../../graph-schema/tensor.ts';
import { createFastRunner, type FastRunner } from '../fast/runner.ts';
import type { Plan } from '../compile/plan.ts';
import { createSession, foldedValues, type Session, type SessionOptions } from './session.ts';
import { setOwn } from '../../graph-schema/own.ts';

/** Options of {@link createDecoder}. */
export interface DecoderOptions {
  /** The token input the new ids go to (an int64 [B, T] input). */
  readonly input: string;
  /** Inputs that stay the same on every call (e.g. an encoder's source ids). */
  readonly fixedFeeds?: Readonly<Record<string, Tensor>>;
  /**
   * Copy the values of blocks that do not depend on the new tokens from the previous call (an
   * encoder over fixed feeds) instead of running them again. Default: on when there are fixed feeds.
   */
  readonly reuseUnchanged?: boolean;
  /**
   * Run the fused fast plan (engine/fast) instead of the interpreter: quicker, but keeps no trace
   * (`lastSession` stays undefined). What depends only on the fixed feeds is computed once either way.
   */
  readonly fast?: boolean;
}

/** A running decode over one sequence (batch 1). */
export interface Decoder {
  /** Positions processed so far (P). */
  readonly length: number;
  /** The session of the last call, for its trace and kernel count (undefined with `fast`). */
  readonly lastSession: Session | undefined;
  /** Processes the next `ids` (T ≥ 1 tokens) and returns the model outputs for them (caches left out). */
  feed(ids: readonly number[]): Result<Record<string, Tensor>>;
}

/** Starts decoding with empty caches. The plan must be a decoding plan. */
export function createDecoder(plan: Plan, options: DecoderOptions): Result<Decoder> {
  if (!plan.incremental)
    return fail([error('FW051', 'this plan has no KV cache', { hint: 'compile with { incremental: true } to get a decoding plan' })]);
  const empty: Record<string, Tensor> = {};
  for (const io of plan.inputs.filter((i) => i.role === 'cache')) {
    const shape = io.shape.map((d) => (d === 'P' ? 0 : d === 'B' ? 1 : d));
    if (shape.some((d) => typeof d !== 'number'))
      return fail([error('FW051', `cache input '${io.name}' has an unknown size in [${io.shape.join(', ')}]`, { node: io.name })]);
    empty[io.name] = zeros(io.dtype, shape as number[]); // [B, …, 0, …]: nothing cached yet
  }
  return ok(new CachedDecoder(plan, options, empty));
}

class CachedDecoder implements Decoder {
  length = 0;
  lastSession: Session | undefined;
  private readonly reuse: boolean;
  /** Values that depend only on weights, computed by the first call. */
  private known: ReadonlyMap<number, Tensor> | undefined;
  /** The fast plan's runner, when asked for (`fast`). */
  private readonly runner: FastRunner | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly options: DecoderOptions,
    private caches: Record<string, Tensor>,
  ) {
    this.reuse = options.reuseUnchanged ?? Object.keys(options.fixedFeeds ?? {}).length > 0;
    this.runner = options.fast ? createFastRunner(plan, { fixed: Object.keys(options.fixedFeeds ?? {}) }) : undefined;
  }

  feed(ids: readonly number[]): Result<Record<string, Tensor>> {
    const feeds: Record<string, Tensor> = { ...this.options.fixedFeeds, ...this.caches, [this.options.input]: int64([1, ids.length], ids) };
    const position = this.plan.inputs.find((i) => i.role === 'position');
    if (position) setOwn(feeds, position.name, int64([1], [this.length]));
    const outputs = this.runner ? this.runner.run(feeds) : this.runSession(feeds);
    if (!outputs.ok) return fail(outputs.diagnostics);
    const next: Record<string, Tensor> = {};
    const results: Record<string, Tensor> = {};
    for (const io of this.plan.outputs) {
      const t = outputs.value[io.name]!;
      if (io.carriedTo !== undefined) next[io.carriedTo] = t; // present → past of the next call
      else if (io.role === undefined) results[io.name] = t;
    }
    this.caches = next;
    this.length += ids.length;
    return ok(results);
  }

  /** One call on the reference plan in the interpreter, keeping its session for traces. */
  private runSession(feeds: Record<string, Tensor>): Result<Record<string, Tensor>> {
    const reuse = this.reuse ? this.lastSession : undefined;
    const options: SessionOptions = { ...(reuse ? { reuse } : {}), ...(this.known ? { known: this.known } : {}) };
    const session = createSession(this.plan, feeds, options);
    if (!session.ok) return fail(session.diagnostics);
    const outputs = session.value.run();
    if (!outputs.ok) return outputs;
    this.lastSession = session.value;
    this.known ??= foldedValues(session.value);
    return outputs;
  }
}
