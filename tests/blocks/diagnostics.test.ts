/**
 * Block rules that reject a graph with a coded diagnostic naming the node, never an exception.
 */
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, edge, graph, node } from './helpers.ts';

describe('block diagnostics', () => {
  it('heads not dividing d_model: FW032 on the node and the heads param, with a hint', () => {
    const doc = graph(
      [
        node('text', 'TokenInput'),
        node('embed', 'Embedding', { vocab_size: 95, d_model: 30 }),
        node('attn', 'MultiHeadAttention', { heads: 4 }),
        node('y', 'Output'),
      ],
      [edge('text', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'attn', 'x'), edge('attn', 'y', 'y', 'x')],
    );
    const [d, ...rest] = diagnosticsOf(doc);
    expect(rest).toEqual([]);
    expect(d!.code).toBe('FW032');
    expect(d!.node).toBe('attn');
    expect(d!.param).toBe('heads');
    expect(d!.message).toContain('d_model 30 is not divisible by heads 4');
    expect(d!.hint).toMatch(/heads/);
  });

  it('names the full path of an attention node inside a repeated subgraph', () => {
    const doc = graph(
      [node('text', 'TokenInput'), node('embed', 'Embedding', { vocab_size: 95, d_model: 30 }), { id: 'layers', subgraph: 'layer' }, node('y', 'Output')],
      [edge('text', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'layers', 'x'), edge('layers', 'out', 'y', 'x')],
      {
        subgraphs: {
          layer: {
            nodes: [node('x', 'SubgraphInput'), node('attn', 'CrossAttention', { heads: 7 }), node('out', 'SubgraphOutput')],
            edges: [edge('x', 'out', 'attn', 'x'), edge('x', 'out', 'attn', 'memory'), edge('attn', 'y', 'out', 'in')],
          },
        },
      },
    );
    const d = diagnosticsOf(doc).find((x) => x.code === 'FW032');
    expect(d?.node).toBe('layers.0.attn');
    expect(d?.message).toContain('d_model 30 is not divisible by heads 7');
  });

  it('a float tensor into OneHot: FW031 on the ids port', () => {
    const doc = graph(
      [node('x', 'TestTensor', { dtype: 'float32', shape: 'B,T' }), node('hot', 'OneHot', { depth: 5 }), node('y', 'Output')],
      [edge('x', 'out', 'hot', 'ids'), edge('hot', 'onehot', 'y', 'x')],
    );
    const [d] = diagnosticsOf(doc);
    expect(d!.code).toBe('FW031');
    expect(d!.node).toBe('hot');
    expect(d!.port).toBe('ids');
  });

  it('tie_to a missing node: FW042 on the tie_to param', () => {
    const doc = graph(
      [
        node('text', 'TokenInput'),
        node('embed', 'Embedding', { vocab_size: 95, d_model: 8 }),
        node('unembed', 'DeEmbedding', { vocab_size: 95, tie_to: 'embedding_that_is_not_there' }),
        node('y', 'Output'),
      ],
      [edge('text', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'unembed', 'x'), edge('unembed', 'logits', 'y', 'x')],
    );
    const [d] = diagnosticsOf(doc);
    expect(d!.code).toBe('FW042');
    expect(d!.node).toBe('unembed');
    expect(d!.param).toBe('tie_to');
    expect(d!.message).toContain('embedding_that_is_not_there');
  });

  it('tie_to an embedding of another size: FW041', () => {
    const doc = graph(
      [
        node('text', 'TokenInput'),
        node('embed', 'Embedding', { vocab_size: 95, d_model: 8 }),
        node('unembed', 'DeEmbedding', { vocab_size: 50, tie_to: 'embed' }),
        node('y', 'Output'),
      ],
      [edge('text', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'unembed', 'x'), edge('unembed', 'logits', 'y', 'x')],
    );
    expect(diagnosticsOf(doc)[0]!.code).toBe('FW041');
  });

  it('sinusoidal encoding of an odd width: FW032', () => {
    const doc = graph(
      [node('x', 'TestTensor', { shape: 'B,T,5' }), node('pos', 'PositionalEncoding'), node('y', 'Output')],
      [edge('x', 'out', 'pos', 'x'), edge('pos', 'y', 'y', 'x')],
    );
    const [d] = diagnosticsOf(doc);
    expect(d!.code).toBe('FW032');
    expect(d!.node).toBe('pos');
    expect(d!.message).toContain('even');
  });

  it('a fixed sequence longer than max_len: FW032 before running', () => {
    const doc = graph(
      [node('x', 'TestTensor', { shape: '1,10,4' }), node('pos', 'PositionalEncoding', { max_len: 8 }), node('y', 'Output')],
      [edge('x', 'out', 'pos', 'x'), edge('pos', 'y', 'y', 'x')],
    );
    expect(diagnosticsOf(doc)[0]!.param).toBe('max_len');
  });

  it('an audio window that is not a power of two: FW032 on window', () => {
    const doc = graph([node('audio', 'AudioFrames', { window: 400 }), node('y', 'Output')], [edge('audio', 'frames', 'y', 'x')]);
    const [d] = diagnosticsOf(doc);
    expect(d!.code).toBe('FW032');
    expect(d!.param).toBe('window');
  });

  it('MatMul with mismatched inner dimensions: FW030', () => {
    const doc = graph(
      [node('a', 'TestTensor', { shape: 'B,2,3' }), node('b', 'TestTensor', { shape: 'B,4,2' }), node('mm', 'MatMul'), node('y', 'Output')],
      [edge('a', 'out', 'mm', 'a'), edge('b', 'out', 'mm', 'b'), edge('mm', 'product', 'y', 'x')],
    );
    const [d] = diagnosticsOf(doc);
    expect(d!.code).toBe('FW030');
    expect(d!.port).toBe('b');
  });
});
