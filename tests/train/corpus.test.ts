/**
 * Corpus encoding with the graph's own tokenizer: coded diagnostics for text it cannot encode (symbol, line,
 * column), the vocabulary extension that fixes it, and which input's tokenizer a graph trains with.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { encodeCorpus, extendVocabulary, graphTokenizer, missingSymbols } from '../../engine/train/corpus.ts';
import { createTokenizer } from '../../engine/tokenizers/index.ts';

const tokenizer = (spec: TokenizerSpec) => {
  const t = createTokenizer(spec);
  if (!t.ok) throw new Error(JSON.stringify(t.diagnostics));
  return t.value;
};
const CHARS: TokenizerSpec = { kind: 'char', vocab: [...' abcdefghijklmnopqrstuvwxyz.\n'], lowercase: true };
const WORDS: TokenizerSpec = { kind: 'word', vocab: ['the', 'cat', 'sat', '.'] };
const analysis = (example: string) => {
  const doc = parseDocument(readFileSync(new URL(`../../examples/${example}.formwork.json`, import.meta.url), 'utf8'));
  if (!doc.ok) throw new Error('example');
  return analyzeGraph(doc.value, standardCatalogue());
};

describe('encodeCorpus', () => {
  it('encodes with the tokenizer (case folded as the spec says)', () => {
    const ids = encodeCorpus(tokenizer(CHARS), 'The cat.\n');
    expect(ids.ok && Array.from(ids.value)).toEqual([20, 8, 5, 0, 3, 1, 20, 27, 28]);
  });

  it('a character without a token: FW062 naming it, its line and column, and every missing one', () => {
    const r = encodeCorpus(tokenizer(CHARS), 'the cat.\nthe dög sat!\nnaïve', 'text');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'FW062', node: 'text' });
    expect(r.diagnostics[0]!.message).toBe('corpus line 2, column 6: the tokenizer has no token for character "ö" (3 missing characters: "ö", "!", "ï")');
  });

  it('a word without a token: FW062 with its line and column', () => {
    const r = encodeCorpus(tokenizer(WORDS), 'the cat sat.\n  the dog sat.');
    expect(r.ok ? '' : r.diagnostics[0]!.message).toBe('corpus line 2, column 7: the tokenizer has no token for word "dog" (1 missing words: "dog")');
  });

  it('BPE and specs with an unknown token encode anything; an empty corpus is an error', () => {
    expect(missingSymbols({ kind: 'char', vocab: ['a', '?'], unknown: '?' }, 'xyz')).toEqual([]);
    expect(encodeCorpus(tokenizer({ kind: 'char', vocab: ['a', '?'], unknown: '?' }), 'xa').ok).toBe(true);
    const empty = encodeCorpus(tokenizer(CHARS), '');
    expect(empty.ok ? '' : empty.diagnostics[0]!.message).toBe('the corpus gives no tokens');
  });
});

describe('extendVocabulary', () => {
  it('appends the missing symbols after the old ids, so the corpus then encodes and old ids keep their meaning', () => {
    const text = 'The dög sat!';
    const r = extendVocabulary(CHARS, text);
    if (!r.ok) throw new Error('extend');
    expect(r.value.added).toEqual(['ö', '!']);
    expect(r.value.spec.vocab.slice(0, CHARS.vocab.length)).toEqual(CHARS.vocab);
    const ids = encodeCorpus(tokenizer(r.value.spec), text);
    // " " 0, a–z 1–26, "." 27, "\n" 28, then the new "ö" 29 and "!" 30.
    expect(ids.ok && Array.from(ids.value)).toEqual([20, 8, 5, 0, 4, 29, 7, 0, 19, 1, 20, 30]);
  });

  it('words too; BPE has nothing to add', () => {
    const r = extendVocabulary(WORDS, 'the dog sat . the owl .');
    expect(r.ok && r.value.added).toEqual(['dog', 'owl']);
    expect(extendVocabulary({ kind: 'bpe', vocab: [] }, 'x').ok).toBe(false);
  });
});

describe('graphTokenizer', () => {
  it("tiny-gpt trains with its TokenInput's char tokenizer", () => {
    const r = graphTokenizer(analysis('tiny-gpt'));
    expect(r.ok && [r.value.node, r.value.tokenizer.spec.kind, r.value.tokenizer.vocabSize]).toEqual(['text', 'char', 64]);
  });
  it('a graph with two text inputs (encoder-decoder) is FW062', () => {
    const r = graphTokenizer(analysis('encoder-decoder'));
    expect(r.ok ? '' : `${r.diagnostics[0]!.code} ${r.diagnostics[0]!.message}`).toMatch(/^FW062 .*exactly one text input; this one has 2/);
  });
});

describe('missingSymbols', () => {
  it('counts columns in code points (an emoji is one) and is linear in the corpus', () => {
    expect(missingSymbols(WORDS, 'the 😀 cat zebra')).toEqual([
      { symbol: '😀', line: 1, column: 5 },
      { symbol: 'zebra', line: 1, column: 11 },
    ]);
    const long = 'the cat '.repeat(200_000) + 'owl'; // one 1.6 M character line
    const started = performance.now();
    expect(missingSymbols(WORDS, long)).toEqual([{ symbol: 'owl', line: 1, column: 1_600_001 }]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
