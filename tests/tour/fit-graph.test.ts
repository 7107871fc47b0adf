/**
 * fitGraph: what it writes into a graph (vocabulary, depths, table sizes, weights), how it reports
 * graphs it cannot fit, and that the fitted tour templates are exactly what it produces from the
 * corpora in examples/corpora.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import { fitGraph, shortestFloat32 } from '../../engine/fit/to-graph.ts';
import { edge, graph, node } from '../blocks/helpers.ts';
import { unwrap } from '../examples/helpers.ts';
import { corpus, loadTour, vocabOf } from './helpers.ts';

const codes = (r: ReturnType<typeof fitGraph>): string[] => (r.ok ? [] : r.diagnostics.map((d) => d.code));

/** Token input → `encoder` block → Linear named `table` → Output. */
function chain(encoder: string, table: string, extra: Partial<GraphDocument> = {}): GraphDocument {
  return graph(
    [node('words', 'TokenInput'), node('enc', encoder, { depth: 3 }), node(table, 'Linear', { out_features: 2 }), node('out', 'Output')],
    [edge('words', 'ids', 'enc', 'ids'), edge('enc', encoder === 'OneHot' ? 'onehot' : 'pairs', table, 'x'), edge(table, 'y', 'out', 'x')],
    extra,
  );
}

describe('fitGraph', () => {
  it('writes the vocabulary, the depth, the table size and the counted table', () => {
    const doc = unwrap(fitGraph(chain('OneHot', 'first_order'), '3 a b\n1 a c'));
    expect(doc.nodes.find((n) => n.id === 'words')!.params!.tokenizer).toEqual({ kind: 'word', vocab: ['a', 'b', 'c'], lowercase: true });
    expect(doc.nodes.find((n) => n.id === 'enc')!.params).toEqual({ depth: 3 });
    expect(doc.nodes.find((n) => n.id === 'first_order')!.params).toEqual({ out_features: 3, bias: false });
    expect(doc.weights).toEqual({ 'first_order.W': { shape: [3, 3], data: [0, 0.75, 0.25, 0, 0, 0, 0, 0, 0] } });
    expect(validateDocument(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
  });

  it('fits several tables off one input in one go (second order next to first order)', () => {
    const doc = unwrap(fitGraph(loadTour(3), corpus('battery')));
    expect(doc.weights!['first_order.W']!.shape).toEqual([8, 8]);
    expect(doc.weights!['second_order.W']!.shape).toEqual([64, 8]);
  });

  it('keeps explicit weights that still fit and drops the others with a warning', () => {
    const doc = chain('SkipPairFeatures', 'skip_votes', {});
    doc.nodes.splice(2, 0, node('mask', 'FeatureMask'));
    doc.edges[1] = edge('enc', 'pairs', 'mask', 'x');
    doc.edges.push(edge('mask', 'y', 'skip_votes', 'x'));
    const keep9 = { shape: [9], data: [0, 1, 0, 0, 0, 0, 0, 0, 0] };
    const same = fitGraph({ ...doc, weights: { 'mask.keep': keep9 } }, 'a b c');
    expect(same.ok && same.value.weights!['mask.keep']).toEqual(keep9);
    const grown = fitGraph({ ...doc, weights: { 'mask.keep': keep9, 'gone.W': { shape: [1], data: [1] } } }, 'a b c d');
    expect(grown.ok).toBe(true);
    if (!grown.ok) return;
    expect(Object.keys(grown.value.weights!)).toEqual(['skip_votes.W']);
    expect(grown.warnings.map((w) => w.message).join('\n')).toMatch(/'mask.keep'.*\[16\].*\n.*'gone.W': no block owns it/);
  });

  it('finds tables by what feeds them, whatever their names', () => {
    const named = unwrap(fitGraph(chain('OneHot', 'first_order'), '3 a b\n1 a c'));
    const renamed = unwrap(fitGraph(chain('OneHot', 'transition'), '3 a b\n1 a c'));
    expect(renamed.weights!['transition.W']).toEqual(named.weights!['first_order.W']);
    const pairs = unwrap(fitGraph(chain('PairOneHot', 'table'), 'a b c'));
    expect(pairs.weights!['table.W']!.shape).toEqual([9, 3]); // N² rows: a second-order table
  });

  it('reports a graph with nothing to fit and a bad corpus', () => {
    const noTable = chain('OneHot', 'first_order');
    noTable.nodes[2] = node('first_order', 'ReLU');
    expect(codes(fitGraph(noTable, 'a b'))).toEqual(['FW040']);
    expect(codes(fitGraph(chain('OneHot', 'first_order'), '-3 a b'))).toEqual(['FW060']);
  });

  it('needs exactly one text input above the tables', () => {
    const none = graph([node('x', 'AudioFrames'), node('first_order', 'Linear'), node('out', 'Output')], [edge('x', 'frames', 'first_order', 'x'), edge('first_order', 'y', 'out', 'x')]);
    expect(codes(fitGraph(none, 'a b'))).toEqual(['FW040']);
  });

  it('stores each count as the shortest decimal that reads back as the same float32', () => {
    expect(shortestFloat32(Math.fround(0.3))).toBe(0.3);
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
    expect(Math.fround(shortestFloat32(Math.fround(1 / 3)))).toBe(Math.fround(1 / 3));
    expect(shortestFloat32(0)).toBe(0);
  });
});

describe('the fitted templates are what fitGraph makes of the corpora', () => {
  const cases = [
    [2, 'commands'],
    [3, 'battery'],
    [4, 'skips'],
    [5, 'skips'],
    [8, 'skips'],
  ] as const;
  for (const [step, name] of cases) {
    it(`step ${step} ← corpora/${name}.txt`, () => {
      const doc = loadTour(step);
      const fitted = unwrap(fitGraph(doc, corpus(name)));
      expect(fitted.weights).toEqual(doc.weights);
      expect(fitted.nodes).toEqual(doc.nodes);
      expect(vocabOf(fitted)).toEqual([...vocabOf(fitted)].sort());
    });
  }
});
