/**
 * The three blocks the early tour steps need: PairOneHot, SkipPairFeatures and FeatureMask, checked
 * against hand-computed rows (column = earlier · N + current).
 */
import { describe, expect, it } from 'vitest';
import { float32, int64, type Tensor } from '../../graph-schema/tensor.ts';
import { edge, expectClose, graph, node, runDoc } from '../blocks/helpers.ts';

/** Columns holding a non-zero value in each [T, N²] row of a [1, T, N²] tensor, as [earlier, current] pairs. */
function pairsPerRow(t: Tensor, n: number): Array<Array<[number, number, number]>> {
  const width = n * n;
  const out: Array<Array<[number, number, number]>> = [];
  for (let row = 0; row < t.data.length / width; row++) {
    const hits: Array<[number, number, number]> = [];
    for (let c = 0; c < width; c++) {
      const v = t.data[row * width + c]!;
      if (v !== 0) hits.push([Math.floor(c / n), c % n, v]);
    }
    out.push(hits);
  }
  return out;
}

function pairGraph(block: 'PairOneHot' | 'SkipPairFeatures', depth: number) {
  return graph(
    [node('ids', 'TestTensor', { dtype: 'int64', shape: 'B,T' }), node('pairs', block, { depth }), node('y', 'Output')],
    [edge('ids', 'out', 'pairs', 'ids'), edge('pairs', 'pairs', 'y', 'x')],
  );
}

describe('PairOneHot', () => {
  it('puts a single 1 at previous · N + current; the first position is all zeros', () => {
    const { outputs, session } = runDoc(pairGraph('PairOneHot', 4), { ids: int64([1, 4], [2, 0, 3, 3]) });
    expect([...outputs.y!.shape]).toEqual([1, 4, 16]);
    expect(pairsPerRow(outputs.y!, 4)).toEqual([[], [[2, 0, 1]], [[0, 3, 1]], [[3, 3, 1]]]);
    expect(Array.from(session.blockRun('pairs')!.intermediates.previous!.data)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('keeps batch rows apart and works for any length', () => {
    const { outputs } = runDoc(pairGraph('PairOneHot', 3), { ids: int64([2, 2], [0, 1, 2, 2]) });
    expect(pairsPerRow(outputs.y!, 3)).toEqual([[], [[0, 1, 1]], [], [[2, 2, 1]]]);
    const single = runDoc(pairGraph('PairOneHot', 3), { ids: int64([1, 1], [1]) }).outputs.y!;
    expect(Array.from(single.data).every((v) => v === 0)).toBe(true);
  });
});

describe('SkipPairFeatures', () => {
  it('pairs the current word with every distinct earlier word, once each', () => {
    // ids: 1 2 1 0 → position 3 sees earlier {1, 2} (1 twice, counted once).
    const { outputs, session } = runDoc(pairGraph('SkipPairFeatures', 3), { ids: int64([1, 4], [1, 2, 1, 0]) });
    expect(pairsPerRow(outputs.y!, 3)).toEqual([
      [],
      [[1, 2, 1]],
      [[1, 1, 1], [2, 1, 1]],
      [[1, 0, 1], [2, 0, 1]],
    ]);
    expectClose(session.blockRun('pairs')!.intermediates.earlier!, float32([1, 4, 3], [0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1]));
  });

  it('differs from PairOneHot as soon as a word is further back than one step', () => {
    const feeds = { ids: int64([1, 3], [0, 1, 2]) };
    const skip = pairsPerRow(runDoc(pairGraph('SkipPairFeatures', 3), feeds).outputs.y!, 3);
    const pair = pairsPerRow(runDoc(pairGraph('PairOneHot', 3), feeds).outputs.y!, 3);
    expect(skip[2]).toEqual([[0, 2, 1], [1, 2, 1]]);
    expect(pair[2]).toEqual([[1, 2, 1]]);
  });
});

describe('FeatureMask', () => {
  const doc = (keep?: number[]) =>
    graph(
      [node('x', 'TestTensor', { shape: 'B,T,4' }), node('mask', 'FeatureMask'), node('y', 'Output')],
      [edge('x', 'out', 'mask', 'x'), edge('mask', 'y', 'y', 'x')],
      keep ? { weights: { 'mask.keep': { shape: [4], data: keep } } } : {},
    );
  const x = float32([1, 2, 4], [1, 2, 3, 4, -1, -2, -3, -4]);

  it('multiplies each feature by its mask value', () => {
    expectClose(runDoc(doc([1, 0, 0.5, 0]), { x }).outputs.y!, float32([1, 2, 4], [1, 0, 1.5, 0, -1, -0, -1.5, -0]));
  });

  it('starts as all ones: nothing is masked', () => {
    const { outputs, compiled } = runDoc(doc(), { x });
    expectClose(outputs.y!, x);
    expect(Array.from(compiled.plan.weights.get('mask.keep')!.tensor.data)).toEqual([1, 1, 1, 1]);
  });
});
