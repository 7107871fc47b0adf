/**
 * An instant layered layout (longest path from the sources, left to right), used to place nodes
 * that have no position yet while the real auto-layout (ELK, in a worker) is computed.
 */
import type { GraphBody } from '../../graph-schema/document.ts';
import type { Point } from '../../graph-schema/edits.ts';

/** Column and row pitch of the instant layout. */
export const COLUMN_WIDTH = 300;
export const ROW_HEIGHT = 170;

/** Positions for every node of a body, by layer (column) and order within the layer (row). */
export function quickLayout(body: GraphBody): Record<string, Point> {
  const depth = new Map<string, number>(body.nodes.map((n) => [n.id, 0]));
  const incoming = new Map<string, string[]>();
  for (const e of body.edges) {
    const list = incoming.get(e.to.node);
    if (list) list.push(e.from.node);
    else incoming.set(e.to.node, [e.from.node]);
  }
  // Bellman-Ford style relaxation, bounded (a cycle must not loop forever).
  for (let round = 0; round < body.nodes.length; round++) {
    let changed = false;
    for (const n of body.nodes) {
      const d = Math.max(0, ...(incoming.get(n.id) ?? []).map((src) => (depth.get(src) ?? 0) + 1));
      if (d !== depth.get(n.id) && d <= body.nodes.length) {
        depth.set(n.id, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  const out: Record<string, Point> = {};
  for (const n of body.nodes) {
    const column = depth.get(n.id) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    out[n.id] = { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT };
  }
  return out;
}

/** Whether some node of a body has no position. */
export function hasUnplacedNodes(body: GraphBody, positions: Readonly<Record<string, Point>>): boolean {
  return body.nodes.some((n) => positions[n.id] === undefined);
}

interface Box {
  readonly id: string;
  readonly position: Point;
  readonly measured?: { readonly width?: number; readonly height?: number };
}

/**
 * Whether a drawn layout is cramped: two nodes overlap, or a connected node sits less than `gap`
 * pixels right of its source. Files written by hand or by other tools often are; the editor then
 * lays them out once when they are opened.
 */
export function isCramped(nodes: readonly Box[], edges: ReadonlyArray<{ source: string; target: string }>, gap = 24): boolean {
  const size = (n: Box) => ({ w: n.measured?.width ?? 220, h: n.measured?.height ?? 100 });
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i]!;
    const sa = size(a);
    for (let j = i + 1; j < nodes.length; j++) {
      const b = nodes[j]!;
      const sb = size(b);
      const apart =
        a.position.x + sa.w <= b.position.x || b.position.x + sb.w <= a.position.x || a.position.y + sa.h <= b.position.y || b.position.y + sb.h <= a.position.y;
      if (!apart) return true;
    }
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || t.position.x <= s.position.x) continue;
    if (t.position.x - (s.position.x + size(s).w) < gap) return true;
  }
  return false;
}
