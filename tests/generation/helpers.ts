/**
 * Shared by the generation tests: the examples compiled as full and as decoding plans, prompts
 * encoded with their own tokenizers, and generations collected into arrays.
 */
import { expect } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { formatDiagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile, type Compiled } from '../../engine/compile/compile.ts';
import type { GeneratedToken } from '../../engine/run/generate.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';
import { loadExample, unwrap } from '../examples/helpers.ts';

export { loadExample, unwrap };

/** A document compiled both ways. */
export interface BothPlans {
  readonly doc: GraphDocument;
  readonly full: Compiled;
  readonly cached: Compiled;
}

export function compileBoth(doc: GraphDocument): BothPlans {
  return {
    doc,
    full: unwrap(compile(doc, standardCatalogue())),
    cached: unwrap(compile(doc, standardCatalogue(), { incremental: true })),
  };
}

export function exampleBoth(name: string): BothPlans {
  return compileBoth(loadExample(`${name}.formwork.json`));
}

/** Encodes `texts` by input name with the graph's tokenizers: `[1, n]` id tensors. */
export function encode(compiled: Compiled, texts: Readonly<Record<string, string>>): Record<string, Tensor> {
  return unwrap(feedsFromText(unwrap(tokenizersOf(compiled.plan, compiled.analysis)), texts));
}

/** The ids of a `[1, n]` tensor. */
export const idsOf = (t: Tensor | undefined): number[] => Array.from(t!.data);

/** Every token of a generation; fails the test on a diagnostic. */
export function collect(tokens: Iterable<Result<GeneratedToken>>): GeneratedToken[] {
  const out: GeneratedToken[] = [];
  for (const t of tokens) {
    if (!t.ok) expect.fail(t.diagnostics.map(formatDiagnostic).join('\n'));
    out.push(t.value);
  }
  return out;
}

/** Largest absolute difference between two equally long rows. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** A symbolic shape made concrete: symbols (and sums such as `P+T`) from `sizes`; unknown stays null. */
export function bindShape(shape: readonly (string | number | null)[], sizes: Readonly<Record<string, number>>): (number | null)[] {
  return shape.map((d) => {
    if (d === null || typeof d === 'number') return d;
    const parts = d.split('+').map((s) => sizes[s.trim()]);
    return parts.every((p) => p !== undefined) ? parts.reduce((x, y) => x! + y!, 0)! : null;
  });
}

/** Expects `actual` to fit `expected` wherever `expected` is known. */
export function expectShapeFits(actual: readonly number[], expected: readonly (number | null)[] | null, label: string): void {
  if (expected === null) return;
  expect(actual.length, `${label}: rank of [${actual.join(', ')}]`).toBe(expected.length);
  expected.forEach((d, i) => {
    if (d !== null) expect(actual[i], `${label}: dim ${i} of [${actual.join(', ')}] vs [${expected.join(', ')}]`).toBe(d);
  });
}
