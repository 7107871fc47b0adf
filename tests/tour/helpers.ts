/**
 * Shared helpers for the tour tests: loading the templates, reading rows by word, and the
 * article's corpora.
 */
import { readFileSync } from 'node:fs';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { EXAMPLES_DIR, exampleFiles, loadExample } from '../examples/helpers.ts';

/** The tour templates, in step order. */
export function tourFiles(): string[] {
  return exampleFiles().filter((f) => /^tour-\d\d-/.test(f));
}

/** The template of step `step` (1-based). */
export function tourFile(step: number): string {
  const prefix = `tour-${String(step).padStart(2, '0')}-`;
  const file = tourFiles().find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no template for step ${step}`);
  return file;
}

export function loadTour(step: number): GraphDocument {
  return loadExample(tourFile(step));
}

/** A corpus from examples/corpora. */
export function corpus(name: 'commands' | 'battery' | 'skips'): string {
  return readFileSync(`${EXAMPLES_DIR}corpora/${name}.txt`, 'utf8');
}

/** The vocabulary of a document's token input `input`. */
export function vocabOf(doc: GraphDocument, input = 'words'): string[] {
  return (doc.nodes.find((n) => n.id === input)!.params!.tokenizer as TokenizerSpec).vocab;
}

/** The last row of a [..., N] tensor as {word: value}, zeros left out. */
export function lastRowByWord(t: Tensor, vocab: readonly string[]): Record<string, number> {
  const n = t.shape[t.shape.length - 1]!;
  const out: Record<string, number> = {};
  const row = t.data.subarray(t.data.length - n);
  row.forEach((v, i) => {
    if (v !== 0) out[vocab[i]!] = v;
  });
  return out;
}

/** The last row of a [..., N] tensor. */
export function lastRow(t: Tensor): number[] {
  const n = t.shape[t.shape.length - 1]!;
  return Array.from(t.data.subarray(t.data.length - n));
}

/** Sentences of the article (without the words the models predict). */
export const SENTENCES = {
  battery: 'check whether the battery ran',
  program: 'check whether the program ran',
  longProgram: 'Check the program log and find out whether it ran',
  longBattery: 'Check the battery log and find out whether it ran',
} as const;
