/**
 * Migrations: `up()` steps keyed by the version they upgrade from. Any old file is brought to
 * CURRENT_VERSION step by step before strict validation. One fixture per historical version lives in
 * tests/fixtures forever.
 */
import { CURRENT_VERSION } from './document.ts';
import { setOwn } from './own.ts';

type Json = Record<string, unknown>;

/**
 * Version 0 was the draft format of the first prototype:
 * `{ format, version: 0, title?, blocks: [{ id, type, params?, x?, y? }], links: [[fromNode, fromPort, toNode, toPort]] }`.
 */
function upFrom0(doc: Json): Json {
  // Total over any JSON: entries of the wrong type pass through unchanged, so the strict schema that
  // follows reports them (FW005 with a path) instead of the migration throwing.
  const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
  const blocks: unknown = Object.hasOwn(doc, 'blocks') ? doc.blocks : [];
  const links: unknown = Object.hasOwn(doc, 'links') ? doc.links : [];
  const positions: Record<string, { x: number; y: number }> = {};
  if (Array.isArray(blocks))
    for (const b of blocks)
      if (isObject(b) && typeof b.id === 'string' && typeof b.x === 'number' && typeof b.y === 'number') setOwn(positions, b.id, { x: b.x, y: b.y });
  const out: Json = {
    format: doc.format,
    version: 1,
    nodes: Array.isArray(blocks)
      ? blocks.map((b: unknown) => (!isObject(b) ? b : b.params === undefined ? { id: b.id, block: b.type } : { id: b.id, block: b.type, params: b.params }))
      : blocks,
    edges: Array.isArray(links)
      ? links.map((l: unknown) => (Array.isArray(l) ? { from: { node: l[0], port: l[1] }, to: { node: l[2], port: l[3] } } : l))
      : links,
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
    const up = Object.hasOwn(MIGRATIONS, v) ? MIGRATIONS[v] : undefined;
    if (!up) throw new Error(`migrate: no step from version ${v}`);
    current = up(current);
  }
  return current;
}
