/**
 * Migrations: `up()` steps keyed by the version they upgrade from. Any old file is brought to
 * CURRENT_VERSION step by step before strict validation. One fixture per historical version lives in
 * tests/fixtures forever.
 */
import { CURRENT_VERSION } from './document.ts';

type Json = Record<string, unknown>;

/**
 * Version 0 was the draft format of the first prototype:
 * `{ format, version: 0, title?, blocks: [{ id, type, params?, x?, y? }], links: [[fromNode, fromPort, toNode, toPort]] }`.
 */
function upFrom0(doc: Json): Json {
  const blocks = Array.isArray(doc.blocks) ? (doc.blocks as Json[]) : [];
  const links = Array.isArray(doc.links) ? (doc.links as unknown[][]) : [];
  const positions: Record<string, { x: number; y: number }> = {};
  for (const b of blocks)
    if (typeof b.x === 'number' && typeof b.y === 'number') positions[String(b.id)] = { x: b.x, y: b.y };
  const out: Json = {
    format: doc.format,
    version: 1,
    nodes: blocks.map((b) => (b.params === undefined ? { id: b.id, block: b.type } : { id: b.id, block: b.type, params: b.params })),
    edges: links.map((l) => ({ from: { node: l[0], port: l[1] }, to: { node: l[2], port: l[3] } })),
  };
  if (typeof doc.title === 'string') out.meta = { title: doc.title };
  if (Object.keys(positions).length > 0) out.layout = { nodes: positions };
  return out;
}

/** `MIGRATIONS[v]` turns a version-v document into version v+1. */
export const MIGRATIONS: Readonly<Record<number, (doc: Json) => Json>> = { 0: upFrom0 };

/** The oldest version we can read. */
export const OLDEST_VERSION = 0;

/** Applies `up()` steps until the document is at CURRENT_VERSION. Caller has checked the version range. */
export function migrate(doc: Json, from: number): Json {
  let current = doc;
  for (let v = from; v < CURRENT_VERSION; v++) {
    const up = MIGRATIONS[v];
    if (!up) throw new Error(`migrate: no step from version ${v}`);
    current = up(current);
  }
  return current;
}
