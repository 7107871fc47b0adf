import { describe, expect, it } from 'vitest';
import { buildCharVocab, buildWordVocab, createTokenizer, joinWords, splitWords } from '../../engine/tokenizers/index.ts';
import { failure, unwrap } from './helpers.ts';

describe('char tokenizer', () => {
  it('gives one token per code point, including astral characters', () => {
    const tok = unwrap(createTokenizer({ kind: 'char', vocab: ['a', 'b', '😀', 'é'] }));
    expect(unwrap(tok.encode('ab😀éa'))).toEqual([0, 1, 2, 3, 0]);
    expect(tok.decode([2, 0, 3])).toBe('😀aé');
    expect(tok.vocabSize).toBe(4);
  });

  it('names the offending character and its position when there is no unknown token', () => {
    const tok = unwrap(createTokenizer({ kind: 'char', vocab: ['a', 'b'] }));
    const [d] = failure(tok.encode('ab😀ax'));
    expect(d?.code).toBe('FW060');
    expect(d?.message).toContain('"😀"');
    expect(d?.message).toContain('character 2');
  });

  it('maps unseen characters to the unknown token', () => {
    const tok = unwrap(createTokenizer({ kind: 'char', vocab: ['<unk>', 'a'], unknown: '<unk>' }));
    expect(unwrap(tok.encode('aza'))).toEqual([1, 0, 1]);
    expect(unwrap(tok.pieces('az'))).toEqual([
      { id: 1, text: 'a' },
      { id: 0, text: '<unk>' },
    ]);
  });

  it('rejects bad specs with FW060', () => {
    expect(failure(createTokenizer({ kind: 'char', vocab: ['a', 'b', 'a'] }))[0]?.message).toMatch(/duplicate.*"a"/);
    expect(failure(createTokenizer({ kind: 'char', vocab: ['a'], unknown: '?' }))[0]?.message).toMatch(/unknown token "\?"/);
    expect(failure(createTokenizer({ kind: 'char', vocab: ['a', 'ab'] }))[0]?.message).toMatch(/single characters.*"ab"/);
    expect(failure(createTokenizer({ kind: 'char', vocab: ['a', ''] }))[0]?.message).toMatch(/empty/);
    for (const d of failure(createTokenizer({ kind: 'char', vocab: ['a', 'a'] }))) expect(d.code).toBe('FW060');
  });

  it('rejects specs that break the schema limits', () => {
    const [d] = failure(createTokenizer({ kind: 'char', vocab: ['x'.repeat(300)] }));
    expect(d?.code).toBe('FW060');
  });

  it('decodes ids outside the vocabulary as U+FFFD', () => {
    const tok = unwrap(createTokenizer({ kind: 'char', vocab: ['a'] }));
    expect(tok.decode([0, 7, -1, 0.5, 0])).toBe('a\uFFFD\uFFFD\uFFFDa');
  });

  it('buildCharVocab covers its corpus in code-point order', () => {
    const corpus = 'héllo wörld 😀\uFFFD';
    const spec = buildCharVocab(corpus);
    const cps = spec.vocab.map((c) => c.codePointAt(0) ?? 0);
    expect([...cps].sort((x, y) => x - y)).toEqual(cps);
    expect(new Set(spec.vocab)).toEqual(new Set(Array.from(corpus)));
    const tok = unwrap(createTokenizer(spec));
    expect(tok.decode(unwrap(tok.encode(corpus)))).toBe(corpus);
  });

  it('buildCharVocab puts the unknown token first and respects maxVocab by frequency', () => {
    const spec = buildCharVocab('aaabbc', { unknown: '<unk>', maxVocab: 3 });
    expect(spec.vocab).toEqual(['<unk>', 'a', 'b']);
    const tok = unwrap(createTokenizer(spec));
    expect(unwrap(tok.encode('abc'))).toEqual([1, 2, 0]);
  });
});

describe('word tokenizer', () => {
  it('splits words and punctuation, dropping whitespace', () => {
    expect(splitWords("Hello,  world! Don't   stop.").map((w) => w.text)).toEqual(['Hello', ',', 'world', '!', "Don't", 'stop', '.']);
  });

  it('encodes with case folding and names the offending word and position', () => {
    const spec = buildWordVocab('the cat sat. The dog!', { lowercase: true });
    expect(spec.vocab).toEqual(['!', '.', 'cat', 'dog', 'sat', 'the']);
    const tok = unwrap(createTokenizer(spec));
    expect(unwrap(tok.encode('THE Cat sat!'))).toEqual([5, 2, 4, 0]);
    const [d] = failure(tok.encode('the cat flew.'));
    expect(d?.code).toBe('FW060');
    expect(d?.message).toContain('"flew"');
    expect(d?.message).toContain('character 8');
  });

  it('without lowercase keeps case distinct', () => {
    const tok = unwrap(createTokenizer(buildWordVocab('The the')));
    expect(tok.vocabSize).toBe(2);
    expect(unwrap(tok.encode('the The'))).toEqual([1, 0]);
  });

  it('decodes with punctuation attached sensibly', () => {
    const tok = unwrap(createTokenizer(buildWordVocab('Hello , world ! ( see "this" ) ; ok .')));
    const text = 'Hello, world! (see "this"); ok.';
    expect(tok.decode(unwrap(tok.encode(text)))).toBe(text);
    expect(joinWords(['a', '"', 'b', '"', 'c'])).toBe('a "b" c');
  });

  it('uses the unknown token and warns about unreachable entries', () => {
    const spec = { kind: 'word' as const, vocab: ['<unk>', 'hi', 'Two words', 'Upper'], unknown: '<unk>', lowercase: true };
    const r = createTokenizer(spec);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.message).toContain('"Two words"');
    expect(r.warnings[0]?.message).toContain('"Upper"');
    expect(r.warnings[0]?.message).not.toContain('<unk>');
    expect(unwrap(r.value.encode('hi there'))).toEqual([1, 0]);
  });
});
