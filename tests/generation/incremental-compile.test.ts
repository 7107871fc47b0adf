/**
 * Compiling a decoding plan: what it declares (cache and position inputs/outputs with their roles),
 * which graphs it refuses with coded diagnostics instead of throwing, and how run inputs are checked.
 */
import { describe, expect, it } from 'vitest';
import { defineBlock } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS, standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { createCatalogue } from '../../graph-schema/catalogue.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import { float32, int64, zeros } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { POSITION_INPUT } from '../../engine/compile/plan.ts';
import { createSession } from '../../engine/run/session.ts';
import { clone, edge, stackDocument } from '../helpers/docs.ts';
import { exampleBoth, loadExample, unwrap } from './helpers.ts';

function compileIncremental(doc: unknown) {
  return compile(unwrap(validateDocument(doc)), standardCatalogue(), { incremental: true });
}

describe('decoding plan', () => {
  it('tiny-gpt declares a past/present pair per attention cache and one position input', () => {
    const { plan } = exampleBoth('tiny-gpt').cached;
    expect(plan.incremental).toBe(true);
    const roles = plan.inputs.map((io) => [io.name, io.role ?? 'model', io.shape.join(',')]);
    expect(roles).toEqual([
      ['text', 'model', 'B,T'],
      [POSITION_INPUT, 'position', '1'],
      ['layers.0.attn.k.past', 'cache', 'B,4,P,8'],
      ['layers.0.attn.v.past', 'cache', 'B,4,P,8'],
      ['layers.1.attn.k.past', 'cache', 'B,4,P,8'],
      ['layers.1.attn.v.past', 'cache', 'B,4,P,8'],
    ]);
    const caches = plan.outputs.filter((io) => io.role === 'cache');
    expect(caches.map((io) => [io.name, io.carriedTo, io.shape.join(',')])).toContainEqual(['layers.1.attn.v.present', 'layers.1.attn.v.past', 'B,4,P+T,8']);
    expect(caches).toHaveLength(4);
    expect(plan.outputs.filter((io) => io.role === undefined).map((io) => io.name)).toEqual(['probs']);
  });

  it('the encoder-decoder caches only the causal decoder self-attention; encoder and cross-attention lower as usual', () => {
    const { plan } = exampleBoth('encoder-decoder').cached;
    expect(plan.inputs.filter((io) => io.role === 'cache').map((io) => io.name)).toEqual(['decoder.0.self_attn.k.past', 'decoder.0.self_attn.v.past']);
  });

  it('a plain compile is unchanged: no roles, no flag', () => {
    const { plan } = exampleBoth('tiny-gpt').full;
    expect(plan.incremental).toBeUndefined();
    expect([...plan.inputs, ...plan.outputs].some((io) => io.role !== undefined)).toBe(false);
  });
});

describe('graphs a decoding plan cannot serve', () => {
  it('non-causal MultiHeadAttention on T → FW032 on its causal param (and a plain compile still works)', () => {
    const doc = clone(loadExample('tiny-gpt.formwork.json'));
    doc.subgraphs!.decoder_layer!.nodes.find((n) => n.id === 'attn')!.params = { heads: 4, causal: false };
    const result = compileIncremental(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.node, d.param])).toEqual([
      ['FW032', 'layers.0.attn', 'causal'],
      ['FW032', 'layers.1.attn', 'causal'],
    ]);
    expect(result.diagnostics[0]!.message).toMatch(/non-causal self-attention .* cannot be cached/);
    expect(result.diagnostics[0]!.hint).toMatch(/--no-cache/);
    expect(compile(unwrap(validateDocument(doc)), standardCatalogue()).ok).toBe(true);
  });

  it('non-causal AttentionHead on T → FW032', () => {
    const doc = {
      format: 'formwork.graph', version: 1, seed: 0,
      nodes: [
        { id: 'tokens', block: 'TokenInput', params: { tokenizer: { kind: 'char', vocab: ['a', 'b'] } } },
        { id: 'embed', block: 'Embedding', params: { vocab_size: 2, d_model: 8 } },
        { id: 'head', block: 'AttentionHead', params: { d_head: 4, causal: false } },
        { id: 'out', block: 'Output' },
      ],
      edges: [edge('tokens', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'head', 'x'), edge('head', 'y', 'out', 'x')],
    };
    const result = compileIncremental(doc);
    expect(result.ok ? [] : result.diagnostics.map((d) => [d.code, d.node, d.param])).toEqual([['FW032', 'head', 'causal']]);
    const causal = compileIncremental({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'head' ? { ...n, params: { d_head: 4, causal: true } } : n)) });
    expect(causal.ok).toBe(true);
  });

  describe('blocks that relate positions without the incremental context → FW032 naming the block (a tiny catalogue adds them)', () => {
    const tokensToX = (extra: object[], edges: object[]) => ({
      format: 'formwork.graph', version: 1, seed: 0,
      nodes: [
        { id: 'tokens', block: 'TokenInput', params: { tokenizer: { kind: 'char', vocab: ['a', 'b'] } } },
        { id: 'embed', block: 'Embedding', params: { vocab_size: 2, d_model: 4 } },
        ...extra,
        { id: 'out', block: 'Output' },
      ],
      edges: [edge('tokens', 'ids', 'embed', 'ids'), ...edges],
    });
    const vectors = [{ name: 'x', dtype: 'float32', shape: ['B', 'T', 'd'], doc: 'vectors' }] as const;
    const common = { version: 1, category: 'math', summary: 'test', doc: 'test', params: {} } as const;
    // x·xᵀ: scores [B, T, T] feeding the standard CausalMask.
    const gram = defineBlock({
      ...common, id: 'Gram', title: 'Gram', inputs: vectors,
      outputs: [{ name: 'scores', dtype: 'float32', shape: ['B', 'T', 'T'], doc: 'position × position' }],
      lower: (b, { inputs }) => ({ scores: b.op('MatMul', [inputs.x!, b.op('Transpose', [inputs.x!], { perm: [0, 2, 1] })], {}) }),
    });
    // x minus its mean over positions: position-shaped ports, but every output row reads every input row.
    const centre = defineBlock({
      ...common, id: 'CentreOverPositions', title: 'Centre', inputs: vectors, outputs: [{ ...vectors[0], name: 'y' }],
      lower: (b, { inputs }) => ({ y: b.op('Sub', [inputs.x!, b.op('ReduceMean', [inputs.x!], { axes: [1], keepdims: true })], {}) }),
    });
    // Position rows sliced from 0, ignoring the offset: right for a full run, wrong in a decoding plan.
    const rows = defineBlock({
      ...common, id: 'RowsFromZero', title: 'Rows', inputs: vectors, outputs: [{ ...vectors[0], name: 'y' }],
      weights: () => [{ name: 'table', shape: [16, 'd'], init: { kind: 'normal', std: 0.1 }, doc: 'rows' }],
      lower: (b, { inputs, weights }) => {
        const length = b.op('Shape', [inputs.x!], { start: 1, end: 2 }); // [1] = (T)
        const zero = b.constant({ dtype: 'int64', shape: [1], data: Int32Array.from([0]) });
        return { y: b.op('Add', [inputs.x!, b.op('Slice', [weights.table!, zero, length], { axes: [0] })], {}) };
      },
    });
    const catalogue = createCatalogue([...STANDARD_BLOCKS, gram, centre, rows]);
    const cases = [
      { label: 'Gram → CausalMask', nodes: ['gram', 'mask'], doc: tokensToX(
        [{ id: 'gram', block: 'Gram' }, { id: 'mask', block: 'CausalMask' }],
        [edge('embed', 'embedded', 'gram', 'x'), edge('gram', 'scores', 'mask', 'scores'), edge('mask', 'masked', 'out', 'x')]) },
      { label: 'a mean over positions', nodes: ['centre'], doc: tokensToX(
        [{ id: 'centre', block: 'CentreOverPositions' }], [edge('embed', 'embedded', 'centre', 'x'), edge('centre', 'y', 'out', 'x')]) },
      { label: 'positions that ignore the offset', nodes: ['rows'], doc: tokensToX(
        [{ id: 'rows', block: 'RowsFromZero' }], [edge('embed', 'embedded', 'rows', 'x'), edge('rows', 'y', 'out', 'x')]) },
    ];
    it.each(cases)('$label', ({ doc, nodes }) => {
      const valid = unwrap(validateDocument(doc));
      expect(compile(valid, catalogue).ok).toBe(true);
      const result = compile(valid, catalogue, { incremental: true });
      expect(result.ok ? [] : result.diagnostics.map((d) => [d.code, d.node])).toEqual(nodes.map((n) => ['FW032', n]));
      if (!result.ok) expect(result.diagnostics[0]!.message).toMatch(/relates positions to each other/);
    });
  });

  it('compiling never throws: a broken document still gives diagnostics under incremental', () => {
    const doc = clone(stackDocument()) as GraphDocument & { nodes: { id: string; params?: Record<string, unknown> }[] };
    doc.nodes.find((n) => n.id === 'embed')!.params = { vocab_size: 5, d_model: 7 };
    const result = compile(unwrap(validateDocument(doc)), standardCatalogue(), { incremental: true });
    expect(result.ok).toBe(false);
  });
});

describe('run inputs of a decoding plan', () => {
  const { plan } = exampleBoth('tiny-gpt').cached;
  const caches = (p: number, fill = 0) =>
    Object.fromEntries(plan.inputs.filter((io) => io.role === 'cache').map((io) => [io.name, float32([1, 4, p, 8], new Array(32 * p).fill(fill))]));

  it('accepts empty caches (P = 0) with position 0', () => {
    expect(createSession(plan, { text: int64([1, 2], [2, 3]), [POSITION_INPUT]: int64([1], [0]), ...caches(0) }).ok).toBe(true);
  });

  it('rejects a position that disagrees with the cache length, and an empty token input', () => {
    const wrong = createSession(plan, { text: int64([1, 1], [2]), [POSITION_INPUT]: int64([1], [2]), ...caches(3) });
    expect(wrong.ok ? [] : wrong.diagnostics.map((d) => [d.code, d.node])).toEqual([['FW051', POSITION_INPUT]]);
    const empty = createSession(plan, { text: zeros('int64', [1, 0]), [POSITION_INPUT]: int64([1], [0]), ...caches(0) });
    expect(empty.ok ? [] : empty.diagnostics.map((d) => d.code)).toEqual(['FW051']);
  });
});
