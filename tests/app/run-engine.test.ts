/**
 * The run worker's engine, headless: prepare → step → outputs; an edit re-prepares reusing the
 * previous session so only dirty blocks run; generation streams tokens (KV-cached for tiny-gpt).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { RunReply } from '../../app/run/protocol.ts';
import { RunEngine } from '../../app/run/run-engine.ts';

function example(name: string): GraphDocument {
  const parsed = parseDocument(readFileSync(new URL(`../../examples/${name}.formwork.json`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(name);
  return parsed.value;
}

function engine() {
  const replies: RunReply[] = [];
  const e = new RunEngine(standardCatalogue(), (r) => replies.push(r));
  return { e, replies, of: <T extends RunReply['type']>(type: T) => replies.filter((r): r is Extract<RunReply, { type: T }> => r.type === type) };
}

describe('RunEngine', () => {
  const doc = example('tiny-gpt');

  it('encodes the prompt, steps block by block in plan order and posts the outputs at the end', async () => {
    const { e, of } = engine();
    await e.handle({ type: 'prepare', seq: 1, doc, texts: { text: 'the cat' }, replay: 0 });
    const prepared = of('prepared')[0]!;
    expect(prepared.inputs[0]!.tokens.map((t) => t.text).join('')).toBe('the cat');
    expect(prepared.generation).toEqual({ input: 'text', output: 'probs' });
    await e.handle({ type: 'step', seq: 1 });
    expect(of('block').map((b) => b.record.node)).toEqual([prepared.blocks[0]!.node]);
    await e.handle({ type: 'run-all', seq: 1, backend: 'cpu' });
    expect(of('block').map((b) => b.record.node)).toEqual(prepared.blocks.map((b) => b.node));
    const attention = of('block').find((b) => b.record.node === 'layers.0.attn')!.record;
    expect(Object.keys(attention.intermediates)).toEqual(expect.arrayContaining(['q', 'k', 'v', 'scores', 'masked_scores', 'pattern']));
    expect(of('outputs')[0]!.outputs.probs!.shape).toEqual([1, 7, 64]);
  });

  it('reports an empty prompt and an unknown character as feed diagnostics', async () => {
    const { e, of } = engine();
    await e.handle({ type: 'prepare', seq: 1, doc, texts: { text: '' }, replay: 0 });
    expect(of('failed')[0]).toMatchObject({ stage: 'feeds' });
    expect(of('failed')[0]!.diagnostics[0]!.code).toMatch(/^FW\d+/);
  });

  it('after an edit, reuses every block upstream of the change', async () => {
    const { e, of } = engine();
    await e.handle({ type: 'prepare', seq: 1, doc, texts: { text: 'the cat' }, replay: 0 });
    await e.handle({ type: 'run-all', seq: 1, backend: 'cpu' });
    const total = of('prepared')[0]!.blocks.length;
    const edited: GraphDocument = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'unembed' ? { ...n, params: { ...n.params, bias: true } } : n)) };
    await e.handle({ type: 'prepare', seq: 2, doc: edited, texts: { text: 'the cat' }, replay: total });
    const idle = of('idle').at(-1)!;
    expect(idle.reused + idle.ran).toBe(total);
    expect(idle.reused).toBeGreaterThanOrEqual(total - 4);
    expect(idle.ran).toBeGreaterThan(0);
  });

  it('streams generated tokens with a KV cache', async () => {
    const { e, of } = engine();
    await e.handle({ type: 'prepare', seq: 1, doc, texts: { text: 'the' }, replay: 0 });
    await e.handle({ type: 'generate', seq: 1, settings: { temperature: 0, topK: 0, topP: 1, seed: 0, maxTokens: 5, stopToken: null } });
    expect(of('token')).toHaveLength(5);
    expect(of('generated')[0]).toMatchObject({ cached: true, note: null });
    for (const t of of('token')) expect(t.top[0]!.p).toBeGreaterThanOrEqual(t.probability - 1e-9);
  });

  it('ignores requests about an older document', async () => {
    const { e, replies } = engine();
    await e.handle({ type: 'prepare', seq: 2, doc, texts: { text: 'a' }, replay: 0 });
    const before = replies.length;
    await e.handle({ type: 'step', seq: 1 });
    expect(replies.length).toBe(before);
  });

  it('runs and generates with weights given instead of the document’s (a training checkpoint), even over explicit ones', async () => {
    const table = (value: number) => ({ dtype: 'float32' as const, shape: [64, 32], data: new Float32Array(64 * 32).map((_, i) => value * Math.sin(i)) });
    const probsWith = async (d: GraphDocument, weights: Map<string, ReturnType<typeof table>> | null) => {
      const { e, of } = engine();
      await e.handle({ type: 'prepare', seq: 1, doc: d, texts: { text: 'the' }, replay: 0, weights });
      await e.handle({ type: 'run-all', seq: 1, backend: 'cpu' });
      await e.handle({ type: 'generate', seq: 1, settings: { temperature: 0, topK: 0, topP: 1, seed: 0, maxTokens: 4, stopToken: null } });
      return { probs: Array.from(of('outputs')[0]!.outputs.probs!.data), tokens: of('token').map((t) => t.token.id) };
    };
    const plain = await probsWith(doc, null);
    const checkpoint = new Map([['embed.table', table(1)]]);
    const withCheckpoint = await probsWith(doc, checkpoint);
    expect(withCheckpoint.probs).not.toEqual(plain.probs);
    expect(withCheckpoint.tokens).not.toEqual(plain.tokens); // generation (KV-cached plan) uses them too
    const explicit = { ...doc, weights: { 'embed.table': { shape: [64, 32], data: Array.from(table(2).data) } } };
    expect((await probsWith(explicit, null)).probs).not.toEqual(withCheckpoint.probs);
    expect(await probsWith(explicit, checkpoint)).toEqual(withCheckpoint);
  });
});
