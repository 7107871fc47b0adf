import { defineBlock } from '../block.ts';
import { dense } from '../ops.ts';

export const DeEmbedding = defineBlock({
  id: 'DeEmbedding',
  version: 1,
  title: 'De-embedding',
  category: 'output',
  summary: 'Projects each d_model vector back onto the vocabulary: one score per token.',
  doc:
    'The way back from the model\'s compact space to words: a matrix multiplication giving every vocabulary entry a ' +
    'score (logit) at every position. A softmax afterwards turns the scores into next-token probabilities. Naming an ' +
    'Embedding node in tie_to reuses that embedding table, transposed, instead of learning a separate matrix, which ' +
    'saves vocab_size × d_model parameters and often trains better.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'token vectors' }],
  outputs: [{ name: 'logits', dtype: 'float32', shape: ['B', 'T', 'vocab_size'], doc: 'one score per vocabulary entry' }],
  params: {
    vocab_size: { kind: 'int', default: 64, min: 1, max: 1 << 20, help: 'number of vocabulary entries to score' },
    bias: { kind: 'bool', default: false, help: 'add a learned bias per vocabulary entry' },
    tie_to: { kind: 'string', default: '', maxLength: 64, help: 'id of an Embedding node whose table to reuse (empty: own weight)' },
  },
  weights: (p) => [
    {
      name: 'W',
      shape: ['d_model', 'vocab_size'],
      init: { kind: 'xavier' },
      doc: 'projection [d_model, vocab_size]; the embedding table transposed when tied',
      tie: { param: 'tie_to', weight: 'table', transpose: true },
    },
    ...(p.bias ? [{ name: 'b', shape: ['vocab_size'], init: { kind: 'zeros' }, doc: 'bias [vocab_size]' } as const] : []),
  ],
  roles: { vocabulary: 'vocab_size' },
  lower: (b, { inputs, weights }) => ({ logits: dense(b, inputs.x!, weights.W!, weights.b) }), // [B, T, vocab_size]
});
