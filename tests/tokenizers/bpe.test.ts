import { describe, expect, it } from 'vitest';
import { BYTE_SPELLINGS, createTokenizer, spellingToBytes, splitChunks, trainBpe } from '../../engine/tokenizers/index.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { failure, unwrap } from './helpers.ts';

/** Deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'and', 'then', 'runs', 'away', 'über', 'naïve', 'café', '猫', 'в', 'лесу'];

function makeCorpus(chars: number, seed: number): string {
  const r = rng(seed);
  const parts: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = WORDS[Math.floor(r() * WORDS.length)] as string;
    const sep = r() < 0.1 ? '.\n' : r() < 0.1 ? ', ' : ' ';
    parts.push(w, sep);
    n += w.length + sep.length;
  }
  return parts.join('');
}

describe('byte spellings', () => {
  it('spells every byte uniquely and parses back', () => {
    expect(new Set(BYTE_SPELLINGS).size).toBe(256);
    BYTE_SPELLINGS.forEach((s, b) => expect(Array.from(spellingToBytes(s) ?? [])).toEqual([b]));
    expect(BYTE_SPELLINGS[0x41]).toBe('A');
    expect(BYTE_SPELLINGS[0x3c]).toBe('<0x3C>');
    expect(BYTE_SPELLINGS[0x0a]).toBe('<0x0A>');
    expect(spellingToBytes('<0x41>')).toBeUndefined();
    expect(spellingToBytes('<unk>')).toBeUndefined();
    expect(Array.from(spellingToBytes('a<0xC3><0xA9>') ?? [])).toEqual([0x61, 0xc3, 0xa9]);
  });
});

describe('BPE chunks', () => {
  it('are lossless and keep a leading space with the word', () => {
    const text = 'Hello  world,\n\tit is 2024!! 😀😀 end ';
    const chunks = splitChunks(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks).toContain(' world');
    const long = 'x'.repeat(100);
    expect(splitChunks(long).map((c) => c.length)).toEqual([32, 32, 32, 4]);
  });
});

describe('byte-level BPE', () => {
  const base: TokenizerSpec = { kind: 'bpe', vocab: [...BYTE_SPELLINGS], merges: [] };

  it('with no merges encodes one id per UTF-8 byte', () => {
    const tok = unwrap(createTokenizer(base));
    expect(unwrap(tok.encode('aé'))).toEqual([0x61, 0xc3, 0xa9]);
    expect(unwrap(tok.pieces('é')).map((p) => p.text)).toEqual(['<0xC3>', '<0xA9>']);
  });

  it('applies merges lowest rank first', () => {
    // 'abc': with (b,c) ranked before (a,b) the result must be a + bc, not ab + c.
    const spec: TokenizerSpec = { kind: 'bpe', vocab: [...BYTE_SPELLINGS, 'bc', 'ab'], merges: [['b', 'c'], ['a', 'b']] };
    const tok = unwrap(createTokenizer(spec));
    expect(unwrap(tok.pieces('abc')).map((p) => p.text)).toEqual(['a', 'bc']);
    expect(unwrap(tok.pieces('abd')).map((p) => p.text)).toEqual(['ab', 'd']);
    const swapped: TokenizerSpec = { kind: 'bpe', vocab: [...BYTE_SPELLINGS, 'bc', 'ab'], merges: [['a', 'b'], ['b', 'c']] };
    expect(unwrap(unwrap(createTokenizer(swapped)).pieces('abc')).map((p) => p.text)).toEqual(['ab', 'c']);
  });

  it('round-trips any text', () => {
    const tok = unwrap(createTokenizer(trainBpe(makeCorpus(5000, 1), 100)));
    const r = rng(7);
    const samples = ['', ' ', '\uFEFFbom first', 'tabs\tand\r\nnewlines', '<0x41> <unk> <', '😀👍🏽 中文 עברית', 'the lazy dog'];
    for (let i = 0; i < 50; i++) {
      const cps: number[] = [];
      const len = Math.floor(r() * 40);
      for (let j = 0; j < len; j++) {
        let cp = Math.floor(r() * 0x110000);
        if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41;
        cps.push(cp);
      }
      samples.push(String.fromCodePoint(...cps));
    }
    for (const s of samples) expect(tok.decode(unwrap(tok.encode(s)))).toBe(s);
  });

  it('treats non-byte vocabulary entries as special tokens', () => {
    const tok = unwrap(createTokenizer({ kind: 'bpe', vocab: [...BYTE_SPELLINGS, '<|end|>'], merges: [] }));
    expect(unwrap(tok.encode('<|end|>'))).not.toContain(256);
    expect(tok.decode([0x68, 0x69, 256])).toBe('hi<|end|>');
  });

  it('validates the spec', () => {
    const missing = failure(createTokenizer({ kind: 'bpe', vocab: BYTE_SPELLINGS.slice(1), merges: [] }));
    expect(missing[0]?.code).toBe('FW060');
    expect(missing[0]?.message).toMatch(/lacks 1 of the 256 byte tokens.*<0x00>/);
    const badPart = failure(createTokenizer({ kind: 'bpe', vocab: [...BYTE_SPELLINGS, 'ab'], merges: [['a', 'zz']] }));
    expect(badPart[0]?.message).toMatch(/merge 0: part "zz" is not in the vocabulary/);
    const noResult = failure(createTokenizer({ kind: 'bpe', vocab: [...BYTE_SPELLINGS], merges: [['a', 'b']] }));
    expect(noResult[0]?.message).toMatch(/result "ab" is not in the vocabulary/);
    const twice = failure(createTokenizer({ kind: 'bpe', vocab: [...BYTE_SPELLINGS, 'ab'], merges: [['a', 'b'], ['a', 'b']] }));
    expect(twice[0]?.message).toMatch(/listed twice/);
  });
});

describe('trainBpe', () => {
  it('merges the most frequent pair first and breaks ties by lower ids', () => {
    // Newlines are chunks of their own, so only 'ab' (3 times) and 'cd' (3 times) pair up:
    // tie → 'ab' (a=0x61 < c=0x63), then 'cd'.
    const spec = trainBpe('ab\nab\nab\ncd\ncd\ncd\nx', 2);
    expect(spec.merges).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(spec.vocab.slice(256)).toEqual(['ab', 'cd']);
  });

  it('ranks a space-prefixed pair by its ids like any other', () => {
    // ' c' ties with 'ab' and 'cd' at 3; the space (0x20) has the lowest id.
    expect(trainBpe('ab ab ab cd cd cd', 1).merges).toEqual([[' ', 'c']]);
  });

  it('counts pairs across chunk occurrences and builds on earlier merges', () => {
    const spec = trainBpe('low low low lower lowest', 3);
    expect(spec.merges?.[0]).toEqual(['l', 'o']);
    expect(spec.merges?.[1]).toEqual(['lo', 'w']);
    const tok = unwrap(createTokenizer(spec));
    expect(unwrap(tok.pieces('low')).map((p) => p.text)).toEqual(['low']);
  });

  it('stops when no pair repeats and clamps the merge count', () => {
    expect(trainBpe('abcdef', 10).merges).toEqual([]);
    expect(trainBpe('aaaa', -3).merges).toEqual([]);
    expect(trainBpe('aaaa', Number.NaN).vocab).toHaveLength(256);
  });

  it('is deterministic and the result is accepted by createTokenizer', () => {
    const corpus = makeCorpus(20_000, 3);
    const a = trainBpe(corpus, 200);
    const b = trainBpe(corpus, 200);
    expect(a).toEqual(b);
    const tok = unwrap(createTokenizer(a));
    const ids = unwrap(tok.encode(corpus));
    const bytes = new TextEncoder().encode(corpus).length;
    expect(ids.length).toBeLessThan(bytes / 2);
    expect(tok.decode(ids)).toBe(corpus);
  });

  it('matches a naive recount-every-merge reference', () => {
    const corpus = makeCorpus(3000, 11);
    const spec = trainBpe(corpus, 60);
    expect(spec.merges).toEqual(naiveTrain(corpus, 60));
  });

  it('trains 500 merges on ~100 KB quickly', () => {
    const corpus = makeCorpus(100_000, 5);
    const t0 = performance.now();
    const spec = trainBpe(corpus, 500);
    const ms = performance.now() - t0;
    expect(spec.merges?.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3000);
  });
});

/** Reference trainer: recounts all pairs before every merge (same chunking and tie rule). */
function naiveTrain(corpus: string, n: number): [string, string][] {
  const vocab = [...BYTE_SPELLINGS];
  const words = splitChunks(corpus).map((c) => Array.from(new TextEncoder().encode(c)));
  const merges: [string, string][] = [];
  for (let m = 0; m < n; m++) {
    const counts = new Map<string, number>();
    for (const w of words) for (let i = 0; i + 1 < w.length; i++) counts.set(`${w[i]},${w[i + 1]}`, (counts.get(`${w[i]},${w[i + 1]}`) ?? 0) + 1);
    let best: [number, number, number] | undefined;
    for (const [k, c] of counts) {
      const [a, b] = k.split(',').map(Number) as [number, number];
      if (best === undefined || c > best[0] || (c === best[0] && (a < best[1] || (a === best[1] && b < best[2])))) best = [c, a, b];
    }
    if (best === undefined || best[0] < 2) break;
    const [, a, b] = best;
    const id = vocab.length;
    vocab.push((vocab[a] as string) + (vocab[b] as string));
    merges.push([vocab[a] as string, vocab[b] as string]);
    for (let wi = 0; wi < words.length; wi++) {
      const w = words[wi] as number[];
      const out: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          out.push(id);
          i++;
        } else out.push(w[i] as number);
      }
      words[wi] = out;
    }
  }
  return merges;
}
