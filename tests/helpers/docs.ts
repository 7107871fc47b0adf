/**
 * Small documents for tests, built as plain objects so a test can break exactly one thing.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';

type Json = Record<string, unknown>;

/** tokens → onehot → dense → softmax → probs: valid, small, word-tokenized. */
export function smallDocument(): GraphDocument & Json {
  return {
    format: 'formwork.graph',
    version: 1,
    meta: { title: 'small' },
    seed: 0,
    nodes: [
      { id: 'tokens', block: 'TokenInput', params: { tokenizer: { kind: 'word', vocab: ['a', 'b', 'c'] } } },
      { id: 'onehot', block: 'OneHot', params: { depth: 3 } },
      { id: 'dense', block: 'Linear', params: { out_features: 4 } },
      { id: 'softmax', block: 'Softmax' },
      { id: 'probs', block: 'Output' },
    ],
    edges: [
      edge('tokens', 'ids', 'onehot', 'ids'),
      edge('onehot', 'onehot', 'dense', 'x'),
      edge('dense', 'y', 'softmax', 'x'),
      edge('softmax', 'probs', 'probs', 'x'),
    ],
  };
}

export function edge(fromNode: string, fromPort: string, toNode: string, toPort: string) {
  return { from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } };
}

/** A deep copy to mutate. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A two-layer decoder stack as a repeated subgraph: tokens → embed → pos → layers ×2 → norm → probs. */
export function stackDocument(seed = 0): GraphDocument & Json {
  return {
    format: 'formwork.graph',
    version: 1,
    seed,
    nodes: [
      { id: 'tokens', block: 'TokenInput', params: { tokenizer: { kind: 'char', vocab: ['a', 'b', 'c', 'd', ' '] } } },
      { id: 'embed', block: 'Embedding', params: { vocab_size: 5, d_model: 8 } },
      { id: 'pos', block: 'PositionalEncoding' },
      { id: 'layers', subgraph: 'layer', repeat: 2 },
      { id: 'probs', block: 'Output' },
    ],
    edges: [
      edge('tokens', 'ids', 'embed', 'ids'),
      edge('embed', 'embedded', 'pos', 'x'),
      edge('pos', 'y', 'layers', 'x'),
      edge('layers', 'x', 'probs', 'x'),
    ],
    subgraphs: {
      layer: {
        nodes: [
          { id: 'x', block: 'SubgraphInput' },
          { id: 'attn', block: 'MultiHeadAttention', params: { heads: 2 } },
          { id: 'skip', block: 'Add' },
          { id: 'norm', block: 'LayerNorm' },
          { id: 'x_out', block: 'SubgraphOutput', params: { name: 'x' } },
        ],
        edges: [edge('x', 'out', 'attn', 'x'), edge('attn', 'y', 'skip', 'a'), edge('x', 'out', 'skip', 'b'), edge('skip', 'sum', 'norm', 'x'), edge('norm', 'y', 'x_out', 'in')],
      },
    },
  };
}
