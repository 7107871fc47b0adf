import type { BlockIssue } from '../block.ts';
import { defineBlock } from '../block.ts';
import { LIMITS } from '../limits.ts';
import { add, fixedDim, ints } from '../ops.ts';
import { int64, type Tensor } from '../tensor.ts';

/**
 * The sinusoidal table [max_len, d_model]: PE[pos, 2i] = sin(pos / 10000^(2i/d)) and
 * PE[pos, 2i+1] = cos(pos / 10000^(2i/d)), each angle computed in float64 and stored as float32 (one
 * float32 table, no float64 copy). Callers keep `maxLen × dModel` within `LIMITS.maxConstantElements`.
 */
export function sinusoidalTable(maxLen: number, dModel: number): Tensor {
  const values = new Float32Array(maxLen * dModel);
  for (let pos = 0; pos < maxLen; pos++) {
    for (let i = 0; 2 * i < dModel; i++) {
      const angle = pos / Math.pow(10000, (2 * i) / dModel);
      values[pos * dModel + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < dModel) values[pos * dModel + 2 * i + 1] = Math.cos(angle);
    }
  }
  return { dtype: 'float32', shape: [maxLen, dModel], data: values };
}

export const PositionalEncoding = defineBlock({
  id: 'PositionalEncoding',
  version: 1,
  title: 'Positional encoding',
  category: 'encoding',
  summary: 'Adds a position-dependent vector to each token so order is not lost.',
  doc:
    'Attention by itself treats the sequence as an unordered bag, so each position gets its own vector added to the ' +
    'token\'s embedding. The sinusoidal kind is the article\'s "circular wiggle": every pair of dimensions traces a ' +
    'circle as the position grows, each pair at a slower angular speed than the one before. The learned kind stores ' +
    'one trainable row per position instead. Sequences longer than max_len are rejected when the model runs.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'embedded tokens' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['B', 'T', 'd_model'], doc: 'x plus the encoding of each position' }],
  params: {
    kind: { kind: 'enum', options: ['sinusoidal', 'learned'], default: 'sinusoidal', help: 'fixed sin/cos waves, or a learned row per position' },
    max_len: { kind: 'int', default: 512, min: 1, max: 1 << 16, help: 'longest sequence the table covers' },
  },
  weights: (p) =>
    p.kind === 'learned'
      ? [{ name: 'table', shape: ['max_len', 'd_model'], init: { kind: 'normal', std: 0.02 }, doc: 'one learned row per position [max_len, d_model]' }]
      : [],
  sequenceLimit: { param: 'max_len', port: 'x', axis: 1 },
  check: ({ params, dims }) => {
    const issues: BlockIssue[] = [];
    const d = dims.d_model;
    if (typeof d !== 'number')
      issues.push({ code: 'FW032', message: `d_model must be a fixed size, got ${String(d)}`, port: 'x', hint: 'feed it from an Embedding' });
    else if (params.kind === 'sinusoidal' && d % 2 !== 0)
      issues.push({ code: 'FW032', message: `sinusoidal encoding needs an even d_model, got ${d}`, param: 'kind', hint: 'use an even width or the learned kind' });
    else if (params.kind === 'sinusoidal' && params.max_len * d > LIMITS.maxConstantElements)
      issues.push({
        code: 'FW034',
        message: `the sinusoidal table max_len × d_model = ${params.max_len} × ${d} has more than ${LIMITS.maxConstantElements} values`,
        param: 'max_len',
        hint: 'lower max_len to the longest sequence you need',
      });
    if (typeof dims.T === 'number' && dims.T > params.max_len)
      issues.push({ code: 'FW032', message: `sequence length ${dims.T} exceeds max_len ${params.max_len}`, param: 'max_len', hint: 'raise max_len' });
    return issues;
  },
  lower: (b, { inputs, params, weights, dims, incremental }) => {
    const x = inputs.x!; // [B, T, d_model]
    const table = params.kind === 'learned' ? weights.table! : b.constant(sinusoidalTable(params.max_len, fixedDim(dims, 'd_model'))); // [max_len, d_model]
    const length = b.op('Shape', [x], { start: 1, end: 2 }); // [1] = (T), read at run time
    if (incremental) {
      // A decoding plan's T new tokens sit at positions P … P+T−1, after the P processed by earlier calls.
      // Gathered rather than sliced, so running past max_len is an error, not a silently shorter table.
      const counting = b.constant(int64([params.max_len], Array.from({ length: params.max_len }, (_, i) => i))); // [max_len]
      const positions = add(b, b.op('Slice', [counting, ints(b, [0]), length], { axes: [0] }), incremental.offset); // [T]
      const encoding = b.expose('encoding', b.op('Gather', [table, positions], { axis: 0 })); // [T, d_model]
      return { y: add(b, x, encoding) }; // [B, T, d_model]
    }
    const encoding = b.expose('encoding', b.op('Slice', [table, ints(b, [0]), length], { axes: [0] })); // [T, d_model]
    return { y: add(b, x, encoding) }; // [B, T, d_model]
  },
  intermediates: ['encoding'],
});
