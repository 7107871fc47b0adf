/**
 * Rotary position embedding (RoPE, as in Llama): instead of adding a position signal to the tokens, the
 * queries and keys of attention are rotated by an angle that grows with their position, pair of features
 * by pair of features. The dot product of a rotated query and key then depends only on how far apart
 * they are. Written once here for the attention blocks' `positional: rotary` option.
 */
import type { BlockIssue, Builder, Value } from '../block.ts';
import { float32 } from '../tensor.ts';
import { ints } from '../ops.ts';

/** Longest sequence rotary attention accepts (the size of its position counter). */
export const ROTARY_MAX_POSITIONS = 4096;

/** The params an attention block gets for the option. */
export const ROTARY_PARAMS = {
  positional: {
    kind: 'enum', options: ['none', 'rotary'], default: 'none',
    help: 'rotary: rotate queries and keys by their position (RoPE, Llama-style); none: positions come from elsewhere',
  },
  rotary_base: { kind: 'float', default: 10000, min: 2, max: 1e7, help: 'RoPE base: feature pair i turns at base^(−2i/d_head) radians per position' },
} as const;

/** Rotary needs features in pairs. */
export function checkRotary(positional: string, dHead: number | string | undefined, param: string): BlockIssue[] {
  if (positional !== 'rotary' || typeof dHead !== 'number' || dHead % 2 === 0) return [];
  return [{ code: 'FW032', message: `rotary position embedding needs an even head width, got ${dHead}`, param, hint: 'use an even d_head, or positional: none' }];
}

/** The cos and sin tables of one call: [T, d_head] each, for positions offset … offset+T−1. */
export interface RotaryTables {
  readonly cos: Value;
  readonly sin: Value;
}

/**
 * cos/sin of position·frequency for the T positions of `x` [..., T, d_head] (T second to last), shifted by
 * `offset` (int64 [1], the positions processed by earlier calls of a decoding plan) when given.
 */
export function rotaryTables(b: Builder, x: Value, rank: number, dHead: number, base: number, offset?: Value): RotaryTables {
  const half = dHead / 2;
  const length = b.op('Shape', [x], { start: rank - 2, end: rank - 1 }); // [1] = (T)
  const counting = b.constant(float32([ROTARY_MAX_POSITIONS], Array.from({ length: ROTARY_MAX_POSITIONS }, (_, i) => i)));
  let positions = b.op('Slice', [counting, ints(b, [0]), length], { axes: [0] }); // [T]: 0 … T−1
  if (offset) positions = b.op('Add', [positions, b.op('Cast', [offset], { to: 'float32' })], {}); // [T]: P … P+T−1
  const frequencies = b.constant(float32([half], Array.from({ length: half }, (_, i) => base ** ((-2 * i) / dHead)))); // [d_head/2]
  const angles = b.op('Mul', [b.op('Unsqueeze', [positions], { axes: [1] }), frequencies], {}); // [T, d_head/2]
  const both = b.op('Concat', [angles, angles], { axis: -1 }); // [T, d_head]: each angle for both halves
  return { cos: b.op('Cos', [both], {}), sin: b.op('Sin', [both], {}) };
}

/** x·cos + rotate_half(x)·sin, where rotate_half([x1, x2]) = [−x2, x1] on the last axis: [..., T, d_head]. */
export function rotate(b: Builder, x: Value, dHead: number, { cos, sin }: RotaryTables): Value {
  const half = dHead / 2;
  const first = b.op('Slice', [x, ints(b, [0]), ints(b, [half])], { axes: [-1] }); // [..., T, d_head/2]
  const second = b.op('Slice', [x, ints(b, [half]), ints(b, [dHead])], { axes: [-1] }); // [..., T, d_head/2]
  const turned = b.op('Concat', [b.op('Neg', [second], {}), first], { axis: -1 }); // [..., T, d_head]
  return b.op('Add', [b.op('Mul', [x, cos], {}), b.op('Mul', [turned, sin], {})], {}); // [..., T, d_head]
}

/** The option as an attention block passes it on. */
export interface RotaryOption {
  readonly positional: string;
  readonly base: number;
}

/**
 * The function that rotates the rank-`rank` [..., T, d_head] queries and keys of a self-attention, or the
 * identity when the option is off. The tables are built once, from the first tensor rotated (queries and
 * new keys share their T positions); in a decoding plan the positions start at the cache's offset.
 */
export function rotary(
  b: Builder,
  option: RotaryOption | undefined,
  rank: number,
  dHead: number,
  cache?: { readonly offset: Value },
): (x: Value) => Value {
  if (option?.positional !== 'rotary') return (x) => x;
  let tables: RotaryTables | undefined;
  return (x) => {
    tables ??= rotaryTables(b, x, rank, dHead, option.base, cache?.offset); // built once, from the first tensor rotated
    return rotate(b, x, dHead, tables);
  };
}
