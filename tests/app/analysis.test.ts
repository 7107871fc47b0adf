import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { groupIntoSubgraph, setParam } from '../../graph-schema/edits.ts';
import { estimateFlops } from '../../app/analysis/flops.ts';
import { analyzeAndSummarize } from '../../app/analysis/summary.ts';
import { problemsByNode } from '../../app/canvas/flow-model.ts';
import { defaultDocument, TEMPLATES } from '../../app/files/templates.ts';
import { catalogue, smallChain } from './fixtures.ts';

describe('analysis summary for the editor', () => {
  it('locates a problem inside a repeated instance on the instance and on the inner node', () => {
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin', 'sm']);
    if (!g.ok) throw new Error(g.reason);
    // A negative width is a parameter error on a node inside the subgraph.
    const broken = setParam(g.doc, g.subgraph, 'lin', 'out_features', -3);
    const summary = analyzeAndSummarize(broken, catalogue);
    const d = summary.diagnostics.find((x) => x.code === 'FW020');
    expect(d?.locations).toEqual([
      { scope: null, node: g.instance },
      { scope: g.subgraph, node: 'lin' },
    ]);
    expect(problemsByNode(summary.diagnostics, null).inner.get(g.instance)).toBe(1);
    expect(problemsByNode(summary.diagnostics, g.subgraph).direct.get('lin')?.[0]?.code).toBe('FW020');
  });

  it('reports shapes per scope, and parameters per node', () => {
    const summary = analyzeAndSummarize(smallChain(), catalogue);
    expect(summary.ok).toBe(true);
    expect(summary.bodies['']?.lin?.outputs.y).toEqual({ dtype: 'float32', shape: ['B', 'T', 32] });
    expect(summary.bodies['']?.lin?.parameters).toBe(32 * 32 + 32);
    expect(summary.parameterCount).toBe(32 * 32 + 32);
  });
});

describe('templates and FLOPs', () => {
  it('the gallery lists the examples and the default graph is tiny-gpt', () => {
    expect(TEMPLATES.map((t) => t.id)).toContain('tiny-gpt');
    expect(TEMPLATES[0]?.id).toBe('tiny-gpt');
    expect(TEMPLATES.every((t) => t.doc !== null)).toBe(true);
    expect(defaultDocument().nodes.length).toBeGreaterThan(3);
  });

  it('estimates FLOPs of the default graph from the engine cost model', () => {
    const doc = defaultDocument();
    const flops = estimateFlops(doc, standardCatalogue(), 0);
    expect(flops?.value).toBeGreaterThan(1_000_000);
    expect(flops?.note).toMatch(/^B=1, T=\d+$/);
    expect(estimateFlops(doc, standardCatalogue(), 1e9)).toBeNull();
  });
});
