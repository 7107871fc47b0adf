/**
 * The vocabulary a fitted model is indexed by, and its size bounds.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { CorpusLine } from './corpus.ts';

/** Largest number of elements in a fitted tensor (second-order models have N³). */
export const LIMITS_FIT = { maxElements: 1 << 24 } as const;

/** A vocabulary and the id of each word. */
export interface IndexedVocab {
  readonly vocab: string[];
  readonly index: ReadonlyMap<string, number>;
}

const MAX_LISTED = 10;

/**
 * The given vocabulary (checked: no duplicates, every corpus word present), or else every corpus word
 * in string order (UTF-16 code units, locale-independent). FW034 when a model with N^`power` elements
 * would exceed `LIMITS_FIT.maxElements`.
 */
export function resolveVocab(corpus: readonly CorpusLine[], given: readonly string[] | undefined, power: number): Result<IndexedVocab> {
  let vocab: string[];
  if (given === undefined) {
    const words = new Set<string>();
    for (const line of corpus) for (const w of line.words) words.add(w);
    vocab = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } else {
    vocab = [...given];
  }
  const index = new Map<string, number>();
  const duplicates: string[] = [];
  vocab.forEach((w, i) => {
    if (index.has(w)) duplicates.push(JSON.stringify(w));
    else index.set(w, i);
  });
  if (duplicates.length > 0) return fail([error('FW060', `vocabulary lists ${duplicates.slice(0, MAX_LISTED).join(', ')} more than once`)]);
  const missing = new Set<string>();
  for (const line of corpus) for (const w of line.words) if (!index.has(w)) missing.add(JSON.stringify(w));
  if (missing.size > 0) {
    const shown = [...missing].slice(0, MAX_LISTED).join(', ');
    return fail([error('FW060', `corpus words missing from the vocabulary: ${shown}${missing.size > MAX_LISTED ? ` and ${missing.size - MAX_LISTED} more` : ''}`)]);
  }
  const elements = vocab.length ** power;
  if (elements > LIMITS_FIT.maxElements) {
    return fail([
      error('FW034', `a vocabulary of ${vocab.length} words needs ${elements} values here; the limit is ${LIMITS_FIT.maxElements}`, {
        hint: 'use a smaller corpus or vocabulary',
      }),
    ]);
  }
  return ok({ vocab, index });
}

/** Scales each row of a row-major [rows, cols] array to sum to 1; rows summing to 0 stay 0. */
export function normaliseRows(counts: Float64Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let c = 0; c < cols; c++) total += counts[r * cols + c] as number;
    if (total === 0) continue;
    for (let c = 0; c < cols; c++) out[r * cols + c] = (counts[r * cols + c] as number) / total;
  }
  return out;
}
