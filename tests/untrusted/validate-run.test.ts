/**
 * Issue 13, class 3: whatever `run` rejects for every input, `validate` reports first — and `run`
 * rejects it too instead of computing a wrong answer.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSafetensors } from '../../engine/io/safetensors.ts';
import { cli, example, NO_STACK, scratch, writeGraph, type Doc } from './helpers.ts';

/** validate exits 1 with `code`; run (with an input that fits) exits 1 with the same code. */
async function rejectedByBoth(doc: Doc, code: string, runArgs: string[], pattern: RegExp, files: Record<string, Uint8Array> = {}) {
  const dir = scratch();
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const file = writeGraph(dir, doc);
  const validated = await cli(['validate', file, '--json']);
  expect(validated.code, validated.stderr).toBe(1);
  const diagnostics = (JSON.parse(validated.stdout) as { diagnostics: Array<{ code: string; message: string }> }).diagnostics;
  expect(diagnostics.find((d) => d.code === code && pattern.test(d.message)), JSON.stringify(diagnostics)).toBeDefined();
  const ran = await cli(['run', file, ...runArgs]);
  expect(ran.code).toBe(1);
  expect(ran.stderr).toContain(code);
  expect(ran.stderr).not.toMatch(NO_STACK);
}

const tokenizer = (doc: Doc, node = 'words') => doc.nodes.find((n) => n.id === node)!.params!.tokenizer as { vocab: string[]; merges?: string[][] };

describe('validate reports what run would reject', () => {
  it('a weight in the document with the wrong shape (FW041)', async () => {
    const doc = example('tour-01-one-hot-lookup');
    doc.weights!['lookup.W'] = { shape: [2, 2], data: [1, 2, 3, 4] };
    await rejectedByBoth(doc, 'FW041', ['--text', 'show me'], /lookup\.W.*\[2, 2\]/);
  });

  it('a weight in the weights file with the wrong shape (FW041), read from the header only', async () => {
    const doc = { ...example('tour-09-embeddings'), weights: undefined, weightsFile: 'w.safetensors' }; // no inline weights to shadow the file
    const file = writeSafetensors(new Map([['embed.table', { dtype: 'float32' as const, shape: [3, 3], data: new Float32Array(9) }]]));
    await rejectedByBoth(doc, 'FW041', ['--text', 'the battery'], /embed\.table.*weights file/, { 'w.safetensors': file });
  });

  it('a graph without an input block (FW050)', async () => {
    await rejectedByBoth({ format: 'formwork.graph', version: 1, nodes: [], edges: [] }, 'FW050', ['--ids', '1'], /no input/);
  });

  it('tokenizers run would refuse (FW060): duplicates, empty entries, missing BPE bytes, multi-character char tokens', async () => {
    const dup = example('tour-09-embeddings');
    tokenizer(dup).vocab.push('the');
    await rejectedByBoth(dup, 'FW060', ['--text', 'the'], /duplicate/);
    const empty = example('tour-09-embeddings');
    tokenizer(empty).vocab.splice(3, 0, '');
    await rejectedByBoth(empty, 'FW060', ['--text', 'the'], /empty/);
    const bpe = example('tour-19-bpe');
    tokenizer(bpe, 'source').vocab.splice(0, 1, 'zz');
    await rejectedByBoth(bpe, 'FW060', ['--text', 'the'], /lacks 1 of the 256 byte tokens/);
    const chars = example('tiny-gpt');
    tokenizer(chars, 'text').vocab[5] = 'ab';
    await rejectedByBoth(chars, 'FW060', ['--text', 'hello'], /single characters/);
  });

  it('a tokenizer larger than the one-hot depth (was: exit 0 with an all-zero row) or the embedding (FW032)', async () => {
    const onehot = example('tour-01-one-hot-lookup');
    tokenizer(onehot).vocab.push('extra');
    await rejectedByBoth(onehot, 'FW032', ['--text', 'extra'], /8 tokens.*depth = 7/);
    const embedding = example('tour-09-embeddings');
    tokenizer(embedding).vocab.push('extra', 'more');
    await rejectedByBoth(embedding, 'FW032', ['--text', 'the'], /15 tokens.*vocab_size = 13/);
  });

  it('a token input inside a subgraph (FW019)', async () => {
    const doc = example('tiny-gpt');
    doc.subgraphs!.decoder_layer!.nodes.push({ id: 'stray', block: 'TokenInput' });
    await rejectedByBoth(doc, 'FW019', ['--text', 'hi'], /inside subgraph 'decoder_layer'/);
  });

  it('warns when a token input context is longer than a positional table (and run names max_len)', async () => {
    const doc = example('tiny-gpt');
    doc.nodes.find((n) => n.id === 'text')!.params!.context = 100;
    const file = writeGraph(scratch(), doc);
    const validated = await cli(['validate', file]);
    expect(validated.code).toBe(0);
    expect(validated.stderr).toMatch(/FW032 warning node 'pos' param 'max_len': .*context of 100, longer than max_len = 64/);
    const ran = await cli(['run', file, '--text', 'x'.repeat(70)]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^FW051 error node 'pos' param 'max_len': the sequence has 70 positions, but 'pos' covers at most max_len = 64/);
  });
});
