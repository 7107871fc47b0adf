/**
 * diffDocuments on small hand-made documents: every kind of change is reported once, in the
 * subgraph-qualified spelling, and identical documents give an empty diff.
 */
import { describe, expect, it } from 'vitest';
import { diffDocuments, isEmptyDiff } from '../../graph-schema/diff.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { edge, graph, node } from '../blocks/helpers.ts';

function base(): GraphDocument {
  return graph(
    [
      node('words', 'TokenInput', { tokenizer: { kind: 'word', vocab: ['a', 'b'], lowercase: true }, context: 8 }),
      node('embed', 'Embedding', { vocab_size: 2, d_model: 4 }),
      { id: 'layers', subgraph: 'layer', repeat: 2 },
      node('probs', 'Output'),
    ],
    [edge('words', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'layers', 'x'), edge('layers', 'x', 'probs', 'x')],
    {
      subgraphs: {
        layer: {
          nodes: [node('x', 'SubgraphInput'), node('norm', 'LayerNorm'), node('x_out', 'SubgraphOutput', { name: 'x' })],
          edges: [edge('x', 'out', 'norm', 'x'), edge('norm', 'y', 'x_out', 'in')],
        },
      },
      weights: { 'embed.table': { shape: [2, 4], data: [0, 1, 2, 3, 4, 5, 6, 7] } },
    },
  );
}

describe('diffDocuments', () => {
  it('finds nothing between a document and a copy of it (param key order does not matter)', () => {
    const copy = structuredClone(base());
    copy.nodes[0] = { ...copy.nodes[0]!, params: { context: 8, tokenizer: { lowercase: true, vocab: ['a', 'b'], kind: 'word' } } };
    const d = diffDocuments(base(), copy);
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.changedParams).toEqual([]);
  });

  it('reports added and removed nodes and the edges that came and went with them', () => {
    const b = base();
    b.nodes.push(node('pos', 'PositionalEncoding'));
    b.edges = [edge('words', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'pos', 'x'), edge('pos', 'y', 'layers', 'x'), edge('layers', 'x', 'probs', 'x')];
    const d = diffDocuments(base(), b);
    expect(d.added).toEqual(['pos']);
    expect(d.removed).toEqual([]);
    expect(d.addedEdges).toEqual([
      { from: { node: 'embed', port: 'embedded' }, to: { node: 'pos', port: 'x' } },
      { from: { node: 'pos', port: 'y' }, to: { node: 'layers', port: 'x' } },
    ]);
    expect(d.removedEdges).toEqual([{ from: { node: 'embed', port: 'embedded' }, to: { node: 'layers', port: 'x' } }]);
    expect(diffDocuments(b, base()).removed).toEqual(['pos']);
  });

  it('reports changed, added and removed params, and repeat, with from and to', () => {
    const b = base();
    b.nodes[1] = node('embed', 'Embedding', { vocab_size: 3 });
    b.nodes[2] = { id: 'layers', subgraph: 'layer', repeat: 4 };
    b.nodes[0] = { ...b.nodes[0]!, params: { ...b.nodes[0]!.params, tokenizer: { kind: 'word', vocab: ['a', 'b', 'c'], lowercase: true } } };
    expect(diffDocuments(base(), b).changedParams).toEqual([
      { node: 'embed', param: 'd_model', from: 4, to: undefined },
      { node: 'embed', param: 'vocab_size', from: 2, to: 3 },
      { node: 'layers', param: 'repeat', from: 2, to: 4 },
      { node: 'words', param: 'tokenizer', from: { kind: 'word', vocab: ['a', 'b'], lowercase: true }, to: { kind: 'word', vocab: ['a', 'b', 'c'], lowercase: true } },
    ]);
  });

  it('treats a node that changed its block as removed and added', () => {
    const b = base();
    b.nodes[1] = node('embed', 'OneHot', { depth: 2 });
    const d = diffDocuments(base(), b);
    expect([d.added, d.removed, d.changedParams]).toEqual([['embed'], ['embed'], []]);
  });

  it('looks inside subgraphs and names their nodes subgraph/node', () => {
    const b = base();
    const layer = b.subgraphs!.layer!;
    layer.nodes = [layer.nodes[0]!, node('attn', 'MultiHeadAttention', { heads: 2 }), node('norm', 'LayerNorm', { eps: 0.001 }), layer.nodes[2]!];
    layer.edges = [edge('x', 'out', 'attn', 'x'), edge('attn', 'y', 'norm', 'x'), edge('norm', 'y', 'x_out', 'in')];
    const d = diffDocuments(base(), b);
    expect(d.added).toEqual(['layer/attn']);
    expect(d.changedParams).toEqual([{ node: 'layer/norm', param: 'eps', from: undefined, to: 0.001 }]);
    expect(d.addedEdges.map((e) => `${e.from.node}→${e.to.node}`)).toEqual(['layer/attn→layer/norm', 'layer/x→layer/attn']);
    expect(d.removedEdges.map((e) => `${e.from.node}→${e.to.node}`)).toEqual(['layer/x→layer/norm']);
  });

  it('lists subgraphs that appear or disappear, with their nodes', () => {
    const b = base();
    b.subgraphs = { block: b.subgraphs!.layer! };
    b.nodes[2] = { id: 'layers', subgraph: 'block', repeat: 2 };
    const d = diffDocuments(base(), b);
    expect([d.addedSubgraphs, d.removedSubgraphs]).toEqual([['block'], ['layer']]);
    expect(d.added).toEqual(['block/norm', 'block/x', 'block/x_out', 'layers']);
    expect(d.removed).toEqual(['layer/norm', 'layer/x', 'layer/x_out', 'layers']);
  });

  it('notices weights that were added, removed, reshaped or changed', () => {
    const b = base();
    b.weights = { 'embed.table': { shape: [2, 4], data: [0, 1, 2, 3, 4, 5, 6, 8] }, 'new.W': { shape: [1], data: [1] } };
    expect(diffDocuments(base(), b).changedWeights).toEqual(['embed.table', 'new.W']);
    b.weights = { 'embed.table': { shape: [4, 2], data: [0, 1, 2, 3, 4, 5, 6, 7] } };
    expect(diffDocuments(base(), b).changedWeights).toEqual(['embed.table']);
    expect(diffDocuments(base(), { ...base(), weights: undefined }).changedWeights).toEqual(['embed.table']);
  });
});

describe('diffDocuments: renames', () => {
  it('reports a node that changed only its id as renamed, with the edges that followed it left out', () => {
    const b = base();
    b.nodes[1] = { ...b.nodes[1]!, id: 'emb' };
    b.edges = [edge('words', 'ids', 'emb', 'ids'), edge('emb', 'embedded', 'layers', 'x'), edge('layers', 'x', 'probs', 'x')];
    const d = diffDocuments(base(), b);
    expect(d.renamed).toEqual([{ from: 'embed', to: 'emb' }]);
    expect([d.added, d.removed, d.addedEdges, d.removedEdges, d.changedParams]).toEqual([[], [], [], [], []]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('renames inside subgraphs too, and still reports a real rewiring', () => {
    const b = base();
    const layer = b.subgraphs!.layer!;
    layer.nodes = [layer.nodes[0]!, node('ln', 'LayerNorm'), layer.nodes[2]!];
    layer.edges = [edge('x', 'out', 'x_out', 'in'), edge('ln', 'y', 'x_out', 'in')];
    const d = diffDocuments(base(), b);
    expect(d.renamed).toEqual([{ from: 'layer/norm', to: 'layer/ln' }]);
    expect(d.addedEdges.map((e) => `${e.from.node}→${e.to.node}`)).toEqual(['layer/x→layer/x_out']);
    expect(d.removedEdges.map((e) => `${e.from.node}→${e.to.node}`)).toEqual(['layer/x→layer/norm']);
  });

  it('does not take a node that was replaced and rewired, or an ambiguous pair, for a rename', () => {
    const b = base();
    b.nodes[3] = node('out', 'Output');
    b.edges = [edge('words', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'layers', 'x'), edge('embed', 'embedded', 'out', 'x')];
    const d = diffDocuments(base(), b);
    expect([d.renamed, d.added, d.removed]).toEqual([[], ['out'], ['probs']]);
    const c = base();
    c.nodes.push(node('o1', 'Output'), node('o2', 'Output'));
    const e = base();
    e.nodes.push(node('o3', 'Output'));
    expect(diffDocuments(c, e).renamed).toEqual([]);
  });
});
