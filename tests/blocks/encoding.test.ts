/**
 * Encoding and de-embedding blocks: one-hot rows, table lookups, the sinusoidal formula, learned
 * positions, and the tied de-embedding.
 */
import { describe, expect, it } from 'vitest';
import { float32, int64 } from '../../graph-schema/tensor.ts';
import { at, edge, expectClose, graph, node, runDoc, wave } from './helpers.ts';

describe('OneHot', () => {
  it('puts a single 1 in the column of each id', () => {
    const doc = graph(
      [node('ids', 'TestTensor', { dtype: 'int64', shape: 'B,T' }), node('hot', 'OneHot', { depth: 4 }), node('y', 'Output')],
      [edge('ids', 'out', 'hot', 'ids'), edge('hot', 'onehot', 'y', 'x')],
    );
    const y = runDoc(doc, { ids: int64([1, 3], [2, 0, 3]) }).outputs.y!;
    expect([...y.shape]).toEqual([1, 3, 4]);
    expect(Array.from(y.data)).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('Embedding', () => {
  it('looks up the row of each id', () => {
    const table = [0, 0.5, 1, 1.5, 2, 2.5]; // 3 tokens × 2
    const doc = graph(
      [node('ids', 'TestTensor', { dtype: 'int64', shape: 'B,T' }), node('embed', 'Embedding', { vocab_size: 3, d_model: 2 }), node('y', 'Output')],
      [edge('ids', 'out', 'embed', 'ids'), edge('embed', 'embedded', 'y', 'x')],
      { weights: { 'embed.table': { shape: [3, 2], data: table } } },
    );
    const y = runDoc(doc, { ids: int64([2, 2], [2, 0, 1, 2]) }).outputs.y!;
    expectClose(y, float32([2, 2, 2], [2, 2.5, 0, 0.5, 1, 1.5, 2, 2.5]));
  });

  it('initialises its table with small values (normal, std 0.02)', () => {
    const doc = graph(
      [node('ids', 'TestTensor', { dtype: 'int64', shape: 'B,T' }), node('embed', 'Embedding', { vocab_size: 50, d_model: 40 }), node('y', 'Output')],
      [edge('ids', 'out', 'embed', 'ids'), edge('embed', 'embedded', 'y', 'x')],
    );
    const { compiled } = runDoc(doc, { ids: int64([1, 1], [0]) });
    const t = Array.from(compiled.plan.weights.get('embed.table')!.tensor.data);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const std = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(std).toBeGreaterThan(0.017);
    expect(std).toBeLessThan(0.023);
  });
});

describe('PositionalEncoding', () => {
  const zerosDoc = (d: number, params: Record<string, unknown> = {}) =>
    graph(
      [node('x', 'TestTensor', { shape: `B,T,${d}` }), node('pos', 'PositionalEncoding', params), node('y', 'Output')],
      [edge('x', 'out', 'pos', 'x'), edge('pos', 'y', 'y', 'x')],
    );

  it('adds sin/cos waves that follow the formula, for any sequence length', () => {
    const d = 6;
    for (const T of [1, 4, 9]) {
      const { outputs, session } = runDoc(zerosDoc(d, { max_len: 16 }), { x: float32([2, T, d], new Array(2 * T * d).fill(0)) });
      const y = outputs.y!;
      expect([...y.shape]).toEqual([2, T, d]);
      for (let b = 0; b < 2; b++)
        for (let pos = 0; pos < T; pos++)
          for (let i = 0; i < d / 2; i++) {
            const angle = pos / 10000 ** ((2 * i) / d);
            expect(at(y, b, pos, 2 * i)).toBeCloseTo(Math.sin(angle), 6);
            expect(at(y, b, pos, 2 * i + 1)).toBeCloseTo(Math.cos(angle), 6);
          }
      expect([...session.blockRun('pos')!.intermediates.encoding!.shape]).toEqual([T, d]);
    }
  });

  it('is added to the input, not a replacement for it', () => {
    const x = float32([1, 2, 2], [1, 2, 3, 4]);
    const y = runDoc(zerosDoc(2), { x }).outputs.y!;
    // position 0: sin 0 = 0, cos 0 = 1; position 1: sin 1, cos 1
    expectClose(y, float32([1, 2, 2], [1, 3, 3 + Math.sin(1), 4 + Math.cos(1)]), 1e-6);
  });

  it('learned: adds the first T rows of its table', () => {
    const doc = {
      ...zerosDoc(2, { kind: 'learned', max_len: 3 }),
      weights: { 'pos.table': { shape: [3, 2], data: [10, 20, 30, 40, 50, 60] } },
    };
    const y = runDoc(doc, { x: float32([1, 2, 2], [1, 1, 1, 1]) }).outputs.y!;
    expectClose(y, float32([1, 2, 2], [11, 21, 31, 41]));
  });

  it('rejects a sequence longer than max_len when the model runs', async () => {
    const { compile } = await import('../../engine/compile/compile.ts');
    const { createSession } = await import('../../engine/run/session.ts');
    const { testCatalogue } = await import('./helpers.ts');
    const compiled = compile(zerosDoc(4, { max_len: 3 }), testCatalogue());
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const session = createSession(compiled.value.plan, { x: float32([1, 4, 4], wave(16)) });
    expect(session.ok).toBe(true);
    if (!session.ok) return;
    const r = session.value.run();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.code).toBe('FW051');
  });
});

describe('DeEmbedding', () => {
  const vocab = 5;
  const d = 3;
  const table = wave(vocab * d, 0.3);
  const tied = (extra: Record<string, unknown> = {}) =>
    graph(
      [
        node('ids', 'TestTensor', { dtype: 'int64', shape: 'B,T' }),
        node('embed', 'Embedding', { vocab_size: vocab, d_model: d }),
        node('unembed', 'DeEmbedding', { vocab_size: vocab, tie_to: 'embed', ...extra }),
        node('logits', 'Output'),
      ],
      [edge('ids', 'out', 'embed', 'ids'), edge('embed', 'embedded', 'unembed', 'x'), edge('unembed', 'logits', 'logits', 'x')],
      { weights: { 'embed.table': { shape: [vocab, d], data: table } } },
    );

  it('tied: multiplies by the embedding table transposed', () => {
    const ids = [4, 0, 2];
    const { outputs, compiled } = runDoc(tied(), { ids: int64([1, 3], ids) });
    const expected: number[] = [];
    for (const id of ids)
      for (let v = 0; v < vocab; v++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += table[id * d + c]! * table[v * d + c]!;
        expected.push(s);
      }
    expectClose(outputs.logits!, { shape: [1, 3, vocab], data: expected }, 1e-6);
    // The tie owns no weight of its own, and the parameter count counts the table once.
    expect([...compiled.plan.weights.keys()]).toEqual(['embed.table']);
    expect(compiled.analysis.parameterCount).toBe(vocab * d);
  });

  it('untied: owns W [d_model, vocab_size] and an optional bias', () => {
    const doc = tied({ tie_to: '', bias: true });
    const { outputs, compiled } = runDoc(
      { ...doc, weights: { ...doc.weights, 'unembed.W': { shape: [d, vocab], data: new Array(d * vocab).fill(0) }, 'unembed.b': { shape: [vocab], data: [1, 2, 3, 4, 5] } } },
      { ids: int64([1, 2], [1, 3]) },
    );
    expect(compiled.plan.weights.get('unembed.W')!.tensor.shape).toEqual([d, vocab]);
    expectClose(outputs.logits!, float32([1, 2, vocab], [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]));
  });
});
