/**
 * The random graph generator: valid documents by construction, reproducible from the seed, and broad
 * enough that 200 seeds exercise every block and feature the parity tests are meant to cover.
 */
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { formatDiagnostic } from '../../graph-schema/diagnostics.ts';
import { serializeDocument, validateDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { checkFeeds } from '../../engine/run/feeds.ts';
import { randomGraph, randomGraphCatalogue } from './generator.ts';
import { unwrap } from './helpers.ts';

const SEEDS = Array.from({ length: 200 }, (_, i) => i);
const catalogue = randomGraphCatalogue();

/** What 200 seeds must cover between them. */
const REQUIRED = [
  'TokenInput', 'AudioFrames', 'FloatInput', 'Embedding', 'OneHot', 'PositionalEncoding',
  'Linear', 'ReLU', 'GELU', 'LayerNorm', 'FeedForward', 'MultiHeadAttention', 'AttentionHead', 'CrossAttention',
  'Add', 'Scale', 'CausalMask', 'Softmax', 'MatMul', 'DeEmbedding', 'Argmax', 'Output', 'SubgraphInput', 'SubgraphOutput',
  'mha-causal', 'mha-full', 'head-causal', 'head-full', 'pos-sinusoidal', 'pos-learned', 'tied', 'untied',
  'repeat-1', 'repeat-2', 'repeat-3', 'cross-in-subgraph', 'nested-subgraph', 'shared-subgraph',
];

describe('randomGraph', () => {
  it('gives schema-valid documents that analyse without errors, compile, and come with fitting feeds', () => {
    const problems: string[] = [];
    for (const seed of SEEDS) {
      const { doc, feeds } = randomGraph(seed);
      const valid = validateDocument(JSON.parse(serializeDocument(doc)));
      if (!valid.ok) {
        problems.push(`seed ${seed}: ${valid.diagnostics.map(formatDiagnostic).join('; ')}`);
        continue;
      }
      const analysis = analyzeGraph(valid.value, catalogue);
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      if (!analysis.ok || errors.length > 0) {
        problems.push(`seed ${seed}: ${errors.map(formatDiagnostic).join('; ')}`);
        continue;
      }
      const fit = checkFeeds(unwrap(compile(valid.value, catalogue), `seed ${seed}`).plan, feeds);
      if (!fit.ok) problems.push(`seed ${seed} feeds: ${fit.diagnostics.map(formatDiagnostic).join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('is reproducible: the same seed gives the same document and feeds', () => {
    for (const seed of [0, 1, 17, 123456, 2 ** 32 - 1]) {
      const [a, b] = [randomGraph(seed), randomGraph(seed)];
      expect(serializeDocument(a.doc)).toBe(serializeDocument(b.doc));
      expect(Object.keys(a.feeds)).toEqual(Object.keys(b.feeds));
      for (const [name, t] of Object.entries(a.feeds)) {
        expect(t.shape).toEqual(b.feeds[name]!.shape);
        expect([...t.data]).toEqual([...b.feeds[name]!.data]);
      }
    }
  });

  it('varies with the seed', () => {
    const distinct = new Set(SEEDS.map((seed) => serializeDocument({ ...randomGraph(seed).doc, meta: {} })));
    expect(distinct.size).toBeGreaterThanOrEqual(195);
  });

  it('covers every block and feature across 200 seeds', () => {
    const seen = new Set(SEEDS.flatMap((seed) => [...randomGraph(seed).features]));
    expect(REQUIRED.filter((f) => !seen.has(f))).toEqual([]);
  });
});
