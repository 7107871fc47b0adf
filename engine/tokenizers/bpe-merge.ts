/**
 * Applying learned BPE merges to one chunk's token ids (shared by encoding and training).
 */

/** Ids are below 2^18 (the vocabulary limit), so a pair packs exactly into one double. */
const ID_SPACE = 262_144;

/** Key of the adjacent pair (a, b). */
export function pairKey(a: number, b: number): number {
  return a * ID_SPACE + b;
}

/** Replaces every non-overlapping occurrence of (a, b), scanning left to right, with `merged`. */
export function mergePair(ids: readonly number[], a: number, b: number, merged: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < ids.length) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(merged);
      i += 2;
    } else {
      out.push(ids[i] as number);
      i += 1;
    }
  }
  return out;
}

/** A merge rule: its rank (order learned) and the id of the merged token. */
export interface MergeRule {
  readonly rank: number;
  readonly a: number;
  readonly b: number;
  readonly result: number;
}

/** Applies merges lowest rank first until no adjacent pair has a rule. */
export function applyMerges(start: readonly number[], rules: ReadonlyMap<number, MergeRule>): number[] {
  let ids = start.slice();
  while (ids.length > 1) {
    let best: MergeRule | undefined;
    for (let i = 0; i + 1 < ids.length; i++) {
      const rule = rules.get(pairKey(ids[i] as number, ids[i + 1] as number));
      if (rule !== undefined && (best === undefined || rule.rank < best.rank)) best = rule;
    }
    if (best === undefined) break;
    ids = mergePair(ids, best.a, best.b, best.result);
  }
  return ids;
}
