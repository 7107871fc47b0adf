/**
 * Shrinking a failing case while it keeps failing the same way: graph documents lose nodes, edges,
 * keys and array entries; binary files lose byte ranges. Bounded by an attempt budget.
 */
import type { CaseFile, FuzzCase } from './cases.ts';

/** Re-runs a candidate; true when it still fails with the same signature. */
export type StillFails = (candidate: FuzzCase) => Promise<boolean>;

const encoder = new TextEncoder();

/** Removes what it can from the main file of `c`; at most `budget` re-runs. */
export async function minimise(c: FuzzCase, stillFails: StillFails, budget = 150): Promise<FuzzCase> {
  let best = c;
  let attempts = 0;
  const tryFile = async (bytes: Uint8Array): Promise<boolean> => {
    if (attempts++ >= budget) return false;
    const candidate: FuzzCase = { ...best, files: { ...best.files, [best.main]: bytes } };
    if (await stillFails(candidate)) {
      best = candidate;
      return true;
    }
    return false;
  };
  const file = best.files[best.main];
  if (!(file instanceof Uint8Array)) return best;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(file));
  } catch {
    json = undefined;
  }
  if (json !== undefined && typeof json === 'object' && json !== null) {
    // Breadth-first over containers; each removal that keeps the failure is kept.
    const queue: unknown[] = [json];
    while (queue.length > 0 && attempts < budget) {
      const node = queue.shift();
      if (Array.isArray(node)) {
        for (let i = node.length - 1; i >= 0 && attempts < budget; i--) {
          const [removed] = node.splice(i, 1);
          if (!(await tryFile(encoder.encode(JSON.stringify(json))))) node.splice(i, 0, removed);
        }
        queue.push(...node.filter((v) => typeof v === 'object' && v !== null));
      } else if (typeof node === 'object' && node !== null) {
        const obj = node as Record<string, unknown>;
        for (const key of Object.keys(obj)) {
          if (attempts >= budget) break;
          const value = obj[key];
          delete obj[key];
          if (!(await tryFile(encoder.encode(JSON.stringify(json))))) Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        }
        queue.push(...Object.values(obj).filter((v) => typeof v === 'object' && v !== null));
      }
    }
    return best;
  }
  // Bytes: drop halves, then quarters, … of the file while it keeps failing.
  for (let chunk = Math.floor(file.length / 2); chunk >= 1 && attempts < budget; chunk = Math.floor(chunk / 2)) {
    const current = best.files[best.main] as Uint8Array;
    for (let at = 0; at + chunk <= current.length && attempts < budget; ) {
      const cur = best.files[best.main] as Uint8Array;
      const candidate = Uint8Array.from([...cur.subarray(0, at), ...cur.subarray(at + chunk)]);
      if (!(await tryFile(candidate))) at += chunk;
    }
  }
  return best;
}

/** A case as JSON-friendly data for the corpus (`case.json` beside the files). */
export function describeFiles(files: Readonly<Record<string, CaseFile>>): Record<string, string | { symlink: string }> {
  return Object.fromEntries(Object.entries(files).map(([name, f]) => [name, f instanceof Uint8Array ? name : { symlink: f.symlink }]));
}
