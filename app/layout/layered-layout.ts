/**
 * Auto-layout in linear time, on the main thread (ELK took ~45 s for 600 blocks and drew outputs
 * left of their inputs when it wrapped). Reads like the figures people know:
 *   - columns by longest path from the inputs, so every edge runs left to right;
 *   - the main path stays on one row: a column's nodes are ordered by where their inputs sit,
 *     so a residual block's skip connection becomes a side arc over the branch;
 *   - long chains wrap into horizontal bands stacked top to bottom (a layer stack reads as bands),
 *     with the number of columns per band chosen so the whole graph is about as wide as a screen;
 *   - unconnected blocks: inputs first, outputs last, the rest in document order.
 * Bounded: O(nodes + edges) plus O(columns²) for choosing the band width.
 */
import type { GraphBody } from '../../graph-schema/document.ts';
import type { Point } from '../../graph-schema/edits.ts';

/** A node's size in flow pixels. */
export interface BoxSize {
  readonly width: number;
  readonly height: number;
}

/** Where a node belongs when it has nothing to order it by. */
export type LayoutRole = 'input' | 'output' | 'other';

/** Horizontal gap between columns, vertical gap between nodes and between bands. */
export const COLUMN_GAP = 110;
export const ROW_GAP = 44;
export const BAND_GAP = 90;
/** The width:height the bands aim for (a wide screen, leaving room for the panels). */
const TARGET_ASPECT = 1.7;

/** Positions for every node of a body. `sizeOf` and `roleOf` are asked once per node. */
export function layeredLayout(body: GraphBody, sizeOf: (id: string) => BoxSize, roleOf: (id: string) => LayoutRole = () => 'other'): Map<string, Point> {
  const n = body.nodes.length;
  const index = new Map<string, number>();
  body.nodes.forEach((node, i) => index.set(node.id, i));
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (const e of body.edges) {
    const a = index.get(e.from.node);
    const b = index.get(e.to.node);
    if (a === undefined || b === undefined || a === b) continue;
    succ[a]!.push(b);
    pred[b]!.push(a);
  }
  const roles = body.nodes.map((node) => roleOf(node.id));
  const depth = longestPathDepths(succ, pred);
  const connected = (i: number) => succ[i]!.length > 0 || pred[i]!.length > 0;
  let maxDepth = 0;
  for (let i = 0; i < n; i++) if (connected(i)) maxDepth = Math.max(maxDepth, depth[i]!);
  const anyMiddle = roles.some((r, i) => r === 'other' && !connected(i));
  const last = Math.max(maxDepth, anyMiddle ? 2 : 1);
  for (let i = 0; i < n; i++) {
    if (roles[i] === 'output' && succ[i]!.length === 0 && n > 1) depth[i] = last; // outputs at the far right
    else if (!connected(i)) depth[i] = roles[i] === 'input' ? 0 : maxDepth > 0 ? Math.min(1, maxDepth) : anyMiddle ? 1 : 0;
  }
  const columns = orderColumns(depth, pred, roles);
  return place(columns, body.nodes.map((node) => node.id), sizeOf);
}

/** Longest path from a source, per node (Kahn's order); nodes on a cycle go after their placed inputs. */
function longestPathDepths(succ: readonly number[][], pred: readonly number[][]): number[] {
  const n = succ.length;
  const depth = new Array<number>(n).fill(0);
  const remaining = pred.map((p) => p.length);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (remaining[i] === 0) queue.push(i);
  const done = new Array<boolean>(n).fill(false);
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    done[u] = true;
    for (const v of succ[u]!) {
      depth[v] = Math.max(depth[v]!, depth[u]! + 1);
      if (--remaining[v]! === 0) queue.push(v);
    }
  }
  // A cycle (the analysis reports it): place its nodes after whatever inputs were placed.
  for (let i = 0; i < n; i++) {
    if (done[i]) continue;
    for (const p of pred[i]!) if (done[p]) depth[i] = Math.max(depth[i]!, depth[p]! + 1);
    done[i] = true;
  }
  return depth;
}

/** Nodes per column, each column ordered by the mean row of its inputs (document order breaks ties). */
function orderColumns(depth: readonly number[], pred: readonly number[][], roles: readonly LayoutRole[]): number[][] {
  const columns: number[][] = [];
  depth.forEach((d, i) => (columns[d] ??= []).push(i));
  const row = new Array<number>(depth.length).fill(0);
  const rank = (r: LayoutRole) => (r === 'input' ? 0 : r === 'output' ? 2 : 1);
  for (let c = 0; c < columns.length; c++) {
    const column = (columns[c] ??= []);
    const key = column.map((i) => {
      const placed = pred[i]!.filter((p) => depth[p]! < c);
      return placed.length > 0 ? placed.reduce((sum, p) => sum + row[p]!, 0) / placed.length : Number.POSITIVE_INFINITY;
    });
    const order = column.map((_, k) => k).sort((a, b) => key[a]! - key[b]! || rank(roles[column[a]!]!) - rank(roles[column[b]!]!) || column[a]! - column[b]!);
    columns[c] = order.map((k) => column[k]!);
    columns[c]!.forEach((i, r) => (row[i] = r));
  }
  return columns.filter((column) => column.length > 0);
}

/** Lays the columns out left to right, wrapped into bands. */
function place(columns: readonly number[][], ids: readonly string[], sizeOf: (id: string) => BoxSize): Map<string, Point> {
  const sizes = ids.map((id) => sizeOf(id));
  const widths = columns.map((column) => Math.max(...column.map((i) => sizes[i]!.width)));
  const heights = columns.map((column) => column.reduce((sum, i) => sum + sizes[i]!.height, 0) + ROW_GAP * (column.length - 1));
  const perBand = bandWidth(widths, heights);
  const out = new Map<string, Point>();
  let top = 0;
  for (let start = 0; start < columns.length; start += perBand) {
    const end = Math.min(columns.length, start + perBand);
    let x = 0;
    let bandHeight = 0;
    for (let c = start; c < end; c++) {
      let y = top;
      for (const i of columns[c]!) {
        out.set(ids[i]!, { x: Math.round(x), y: Math.round(y) });
        y += sizes[i]!.height + ROW_GAP;
      }
      x += widths[c]! + COLUMN_GAP;
      bandHeight = Math.max(bandHeight, heights[c]!);
    }
    top += bandHeight + BAND_GAP;
  }
  return out;
}

/** How many columns a band holds: the count whose bounding box is closest to TARGET_ASPECT. */
function bandWidth(widths: readonly number[], heights: readonly number[]): number {
  const count = widths.length;
  if (count <= 6) return Math.max(1, count); // a short chain reads best on one row
  let best = count;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let k = 3; k <= count; k++) {
    let width = 0;
    let height = 0;
    for (let start = 0; start < count; start += k) {
      let w = 0;
      let h = 0;
      for (let c = start; c < Math.min(count, start + k); c++) (w += widths[c]! + COLUMN_GAP), (h = Math.max(h, heights[c]!));
      width = Math.max(width, w);
      height += h + BAND_GAP;
    }
    const score = Math.abs(Math.log(width / height / TARGET_ASPECT));
    if (score < bestScore) (best = k), (bestScore = score);
    if (width / height > TARGET_ASPECT * 2) break; // only gets wider from here
  }
  return best;
}

/** A size for a node that has not been drawn yet, from its port and param counts. */
export function estimateSize(inputs: number, outputs: number, params: number): BoxSize {
  return { width: 240, height: 46 + 26 * Math.max(1, inputs, outputs) + (params > 0 ? 28 : 0) };
}
