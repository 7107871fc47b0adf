/**
 * The run store folds a batch of executed blocks at once (issue 15 item 1): the trace keeps the
 * order blocks ran in, a re-run block moves to the end, and the done sets answer "has this canvas
 * node run" for top-level nodes and for nodes inside subgraph instances.
 */
import { describe, expect, it } from 'vitest';
import type { BlockInfo, BlockRecord } from '../../app/run/protocol.ts';
import { foldBlocks, initialRunState } from '../../app/run/run-store.ts';

const block = (node: string, topNode = node): BlockInfo => ({ node, block: 'Add', topNode, inputSources: {} });
const record = (index: number, node: string): BlockRecord => ({
  index,
  node,
  outputs: { sum: { dtype: 'float32', shape: [2], data: new Float32Array([index, -index]) } },
  intermediates: {},
  reused: false,
});

describe('foldBlocks', () => {
  const blocks = [block('a'), block('layers.0.attn', 'layers'), block('layers.1.attn', 'layers'), block('out')];
  const start = { ...initialRunState(), blocks };

  it('folds a batch into records, trace, view, progress and done sets', () => {
    const folded = foldBlocks(start, [record(0, 'a'), record(1, 'layers.0.attn')], 4);
    expect(folded.trace).toEqual([0, 1]);
    expect(folded.view).toBe(1);
    expect(folded.progress).toEqual({ done: 2, total: 4 });
    expect(Object.keys(folded.records)).toEqual(['0', '1']);
    expect([...folded.done.top].sort()).toEqual(['a', 'layers']);
    expect([...folded.done.inner]).toEqual(['attn']);
    expect(folded.done.top.has('out')).toBe(false);
    expect(folded.edges['a:sum']).toMatchObject({ min: 0, max: 0 });
    expect(folded.edges['layers:*']).toMatchObject({ min: -1, max: 1 });
  });

  it('gives the same state folding one block at a time or all at once, and moves a re-run block to the end', () => {
    const batch = [record(0, 'a'), record(1, 'layers.0.attn'), record(2, 'layers.1.attn'), record(0, 'a')];
    const once = foldBlocks(start, batch, 4);
    let stepwise = start;
    for (const r of batch) stepwise = { ...stepwise, ...foldBlocks(stepwise, [r], 4) };
    expect(once.trace).toEqual([1, 2, 0]);
    expect(stepwise.trace).toEqual(once.trace);
    expect(stepwise.edges).toEqual(once.edges);
    expect([...stepwise.done.top].sort()).toEqual([...once.done.top].sort());
    expect(start.trace).toEqual([]); // the previous state is not mutated
    expect(start.done.top.size).toBe(0);
  });
});
