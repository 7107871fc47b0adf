import { describe, expect, it } from 'vitest';
import { fitFirstOrder, fitSecondOrder, fitSkipVotes, parseCorpus, skipVotesFor, toWords, type CorpusLine } from '../../engine/fit/index.ts';
import type { Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

// Corpora exactly as in shared/seed/article-numbers.md, with their stated weights.
const COMMANDS = ['50 Show me my photos please', '30 Show me my files please', '20 Show me my directories please'].join('\n');
const BATTERY = ['40 Check whether the battery ran down please', '60 Check whether the program ran please'].join('\n');
const SKIPS = [
  '50 Check the program log and find out whether it ran please',
  '50 Check the battery log and find out whether it ran down please',
].join('\n');

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return r.value;
}

const corpus = (text: string): CorpusLine[] => unwrap(parseCorpus(text));

/** Row of a [rows, N] tensor as {word: value} for the non-zero entries. */
function row(t: Tensor, r: number, vocab: readonly string[]): Record<string, number> {
  const n = vocab.length;
  const out: Record<string, number> = {};
  for (let c = 0; c < n; c++) {
    const v = t.data[r * n + c] as number;
    if (v !== 0) out[vocab[c] as string] = v;
  }
  return out;
}

const f32 = (x: number): number => Math.fround(x);

describe('parseCorpus', () => {
  it('reads weights, defaults to 1 and lower-cases words', () => {
    expect(corpus('40 Check it, please.\n\n  Show ME  \n2.5 ok')).toEqual([
      { weight: 40, words: ['check', 'it', ',', 'please', '.'] },
      { weight: 1, words: ['show', 'me'] },
      { weight: 2.5, words: ['ok'] },
    ]);
  });

  it('reports each bad line with FW060', () => {
    const r = parseCorpus('40\nfine line\n-3 negative\n0 zero weight\n1e99 x');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.every((d) => d.code === 'FW060')).toBe(true);
    const text = r.diagnostics.map((d) => d.message).join('\n');
    expect(text).toMatch(/line 1: weight 40 is not followed by a sentence/);
    expect(text).toMatch(/line 3: weights cannot be negative/);
    expect(text).toMatch(/line 4: weight 0 must be above 0/);
    expect(text).not.toMatch(/line 2/);
    expect(text).not.toMatch(/line 5/); // '1e99' is not a weight: it is a word
  });

  it('rejects empty and oversized corpora', () => {
    expect(parseCorpus('\n  \n').ok).toBe(false);
    expect(parseCorpus('a '.repeat(600_000)).ok).toBe(false);
  });
});

describe('first-order model (article numbers)', () => {
  it('after "my": photos 0.5, files 0.3, directories 0.2; other rows one-hot', () => {
    const m = unwrap(fitFirstOrder(corpus(COMMANDS)));
    expect(m.vocab).toEqual(['directories', 'files', 'me', 'my', 'photos', 'please', 'show']);
    expect(m.transition.shape).toEqual([7, 7]);
    const at = (w: string): number => m.vocab.indexOf(w);
    expect(row(m.transition, at('my'), m.vocab)).toEqual({ photos: f32(0.5), files: f32(0.3), directories: f32(0.2) });
    expect(row(m.transition, at('show'), m.vocab)).toEqual({ me: 1 });
    expect(row(m.transition, at('me'), m.vocab)).toEqual({ my: 1 });
    for (const w of ['directories', 'files', 'photos']) expect(row(m.transition, at(w), m.vocab)).toEqual({ please: 1 });
    expect(row(m.transition, at('please'), m.vocab)).toEqual({});
  });

  it('after "ran": down 0.4, please 0.6', () => {
    const m = unwrap(fitFirstOrder(corpus(BATTERY)));
    expect(row(m.transition, m.vocab.indexOf('ran'), m.vocab)).toEqual({ down: f32(0.4), please: f32(0.6) });
  });

  it('keeps a given vocabulary order and rejects one missing corpus words', () => {
    const vocab = ['show', 'me', 'my', 'photos', 'files', 'directories', 'please'];
    const m = unwrap(fitFirstOrder(corpus(COMMANDS), vocab));
    expect(m.vocab).toEqual(vocab);
    expect(row(m.transition, 2, vocab)).toEqual({ photos: f32(0.5), files: f32(0.3), directories: f32(0.2) });
    const r = fitFirstOrder(corpus(COMMANDS), ['show', 'me', 'my']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]?.message).toMatch(/missing from the vocabulary: "photos"/);
    expect(fitFirstOrder(corpus(COMMANDS), [...vocab, 'me']).ok).toBe(false);
  });
});

describe('second-order model (article numbers)', () => {
  it('"battery ran" → down 1.0, "program ran" → please 1.0; only one row still has fractions', () => {
    const m = unwrap(fitSecondOrder(corpus(BATTERY)));
    const n = m.vocab.length;
    expect(m.transition.shape).toEqual([n * n, n]);
    const pair = (a: string, b: string): number => m.vocab.indexOf(a) * n + m.vocab.indexOf(b);
    expect(row(m.transition, pair('battery', 'ran'), m.vocab)).toEqual({ down: 1 });
    expect(row(m.transition, pair('program', 'ran'), m.vocab)).toEqual({ please: 1 });
    expect(row(m.transition, pair('whether', 'the'), m.vocab)).toEqual({ battery: f32(0.4), program: f32(0.6) });
    let fractional = 0;
    for (let r = 0; r < n * n; r++) if (Object.values(row(m.transition, r, m.vocab)).some((v) => v !== 1)) fractional++;
    expect(fractional).toBe(1);
  });

  it('refuses vocabularies whose N³ is too large', () => {
    const words = Array.from({ length: 300 }, (_, i) => `w${i}`);
    const r = fitSecondOrder([{ weight: 1, words }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]?.code).toBe('FW034');
  });
});

describe('second-order with skips (article numbers)', () => {
  const m = unwrap(fitSkipVotes(corpus(SKIPS)));
  const n = m.vocab.length;
  const program = toWords('Check the program log and find out whether it ran');
  const battery = toWords('Check the battery log and find out whether it ran');
  const totals = (words: string[], mask?: Parameters<typeof skipVotesFor>[3]): Record<string, number> =>
    row(unwrap(skipVotesFor(words, m.votes, m.vocab, mask)), 0, m.vocab);

  it('shared features vote 0.5/0.5', () => {
    expect(m.votes.shape).toEqual([n * n, n]);
    const at = (a: string, b: string): number => m.vocab.indexOf(a) * n + m.vocab.indexOf(b);
    expect(row(m.votes, at('check', 'ran'), m.vocab)).toEqual({ down: 0.5, please: 0.5 });
    expect(row(m.votes, at('battery', 'ran'), m.vocab)).toEqual({ down: 1 });
  });

  it('program sentence: down 4, please 5; battery sentence: down 5, please 4', () => {
    expect(totals(program)).toEqual({ down: 4, please: 5 });
    expect(totals(battery)).toEqual({ down: 5, please: 4 });
  });

  it('masked to (battery, ran) and (program, ran): 1/0 and 0/1', () => {
    const keep = { keep: [['battery', 'ran'], ['program', 'ran']] as const };
    expect(totals(battery, keep)).toEqual({ down: 1 });
    expect(totals(program, keep)).toEqual({ please: 1 });
    const weights = new Float32Array(n * n);
    weights[m.vocab.indexOf('program') * n + m.vocab.indexOf('ran')] = 1;
    expect(totals(program, { weights })).toEqual({ please: 1 });
    expect(totals(battery, { weights })).toEqual({});
  });

  it('rejects words outside the vocabulary and mismatched shapes', () => {
    const r1 = skipVotesFor(['check', 'zebra'], m.votes, m.vocab);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.diagnostics[0]?.code).toBe('FW060');
    const r2 = skipVotesFor(['check'], m.votes, m.vocab.slice(1));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.diagnostics[0]?.code).toBe('FW030');
    expect(skipVotesFor([], m.votes, m.vocab).ok).toBe(false);
    expect(skipVotesFor(program, m.votes, m.vocab, { weights: [1] }).ok).toBe(false);
  });
});
