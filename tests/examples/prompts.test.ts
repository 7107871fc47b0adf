/**
 * Every template carries a sample prompt per text input (meta.prompts) that its own tokenizer encodes, so
 * the editor's prompt box starts with something that runs.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../graph-schema/parse.ts';
import { tokenizersOf } from '../../engine/run/text-feeds.ts';
import { compileExample, exampleFiles, loadExample, unwrap } from './helpers.ts';

describe.each(exampleFiles())('%s', (file) => {
  it('has a sample prompt for each text input, which its tokenizer encodes', () => {
    const { plan, analysis } = compileExample(file);
    const tokenizers = unwrap(tokenizersOf(plan, analysis));
    const prompts = loadExample(file).meta?.prompts ?? {};
    expect(Object.keys(prompts).sort()).toEqual([...tokenizers.keys()].sort());
    for (const [input, tokenizer] of tokenizers) expect(unwrap(tokenizer.encode(prompts[input]!)).length, input).toBeGreaterThan(0);
  });
});

describe('meta.prompts', () => {
  it('rejects a non-string prompt and an input name that is not an identifier', () => {
    const doc = (prompts: unknown) => JSON.stringify({ format: 'formwork.graph', version: 1, meta: { prompts }, nodes: [], edges: [] });
    expect(parseDocument(doc({ words: 'hi', toString: 'ok' })).ok).toBe(true);
    expect(parseDocument(doc({ words: 3 })).ok).toBe(false);
    expect(parseDocument(doc({ 'not an id': 'hi' })).ok).toBe(false);
  });
});
