/**
 * Sequence completion: feed the prompt, read the next-token distribution at the last position,
 * choose a token, append it, repeat. Yields tokens as they come so callers can stream them.
 * `generate` runs the whole sequence again for every token (O(n²) work for n tokens); `generateCached`
 * runs a decoding plan on the new token only, keeping earlier keys and values in a KV cache (O(n)).
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import { int64, type Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../compile/plan.ts';
import { createSampler, type SamplingOptions } from './sampling.ts';
import { createFastRunner } from '../fast/runner.ts';
import { createDecoder } from './kv-cache.ts';
import { createSession, foldedValues, type Session } from './session.ts';

export interface GenerateOptions extends SamplingOptions {
  readonly maxTokens: number;
  /** Generation stops after emitting this token id. */
  readonly stopToken?: number;
  /** Name of the token input to extend (default: the only int64 input). */
  readonly input?: string;
  /** Name of the output holding next-token probabilities (default: the first float output [B, T, V]). */
  readonly output?: string;
  /** Other inputs held fixed (e.g. an encoder's source ids). */
  readonly fixedFeeds?: Readonly<Record<string, Tensor>>;
  /**
   * Run the reference plan in the interpreter (every intermediate kept) instead of the fused fast plan
   * (engine/fast). Both give the same distribution to ~1e-6; the fast plan is several times quicker.
   */
  readonly reference?: boolean;
}

export interface GeneratedToken {
  readonly id: number;
  /** Probability the model gave this token. */
  readonly probability: number;
  /** The model's whole next-token distribution at this step [V] (before temperature, top-k and top-p). */
  readonly distribution: Float32Array;
}

/** Which input is extended and which output is read. */
export function generationPorts(plan: Plan, options: Pick<GenerateOptions, 'input' | 'output'>): Result<{ input: string; output: string }> {
  const input = options.input ?? plan.inputs.find((i) => i.role === undefined && i.dtype === 'int64' && i.shape[1] === 'T')?.name;
  const output = options.output ?? plan.outputs.find((o) => o.role === undefined && o.dtype === 'float32' && o.shape.length === 3)?.name;
  if (!input) return fail([error('FW051', 'the graph has no token input with a sequence axis T to extend', { hint: 'add a Token input' })]);
  if (!output) return fail([error('FW051', 'the graph has no [B, T, vocab] output to read probabilities from', { hint: 'end the graph with Softmax → Output' })]);
  return ok({ input, output });
}

/** Generates up to `maxTokens` tokens after `prompt`, one forward pass per token (no cache). */
export function* generate(plan: Plan, prompt: readonly number[], options: GenerateOptions): Generator<Result<GeneratedToken>, void> {
  const ports = generationPorts(plan, options);
  if (!ports.ok) return yield ports;
  const sample = createSampler(options);
  const ids = [...prompt];
  const forward = options.reference ? referenceForward(plan) : fastForward(plan, Object.keys(options.fixedFeeds ?? {}));
  for (let n = 0; n < options.maxTokens; n++) {
    const outputs = forward({ ...options.fixedFeeds, [ports.value.input]: int64([1, ids.length], ids) });
    if (!outputs.ok) return yield fail(outputs.diagnostics);
    const probs = lastRow(outputs.value[ports.value.output]!);
    const id = sample(probs);
    ids.push(id);
    yield ok({ id, probability: probs[id] ?? 0, distribution: probs.slice() });
    if (id === options.stopToken) return;
  }
}

/** One full forward pass per call. */
type Forward = (feeds: Readonly<Record<string, Tensor>>) => Result<Record<string, Tensor>>;

/** The fast plan (engine/fast), keeping what depends only on weights and the `fixed` inputs between calls. */
function fastForward(plan: Plan, fixed: readonly string[]): Forward {
  const runner = createFastRunner(plan, { fixed });
  return (feeds) => runner.run(feeds);
}

/** The interpreter on the reference plan, reusing weight-only values (a tied transpose) from the first pass. */
function referenceForward(plan: Plan): Forward {
  let known: ReadonlyMap<number, Tensor> | undefined;
  return (feeds) => {
    const session: Result<Session> = createSession(plan, feeds, known ? { known } : {});
    if (!session.ok) return fail(session.diagnostics);
    const outputs = session.value.run();
    if (outputs.ok) known ??= foldedValues(session.value);
    return outputs;
  };
}

/** The distribution at the last position of a [1, T, V] tensor. */
export function lastRow(t: Tensor): Float32Array {
  const v = t.shape[t.shape.length - 1]!;
  return (t.data as Float32Array).subarray(t.data.length - v);
}

/** Options of {@link generateCached}. */
export interface CachedGenerateOptions extends GenerateOptions {
  /** Feed the prompt in one call (default) or one token per call; both give the same tokens. */
  readonly prefill?: 'whole' | 'token-by-token';
}

/**
 * Like {@link generate}, on a decoding plan (`compile(…, { incremental: true })`): the prompt fills the
 * KV cache, then every call processes only the token just chosen. Inputs in `fixedFeeds` (an encoder's
 * source) stay as given, and the blocks that depend only on them are copied from the previous call.
 */
export function* generateCached(plan: Plan, prompt: readonly number[], options: CachedGenerateOptions): Generator<Result<GeneratedToken>, void> {
  const ports = generationPorts(plan, options);
  if (!ports.ok) return yield ports;
  const decoder = createDecoder(plan, { input: ports.value.input, fixedFeeds: options.fixedFeeds ?? {}, fast: options.reference !== true });
  if (!decoder.ok) return yield fail(decoder.diagnostics);
  if (prompt.length === 0) return yield fail([error('FW051', 'the prompt is empty', { hint: 'give at least one token' })]);
  const chunks = options.prefill === 'token-by-token' ? prompt.map((id) => [id]) : [prompt];
  const sample = createSampler(options);
  let pending: readonly (readonly number[])[] = chunks;
  for (let n = 0; n < options.maxTokens; n++) {
    let outputs: Result<Record<string, Tensor>> | undefined;
    for (const chunk of pending) {
      outputs = decoder.value.feed(chunk);
      if (!outputs.ok) return yield fail(outputs.diagnostics);
    }
    if (!outputs?.ok) return;
    const probs = lastRow(outputs.value[ports.value.output]!);
    const id = sample(probs);
    yield ok({ id, probability: probs[id] ?? 0, distribution: probs.slice() });
    if (id === options.stopToken) return;
    pending = [[id]];
  }
}
