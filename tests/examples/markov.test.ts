/**
 * The first-order Markov example reproduces the article's transition numbers exactly.
 */
import { describe, expect, it } from 'vitest';
import { int64 } from '../../graph-schema/tensor.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { createSession } from '../../engine/run/session.ts';
import { compileExample, loadExample, rows, unwrap } from './helpers.ts';

const FILE = 'markov-first-order.formwork.json';

describe('markov-first-order example', () => {
  const doc = loadExample(FILE);
  const spec = doc.nodes.find((n) => n.id === 'words')!.params!.tokenizer as TokenizerSpec;
  const id = (word: string) => spec.vocab.indexOf(word);
  const compiled = compileExample(FILE);

  /** The next-word row after each word of `words`, by word. */
  function nextWord(words: string[]): Array<Record<string, number>> {
    const session = unwrap(createSession(compiled.plan, { words: int64([1, words.length], words.map(id)) }));
    const probs = unwrap(session.run()).next_word!;
    return rows(probs).map((row) => Object.fromEntries(row.map((p, i) => [spec.vocab[i]!, p] as const).filter(([, p]) => p !== 0)));
  }

  it('uses the article\'s seven-word vocabulary, sorted', () => {
    expect(spec.vocab).toEqual(['directories', 'files', 'me', 'my', 'photos', 'please', 'show']);
  });

  it('after "my": photos 0.5, files 0.3, directories 0.2', () => {
    const [afterMy] = nextWord(['my']);
    expect(afterMy).toEqual({ photos: 0.5, files: Math.fround(0.3), directories: Math.fround(0.2) });
  });

  it('every other word has exactly one successor', () => {
    const words = ['show', 'me', 'directories', 'files', 'photos'];
    expect(nextWord(words)).toEqual([{ me: 1 }, { my: 1 }, { please: 1 }, { please: 1 }, { please: 1 }]);
  });

  it('every row of the transition matrix is a distribution', () => {
    for (const row of nextWord(spec.vocab)) expect(Object.values(row).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('greedy completion from "show" reads the likeliest command', () => {
    const words = ['show'];
    for (let i = 0; i < 4; i++) {
      const last = nextWord(words).at(-1)!;
      words.push(Object.entries(last).sort((a, b) => b[1] - a[1])[0]![0]);
    }
    expect(words.join(' ')).toBe('show me my photos please');
  });
});
