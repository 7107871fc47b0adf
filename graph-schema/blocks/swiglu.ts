import { defineBlock } from '../block.ts';
import { matmul, mul } from '../ops.ts';

export const SwiGLU = defineBlock({
  id: 'SwiGLU',
  version: 1,
  title: 'SwiGLU feed-forward',
  category: 'layers',
  summary: 'A gated feed-forward layer: one projection, passed through SiLU, gates another, then projects back.',
  doc:
    'The feed-forward block of Llama-style models. Each token vector is projected twice to d_ff features: the gate ' +
    'goes through SiLU (x·sigmoid(x)) and multiplies the other projection feature by feature, so the layer learns ' +
    'which features to let through; a third projection brings the result back to d_model. No biases, as in Llama.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...', 'd_model'], doc: 'token vectors' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...', 'd_model'], doc: 'transformed token vectors' }],
  params: {
    d_ff: { kind: 'int', default: 128, min: 1, max: 1 << 16, help: 'width of the gated hidden layer (Llama uses about 8/3 × d_model)' },
  },
  weights: () => [
    { name: 'W_gate', shape: ['d_model', 'd_ff'], init: { kind: 'xavier' }, doc: 'gate projection [d_model, d_ff]' },
    { name: 'W_up', shape: ['d_model', 'd_ff'], init: { kind: 'xavier' }, doc: 'value projection [d_model, d_ff]' },
    { name: 'W_down', shape: ['d_ff', 'd_model'], init: { kind: 'xavier' }, doc: 'output projection [d_ff, d_model]' },
  ],
  lower: (b, { inputs, weights }) => {
    const x = inputs.x!; // [..., d_model]
    const gate = matmul(b, x, weights.W_gate!); // [..., d_ff]
    const silu = mul(b, gate, b.op('Sigmoid', [gate], {})); // [..., d_ff]: x·σ(x)
    const hidden = b.expose('hidden', mul(b, silu, matmul(b, x, weights.W_up!))); // [..., d_ff]
    return { y: matmul(b, hidden, weights.W_down!) }; // [..., d_model]
  },
  intermediates: ['hidden'],
});
