import { defineBlock } from '../block.ts';
import { mul, scalar } from '../ops.ts';

export const Embedding = defineBlock({
  id: 'Embedding',
  // Version 2 added `scale`; files saved before keep their numbers (no scaling, std 0.02 rows).
  version: 2,
  migrations: { 1: (params) => ({ ...params, scale: 'none' }) },
  title: 'Embedding',
  category: 'encoding',
  summary: 'Looks up a learned vector of d_model numbers for every token id.',
  doc:
    'A table with one learned row per vocabulary entry. Each token id selects its row, which is exactly what a ' +
    'one-hot row times the table would give, without building the one-hot rows. The rows are much shorter than the ' +
    'vocabulary, so the model works in a compact space where related tokens can end up near each other. As in the ' +
    'original transformer, the rows are multiplied by √d_model (drawn small, so a tied de-embedding starts calm), which ' +
    'makes a token as loud as a sinusoidal position signal; scale: none gives the plain lookup of GPT-2 and Llama.',
  inputs: [{ name: 'ids', dtype: 'int64', shape: ['B', 'T'], doc: 'token ids in 0…vocab_size−1' }],
  outputs: [{ name: 'embedded', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'one vector per token' }],
  params: {
    vocab_size: { kind: 'int', default: 64, min: 1, max: 1 << 20, help: 'number of rows: how many different token ids there are' },
    d_model: { kind: 'int', default: 32, min: 1, max: 1 << 16, help: 'length of each embedding vector (the model width)' },
    scale: {
      kind: 'enum', options: ['sqrt_d_model', 'none'], default: 'sqrt_d_model',
      help: 'sqrt_d_model: rows drawn from N(0, 1/d_model) and multiplied by √d_model (the original transformer); none: rows drawn from N(0, 0.02²), used as they are',
    },
  },
  // Scaled: rows of norm ≈ 1, times √d_model, are as large as a sinusoidal position signal (amplitude 1 per
  // feature) — unscaled 0.02-rows were ~37× smaller than it, so the position drowned out which token it was.
  weights: (p) => [
    { name: 'table', shape: ['vocab_size', 'd_model'], init: { kind: 'normal', std: p.scale === 'none' ? 0.02 : 1 / Math.sqrt(p.d_model) }, doc: 'one row per token [vocab_size, d_model]' },
  ],
  roles: { vocabulary: 'vocab_size' },
  lower: (b, { inputs, weights, params }) => {
    const rows = b.op('Gather', [weights.table!, inputs.ids!], { axis: 0 }); // [B, T, d_model]
    return { embedded: params.scale === 'none' ? rows : mul(b, rows, scalar(b, Math.sqrt(params.d_model))) }; // [B, T, d_model]
  },
});
