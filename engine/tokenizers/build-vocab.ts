/**
 * Building char and word vocabularies from a corpus.
 */
import { LIMITS_TOKENIZER, type TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { compareStrings, prefixOf } from './common.ts';
import { splitWords } from './text-split.ts';

/** Work bounds of the vocabulary builders. */
export const LIMITS_VOCAB_BUILD = {
  /** Only this many leading UTF-16 units of the corpus are read. */
  maxCorpusChars: 4_000_000,
} as const;

/** Options shared by the vocabulary builders. */
export interface VocabOptions {
  /** Token for text outside the vocabulary; placed first (id 0) when given. */
  readonly unknown?: string;
  /** Most entries to keep (including `unknown`); the most frequent win, ties in string order. Default and cap: the schema limit. */
  readonly maxVocab?: number;
}

/** Options of `buildWordVocab`. */
export interface WordVocabOptions extends VocabOptions {
  /** Fold case; the spec gets `lowercase: true` so encoding folds too. */
  readonly lowercase?: boolean;
}

function vocabLimit(options: VocabOptions): number {
  const max = options.maxVocab ?? LIMITS_TOKENIZER.maxVocab;
  const n = Number.isFinite(max) ? Math.floor(max) : LIMITS_TOKENIZER.maxVocab;
  return Math.max(0, Math.min(n, LIMITS_TOKENIZER.maxVocab)) - (options.unknown !== undefined ? 1 : 0);
}

/** The entries of `counts` to keep: all of them, or the `limit` most frequent (ties in string order). */
function keep(counts: ReadonlyMap<string, number>, limit: number): string[] {
  const all = [...counts.keys()];
  if (all.length <= limit) return all;
  if (limit <= 0) return [];
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || compareStrings(x[0], y[0]))
    .slice(0, limit)
    .map(([s]) => s);
}

function withUnknown(entries: string[], unknown: string | undefined): string[] {
  return unknown === undefined ? entries : [unknown, ...entries.filter((e) => e !== unknown)];
}

function byCodePoint(a: string, b: string): number {
  return (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0);
}

/**
 * Char vocabulary: every distinct code point of the corpus, in code-point order.
 * Reads at most `LIMITS_VOCAB_BUILD.maxCorpusChars` of the corpus.
 */
export function buildCharVocab(corpus: string, options: VocabOptions = {}): TokenizerSpec {
  const counts = new Map<string, number>();
  for (const ch of prefixOf(corpus, LIMITS_VOCAB_BUILD.maxCorpusChars)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const vocab = withUnknown(keep(counts, vocabLimit(options)).sort(byCodePoint), options.unknown);
  return options.unknown !== undefined ? { kind: 'char', vocab, unknown: options.unknown } : { kind: 'char', vocab };
}

/**
 * Word vocabulary: every distinct word and punctuation mark of the corpus (as the word tokenizer splits it),
 * in string order; lower-cased first when `lowercase` is set. Words longer than the schema's token length
 * limit are skipped. Reads at most `LIMITS_VOCAB_BUILD.maxCorpusChars` of the corpus.
 */
export function buildWordVocab(corpus: string, options: WordVocabOptions = {}): TokenizerSpec {
  const text = prefixOf(corpus, LIMITS_VOCAB_BUILD.maxCorpusChars);
  const counts = new Map<string, number>();
  for (const w of splitWords(options.lowercase ? text.toLowerCase() : text)) {
    if (w.text.length <= LIMITS_TOKENIZER.maxTokenLength) counts.set(w.text, (counts.get(w.text) ?? 0) + 1);
  }
  const vocab = withUnknown(keep(counts, vocabLimit(options)).sort(compareStrings), options.unknown);
  const spec: TokenizerSpec = { kind: 'word', vocab };
  if (options.lowercase) spec.lowercase = true;
  if (options.unknown !== undefined) spec.unknown = options.unknown;
  return spec;
}
