import { defineBlock } from '../block.ts';

export const Embedding = defineBlock({
  id: 'Embedding',
  version: 1,
  title: 'Embedding',
  category: 'encoding',
  summary: 'Looks up a learned vector of d_model numbers for every token id.',
  doc:
    'A table with one learned row per vocabulary entry. Each token id selects its row, which is exactly what a ' +
    'one-hot row times the table would give, without building the one-hot rows. The rows are much shorter than the ' +
    'vocabulary, so the model works in a compact space where related tokens can end up near each other.',
  inputs: [{ name: 'ids', dtype: 'int64', shape: ['B', 'T'], doc: 'token ids in 0…vocab_size−1' }],
  outputs: [{ name: 'embedded', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'one vector per token' }],
  params: {
    vocab_size: { kind: 'int', default: 64, min: 1, max: 1 << 20, help: 'number of rows: how many different token ids there are' },
    d_model: { kind: 'int', default: 32, min: 1, max: 1 << 16, help: 'length of each embedding vector (the model width)' },
  },
  // Drawn from N(0, 1), as PyTorch's nn.Embedding does: rows of the same size as a sinusoidal position signal
  // (amplitude 1), so which token it is is not drowned by where it is (at std 0.02 the position was ~37× larger).
  weights: () => [
    { name: 'table', shape: ['vocab_size', 'd_model'], init: { kind: 'normal', std: 1 }, doc: 'one row per token [vocab_size, d_model]' },
  ],
  roles: { vocabulary: 'vocab_size' },
  lower: (b, { inputs, weights }) => ({ embedded: b.op('Gather', [weights.table!, inputs.ids!], { axis: 0 }) }), // [B, T, d_model]
});
