/**
 * A GPT-shaped Formwork document of any size, generated in code for benchmarks: word tokens → embedding →
 * sinusoidal positions → N post-norm decoder layers (causal multi-head attention and a GELU feed-forward of
 * width 4·d_model, each in a skip connection followed by layer norm) → tied de-embedding → softmax.
 */
import { CURRENT_VERSION, FORMAT, type GraphDocument } from '../graph-schema/document.ts';

/** Sizes of {@link gptDocument}. */
export interface GptSize {
  readonly vocab: number;
  readonly dModel: number;
  readonly layers: number;
  readonly heads: number;
  /** Longest sequence (positional table length and the token input's context). */
  readonly context: number;
}

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });

/** The document; weights come from the seeded initialisation. */
export function gptDocument(size: GptSize, seed = 0): GraphDocument {
  const { vocab, dModel, layers, heads, context } = size;
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: { title: `GPT d_model ${dModel}, ${layers} layers, ${heads} heads, vocab ${vocab}` },
    seed,
    nodes: [
      { id: 'text', block: 'TokenInput', params: { tokenizer: { kind: 'word', vocab: Array.from({ length: vocab }, (_, i) => `t${i}`) }, context } },
      { id: 'embed', block: 'Embedding', params: { vocab_size: vocab, d_model: dModel } },
      { id: 'pos', block: 'PositionalEncoding', params: { kind: 'sinusoidal', max_len: context } },
      { id: 'layers', subgraph: 'decoder_layer', repeat: layers },
      { id: 'unembed', block: 'DeEmbedding', params: { vocab_size: vocab, tie_to: 'embed' } },
      { id: 'softmax', block: 'Softmax' },
      { id: 'probs', block: 'Output' },
    ],
    edges: [
      edge('text', 'ids', 'embed', 'ids'),
      edge('embed', 'embedded', 'pos', 'x'),
      edge('pos', 'y', 'layers', 'x'),
      edge('layers', 'x', 'unembed', 'x'),
      edge('unembed', 'logits', 'softmax', 'x'),
      edge('softmax', 'probs', 'probs', 'x'),
    ],
    subgraphs: {
      decoder_layer: {
        nodes: [
          { id: 'x', block: 'SubgraphInput' },
          { id: 'attn', block: 'MultiHeadAttention', params: { heads, causal: true } },
          { id: 'attn_skip', block: 'Add' },
          { id: 'attn_norm', block: 'LayerNorm' },
          { id: 'ff', block: 'FeedForward', params: { d_ff: 4 * dModel, activation: 'gelu' } },
          { id: 'ff_skip', block: 'Add' },
          { id: 'ff_norm', block: 'LayerNorm' },
          { id: 'x_out', block: 'SubgraphOutput', params: { name: 'x' } },
        ],
        edges: [
          edge('x', 'out', 'attn', 'x'),
          edge('attn', 'y', 'attn_skip', 'a'),
          edge('x', 'out', 'attn_skip', 'b'),
          edge('attn_skip', 'sum', 'attn_norm', 'x'),
          edge('attn_norm', 'y', 'ff', 'x'),
          edge('ff', 'y', 'ff_skip', 'a'),
          edge('attn_norm', 'y', 'ff_skip', 'b'),
          edge('ff_skip', 'sum', 'ff_norm', 'x'),
          edge('ff_norm', 'y', 'x_out', 'in'),
        ],
      },
    },
  };
}
