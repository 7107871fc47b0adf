/**
 * Diff view marks, headless: against the previous tour step, added nodes are marked added, nodes with
 * changed parameters (and the instances of a subgraph whose body changed) are marked changed.
 */
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../graph-schema/diff.ts';
import { diffMarkKeys } from '../../app/share/diff-marks.ts';
import { TOUR } from '../../app/tour/tour.ts';

describe('diff view marks', () => {
  it('marks a changed parameter as changed and nothing as added (tour step 12 → 13: attn causal)', () => {
    const keys = diffMarkKeys(TOUR[12]!.doc!, diffDocuments(TOUR[11]!.doc!, TOUR[12]!.doc!));
    expect(keys).toEqual({ added: [], changed: ['attn'] });
  });

  it('marks added nodes and, for a change inside a subgraph, its instances', () => {
    const a = TOUR[15]!.doc!;
    const b = structuredClone(a);
    const layer = Object.values(b.subgraphs ?? {})[0]!;
    const name = Object.keys(b.subgraphs ?? {})[0]!;
    const attn = layer.nodes.find((n) => n.params && 'heads' in n.params)!;
    attn.params = { ...attn.params, heads: 1 };
    const keys = diffMarkKeys(b, diffDocuments(a, b));
    const instances = b.nodes.filter((n) => n.subgraph === name).map((n) => n.id);
    expect(keys.added).toEqual([]);
    expect(keys.changed.sort()).toEqual([`${name}/${attn.id}`, ...instances].sort());
    const added = diffMarkKeys(TOUR[9]!.doc!, diffDocuments(TOUR[8]!.doc!, TOUR[9]!.doc!));
    expect(added.added).toEqual(['pos']);
  });
});
