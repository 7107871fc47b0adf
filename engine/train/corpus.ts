/**
 * A training corpus as token ids, encoded with the graph's own tokenizer (the one its TokenInput carries, built
 * by engine/tokenizers' createTokenizer), so the model learns exactly the ids it will see when run. Text the
 * vocabulary cannot encode is reported by symbol, line and column before anything is trained, and
 * `extendVocabulary` offers the fix: the same spec with the missing characters or words appended.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphAnalysis } from '../../graph-schema/infer.ts';
import { tokenizerOf } from '../../graph-schema/param-roles.ts';
import { LIMITS_TOKENIZER, type TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { createTokenizer, splitWords, type Tokenizer } from '../tokenizers/index.ts';

/** Largest corpus, in UTF-16 code units (about 16 MB of English text). */
export const LIMITS_TRAINING_CORPUS = { maxChars: 16_000_000 } as const;

/** A character or word of a corpus that has no token, where it first occurs (1-based line and column). */
export interface MissingSymbol {
  readonly symbol: string;
  readonly line: number;
  readonly column: number;
}

/** The tokenizer of the graph's one text input (a TokenInput); FW062 when there is none or more than one. */
export function graphTokenizer(analysis: GraphAnalysis): Result<{ readonly node: string; readonly tokenizer: Tokenizer }> {
  const inputs = analysis.top.order.filter((n) => n.block?.accepts === 'text');
  if (inputs.length !== 1)
    return fail([
      error('FW062', `training on a text corpus needs a graph with exactly one text input; this one has ${inputs.length}`, {
        hint: 'train a decoder-only graph (one TokenInput feeding a next-token output)',
      }),
    ]);
  const node = inputs[0]!.id;
  const spec = tokenizerOf(inputs[0]!.block, inputs[0]!.params);
  if (spec === undefined) return fail([error('FW062', `text input '${node}' carries no tokenizer`, { node })]);
  const made = createTokenizer(spec);
  if (!made.ok) return fail(made.diagnostics.map((d) => ({ ...d, node })));
  return ok({ node, tokenizer: made.value }, made.warnings.map((d) => ({ ...d, node })));
}

/**
 * Distinct characters (char tokenizer) or words (word tokenizer) of `text` that `spec` has no token for, in
 * order of first occurrence, at most `limit`. Empty for BPE (its 256 byte tokens encode any text) and for a
 * spec with an `unknown` token. Positions count code points of the (case-folded, when `lowercase`) text.
 */
export function missingSymbols(spec: TokenizerSpec, text: string, limit: number = LIMITS_TOKENIZER.maxVocab): MissingSymbol[] {
  if (spec.kind === 'bpe' || spec.unknown !== undefined || limit <= 0) return [];
  const known = new Set(spec.vocab);
  const folded = spec.lowercase ? text.toLowerCase() : text;
  const seen = new Map<string, MissingSymbol>();
  const note = (symbol: string, line: number, column: number): boolean => {
    if (!known.has(symbol) && !seen.has(symbol)) seen.set(symbol, { symbol, line, column });
    return seen.size < limit;
  };
  let line = 1;
  if (spec.kind === 'char') {
    let column = 1;
    for (const ch of folded) {
      if (!note(ch, line, column)) break;
      if (ch === '\n') (line++, (column = 1));
      else column++;
    }
  } else {
    let cursor = 0; // UTF-16 index up to which lines and columns are counted
    let column = 1;
    for (const word of splitWords(folded)) {
      for (; cursor < word.start; cursor++) {
        const unit = folded.charCodeAt(cursor);
        if (unit === 10) (line++, (column = 1));
        else if (unit < 0xdc00 || unit > 0xdfff) column++; // a low surrogate ends a code point already counted
      }
      if (!note(word.text, line, column)) break;
    }
  }
  return [...seen.values()];
}

/**
 * `spec` with every character or word of `text` it cannot encode appended to its vocabulary (new ids after the
 * old ones, so existing ids keep their meaning), and the symbols added. FW062 for a BPE spec (nothing can be
 * missing) or when the vocabulary would exceed its limit. The graph's `vocab_size` parameters must grow to match.
 */
export function extendVocabulary(spec: TokenizerSpec, text: string): Result<{ readonly spec: TokenizerSpec; readonly added: readonly string[] }> {
  if (spec.kind === 'bpe') return fail([error('FW062', 'a BPE vocabulary has a token for every byte: there is nothing to add')]);
  const added = missingSymbols(spec, text, LIMITS_TOKENIZER.maxVocab - spec.vocab.length + 1).map((m) => m.symbol);
  if (spec.vocab.length + added.length > LIMITS_TOKENIZER.maxVocab)
    return fail([error('FW062', `the corpus needs more than ${LIMITS_TOKENIZER.maxVocab} vocabulary entries`, { hint: 'use a BPE tokenizer' })]);
  return ok({ spec: { ...spec, vocab: [...spec.vocab, ...added] }, added });
}

/**
 * Encodes the whole corpus. FW062 for an empty or too long corpus, or text the vocabulary cannot encode: the
 * first missing symbol with its line and column, and how many distinct symbols are missing.
 */
export function encodeCorpus(tokenizer: Tokenizer, text: string, node?: string): Result<Int32Array> {
  const where = node !== undefined ? { node } : {};
  if (text.length > LIMITS_TRAINING_CORPUS.maxChars)
    return fail([error('FW062', `the corpus has ${text.length} characters; the limit is ${LIMITS_TRAINING_CORPUS.maxChars}`, where)]);
  const missing = missingSymbols(tokenizer.spec, text);
  if (missing.length > 0) {
    const first = missing[0]!;
    const unit = tokenizer.spec.kind === 'char' ? 'character' : 'word';
    const listed = missing.slice(0, 10).map((m) => JSON.stringify(m.symbol)).join(', ');
    const more = missing.length > 10 ? ` and ${missing.length - 10} more` : '';
    return fail([
      error('FW062', `corpus line ${first.line}, column ${first.column}: the tokenizer has no token for ${unit} ${JSON.stringify(first.symbol)} (${missing.length} missing ${unit}s: ${listed}${more})`, {
        ...where,
        hint: `add the missing ${unit}s to the vocabulary (and grow vocab_size to match), set an unknown token, or clean the corpus`,
      }),
    ]);
  }
  const ids = tokenizer.encode(text);
  if (!ids.ok) return fail(ids.diagnostics.map((d) => ({ ...d, code: 'FW062' as const, ...where })));
  if (ids.value.length === 0) return fail([error('FW062', 'the corpus gives no tokens', where)]);
  return ok(Int32Array.from(ids.value));
}
