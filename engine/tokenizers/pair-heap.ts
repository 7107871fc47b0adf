/**
 * Max-heap of (count, a, b) pair entries for BPE training: highest count first, ties broken by the
 * lower first id, then the lower second id. Entries may go stale; the caller checks them on pop.
 */

/** A pair and its count at the time it was pushed. */
export interface PairEntry {
  readonly count: number;
  readonly a: number;
  readonly b: number;
}

function before(x: PairEntry, y: PairEntry): boolean {
  if (x.count !== y.count) return x.count > y.count;
  if (x.a !== y.a) return x.a < y.a;
  return x.b < y.b;
}

/** Binary heap ordered by `before`. */
export class PairHeap {
  private readonly items: PairEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: PairEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as PairEntry;
      if (!before(entry, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): PairEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(items[r] as PairEntry, items[l] as PairEntry) ? r : l;
      const c = items[child] as PairEntry;
      if (!before(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
