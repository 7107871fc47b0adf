/**
 * A catalogue is an explicit set of block definitions passed to the compiler and the editor —
 * never a global — so tests can build tiny ones.
 */
import { CATEGORIES, type AnyBlock, type Category } from './block.ts';

export interface Catalogue {
  get(id: string): AnyBlock | undefined;
  has(id: string): boolean;
  list(): readonly AnyBlock[];
  /** Blocks grouped by palette category, in category order. */
  byCategory(): ReadonlyArray<{ category: Category; blocks: readonly AnyBlock[] }>;
}

/** Builds a catalogue. Throws on duplicate block ids (a programming error, not user input). */
export function createCatalogue(blocks: readonly AnyBlock[]): Catalogue {
  const map = new Map<string, AnyBlock>();
  for (const b of blocks) {
    if (map.has(b.id)) throw new Error(`createCatalogue: duplicate block id '${b.id}'`);
    map.set(b.id, b);
  }
  const list = [...map.values()];
  const groups = CATEGORIES.map((category) => ({ category, blocks: list.filter((b) => b.category === category) })).filter(
    (g) => g.blocks.length > 0,
  );
  return {
    get: (id) => map.get(id),
    has: (id) => map.has(id),
    list: () => list,
    byCategory: () => groups,
  };
}
