/**
 * Positions for nodes that have no position yet: the layered layout (layered-layout.ts) with size
 * estimates, instant even for a thousand nodes.
 */
import { own } from '../../graph-schema/own.ts';
import type { GraphBody } from '../../graph-schema/document.ts';
import type { Point } from '../../graph-schema/edits.ts';
import { layeredLayout, type BoxSize, type LayoutRole } from './layered-layout.ts';

const DEFAULT_SIZE: BoxSize = { width: 240, height: 150 };

/** Positions for every node of a body (an own-property record: ids such as `__proto__` are safe). */
export function quickLayout(body: GraphBody, sizeOf: (id: string) => BoxSize = () => DEFAULT_SIZE, roleOf?: (id: string) => LayoutRole): Record<string, Point> {
  return Object.fromEntries(layeredLayout(body, sizeOf, roleOf));
}

/** Whether some node of a body has no position. */
export function hasUnplacedNodes(body: GraphBody, positions: Readonly<Record<string, Point>>): boolean {
  return body.nodes.some((n) => own(positions, n.id) === undefined);
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
