/**
 * Sequence completion: feed the prompt, read the next-token distribution at the last position,
 * choose a token, append it, repeat. Yields tokens as they come so callers can stream them.
 */
import { error, fail, ok, type Result } from '../graph-schema/diagnostics.ts';
import { int64, type Tensor } from '../graph-schema/tensor.ts';
import type { Plan } from './plan.ts';
import { createSampler, type SamplingOptions } from './sampling.ts';
import { createSession } from './session.ts';

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
}

export interface GeneratedToken {
  readonly id: number;
  /** Probability the model gave this token. */
  readonly probability: number;
}

/** Which input is extended and which output is read. */
export function generationPorts(plan: Plan, options: Pick<GenerateOptions, 'input' | 'output'>): Result<{ input: string; output: string }> {
  const input = options.input ?? plan.inputs.filter((i) => i.dtype === 'int64' && i.shape[1] === 'T').map((i) => i.name)[0];
  const output = options.output ?? plan.outputs.find((o) => o.dtype === 'float32' && o.shape.length === 3)?.name;
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
  for (let n = 0; n < options.maxTokens; n++) {
    const session = createSession(plan, { ...options.fixedFeeds, [ports.value.input]: int64([1, ids.length], ids) });
    if (!session.ok) return yield fail(session.diagnostics);
    const outputs = session.value.run();
    if (!outputs.ok) return yield fail(outputs.diagnostics);
    const probs = lastRow(outputs.value[ports.value.output]!);
    const id = sample(probs);
    ids.push(id);
    yield ok({ id, probability: probs[id] ?? 0 });
    if (id === options.stopToken) return;
  }
}

/** The distribution at the last position of a [1, T, V] tensor. */
export function lastRow(t: Tensor): Float32Array {
  const v = t.shape[t.shape.length - 1]!;
  return (t.data as Float32Array).subarray(t.data.length - v);
}
