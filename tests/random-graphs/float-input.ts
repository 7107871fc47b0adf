/**
 * A test-only float input with a shape given as text (`B,T,T`, `B,8,12`). Why: in the standard catalogue every
 * tensor reachable from a token input has the shape [B, T, width], so MatMul and CausalMask (which need a
 * [.., T, T] or [.., K, N] operand) cannot be exercised without a second, freely shaped input.
 */
import { defineBlock, type AnyBlock } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { createCatalogue, type Catalogue } from '../../graph-schema/catalogue.ts';
import type { Dim } from '../../graph-schema/dims.ts';

/** `"B,T,8"` → `['B', 'T', 8]`. */
export function shapeFromText(text: string): Dim[] {
  return text
    .split(',')
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Graph input of float32 values with the shape in its `shape` param. */
export const FloatInput: AnyBlock = defineBlock({
  id: 'FloatInput',
  version: 1,
  title: 'Float input (tests)',
  category: 'input',
  role: 'input',
  summary: 'A float32 graph input of any shape; random-graph tests only.',
  doc: 'Feeds a float32 tensor whose (partly symbolic) shape is given as comma-separated text.',
  inputs: [],
  outputs: [{ name: 'out', dtype: 'float32', shape: ['...'], doc: 'the fed tensor' }],
  params: {
    shape: { kind: 'string', default: 'B,T,4', maxLength: 64, help: 'comma-separated dims' },
  },
  shape: ({ params }) => ({ out: { dtype: 'float32', shape: shapeFromText(params.shape) } }),
  lower: (b, { params }) => ({ out: b.graphInput('float32', shapeFromText(params.shape)) }),
});

/** The standard catalogue plus {@link FloatInput}: what random graphs are compiled against. */
export function randomGraphCatalogue(): Catalogue {
  return createCatalogue([...STANDARD_BLOCKS, FloatInput]);
}
