/**
 * The layered auto-layout (issue 15 items 4, 9, 14): linear time on 1,000 blocks, no overlaps,
 * every edge forward (right within a band, or down to a later band), outputs right of inputs,
 * unconnected blocks in reading order, and ids such as `__proto__` kept as plain data.
 */
import { describe, expect, it } from 'vitest';
import type { GraphBody } from '../../graph-schema/document.ts';
import { generateEditorGraph } from '../../bench/editor-graph.ts';
import { layeredLayout, type LayoutRole } from '../../app/layout/layered-layout.ts';
import { quickLayout } from '../../app/layout/quick-layout.ts';

const size = { width: 240, height: 150 };
const body = (ids: string[], edges: [string, string][]): GraphBody => ({
  nodes: ids.map((id) => ({ id, block: 'Add' })),
  edges: edges.map(([a, b]) => ({ from: { node: a, port: 'y' }, to: { node: b, port: 'x' } })),
});

describe('layeredLayout', () => {
  it('lays out 1,000 blocks in well under a second with no overlap and every edge forward', () => {
    const doc = generateEditorGraph(1000);
    const started = performance.now();
    const at = layeredLayout(doc, () => size);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(at.size).toBe(1000);
    const boxes = [...at.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(boxes).size).toBe(1000); // same size boxes on a grid: distinct corners = no overlap
    for (const e of doc.edges) {
      const a = at.get(e.from.node)!;
      const b = at.get(e.to.node)!;
      expect(b.x > a.x || b.y >= a.y + size.height).toBe(true);
    }
    // Wrapped into bands: about as wide as a screen, not one 300,000-pixel row.
    const xs = [...at.values()].map((p) => p.x);
    const ys = [...at.values()].map((p) => p.y);
    const ratio = (Math.max(...xs) + size.width) / (Math.max(...ys) + size.height);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(4);
  });

  it('keeps the main path of a residual block on one row, the skip as a side arc', () => {
    const at = layeredLayout(body(['x', 'norm', 'ff', 'add', 'out'], [['x', 'norm'], ['norm', 'ff'], ['ff', 'add'], ['x', 'add'], ['add', 'out']]), () => size);
    expect(new Set(['x', 'norm', 'ff', 'add', 'out'].map((id) => at.get(id)!.y)).size).toBe(1);
    expect(at.get('add')!.x).toBeGreaterThan(at.get('ff')!.x);
  });

  it('puts unconnected inputs first and outputs last, whatever the document order', () => {
    const role = (id: string): LayoutRole => (id === 'in' ? 'input' : id === 'out' ? 'output' : 'other');
    const at = layeredLayout(body(['out', 'mid', 'in'], []), () => size, role);
    expect(at.get('in')!.x).toBeLessThan(at.get('mid')!.x);
    expect(at.get('mid')!.x).toBeLessThan(at.get('out')!.x);
  });

  it('survives a cycle and treats ids such as __proto__ and constructor as data', () => {
    const placed = quickLayout(body(['__proto__', 'constructor', 'toString'], [['__proto__', 'constructor'], ['constructor', 'toString'], ['toString', 'constructor']]));
    expect(Object.keys(placed).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(placed)).toBe(Object.prototype);
    expect(Object.hasOwn(placed, '__proto__')).toBe(true);
  });
});
