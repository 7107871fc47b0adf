/**
 * Fingerprints of plan blocks, for incremental re-runs. Why: an edit recompiles the document from
 * scratch, so value ids mean nothing from one plan to the next. A block's fingerprint names *what it
 * computes* instead: its block id, the op and attributes of each of its steps, the weights it reads
 * (stable name + content hash), constants and graph inputs by content, and values made by other
 * blocks by their producer's fingerprint. Equal fingerprints mean equal results, so a session can copy
 * a block's values from an earlier session instead of running it again.
 *
 * The hash is two independent 32-bit murmur-style lanes (64 bits): plenty for telling edits apart,
 * not meant to resist someone crafting collisions.
 */
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from './plan.ts';

/** A block whose inputs cannot all be identified gets this fingerprint; it never matches, so it always runs. */
export const UNMATCHABLE = '';

const SEED_A = 0x9747b28c;
const SEED_B = 0x5bd1e995;

/** One murmur3 round of word `k` into lane `h`. */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: every input bit affects every output bit. */
function finish(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 16 hex digits from 32-bit words. */
function hashWords(words: ArrayLike<number>, prefix: string): string {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < prefix.length; i++) {
    a = mix(a, prefix.charCodeAt(i));
    b = mix(b, prefix.charCodeAt(i) ^ 0x55555555);
  }
  const n = words.length;
  for (let i = 0; i < n; i++) {
    const w = words[i]! | 0;
    a = mix(a, w);
    b = mix(b, w ^ 0xa5a5a5a5);
  }
  const total = n + prefix.length;
  return finish(a, total).toString(16).padStart(8, '0') + finish(b, total ^ 0x3c3c3c3c).toString(16).padStart(8, '0');
}

/** Hash of a string (16 hex digits). */
export function hashString(text: string): string {
  return hashWords([], text);
}

const tensorHashes = new WeakMap<Tensor, string>();

/**
 * Content hash of a tensor: dtype, shape and every element's bits. Tensors are never mutated, so the
 * hash is remembered per tensor object (weights are hashed once per compile, not once per run).
 */
export function contentHash(t: Tensor): string {
  const known = tensorHashes.get(t);
  if (known !== undefined) return known;
  const data = t.data;
  // float32 and int64 (Int32Array) are hashed as their 32-bit patterns; bool bytes as they are.
  const words = data instanceof Uint8Array ? data : new Int32Array(data.buffer, data.byteOffset, data.length);
  const hash = hashWords(words, `${t.dtype}[${t.shape.join(',')}]`);
  tensorHashes.set(t, hash);
  return hash;
}

/** A deterministic text form of step attributes (sorted keys; −0, ±Infinity and NaN kept apart). */
export function stableText(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The fingerprint of every block of `plan`, in `plan.blocks` order. `valueOf` gives the tensors that
 * exist before running: graph inputs (the feeds), weights and constants.
 */
export function blockFingerprints(plan: Plan, valueOf: (id: number) => Tensor | undefined): string[] {
  // Which block (and which of its steps) produces each step output.
  const producer = new Map<number, { block: number; local: number }>();
  plan.blocks.forEach((block, index) => {
    for (let i = block.steps[0]; i < block.steps[1]; i++) producer.set(plan.steps[i]!.output, { block: index, local: i - block.steps[0] });
  });
  const fingerprints: string[] = [];
  plan.blocks.forEach((block, index) => {
    const parts: string[] = [block.block];
    let matchable = true;
    const ref = (id: number): string => {
      const made = producer.get(id);
      if (made !== undefined) {
        if (made.block === index) return `s${made.local}`;
        const other = fingerprints[made.block];
        if (other === undefined || other === UNMATCHABLE) matchable = false;
        return `b${other}.${made.local}`;
      }
      const source = plan.values[id]?.source;
      const tensor = valueOf(id);
      if (!source || source.kind === 'step' || !tensor) {
        matchable = false;
        return '?';
      }
      if (source.kind === 'weight') return `w${source.name}:${contentHash(tensor)}`;
      return `${source.kind === 'input' ? 'i' : 'c'}${contentHash(tensor)}`;
    };
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const step = plan.steps[i]!;
      parts.push(`${step.op}${stableText(step.attrs)}(${step.inputs.map(ref).join(',')})`);
    }
    // Inputs too (an Output block has no steps), and outputs passed straight through from another block.
    for (const [port, id] of Object.entries(block.inputs)) parts.push(`${port}<${ref(id)}`);
    for (const [port, id] of Object.entries(block.outputs)) parts.push(`${port}>${ref(id)}`);
    fingerprints.push(matchable ? hashString(parts.join('\n')) : UNMATCHABLE);
  });
  return fingerprints;
}
