/**
 * The SVG picture drawn from plain scene data: bounds with a margin, node names escaped (ids are data),
 * the graph document in the metadata read back exactly, and one group per node.
 */
import { describe, expect, it } from 'vitest';
import { graphTextFromSvg } from '../../engine/share/svg-graph.ts';
import { pictureSvg, sceneBounds, type PicturePalette, type PictureScene } from '../../app/share/picture-svg.ts';

const palette: PicturePalette = {
  background: '#fff', nodeBackground: '#eee', nodeBorder: '#999', text: '#000', muted: '#555', faint: '#888', edge: '#777', labelBackground: '#fafafa',
  categories: new Map([['attention', '#f97316']]), fallback: '#94a3b8',
};

const scene: PictureScene = {
  title: 'A <small> & "odd" graph',
  nodes: [
    { id: '__proto__', title: 'Multi-head <attention>', category: 'attention', repeat: 2, x: 100, y: 50, width: 220, height: 90, inputs: [{ name: 'x', shape: '[B, T, 32]', x: 100, y: 90 }], outputs: [{ name: 'y', shape: '[B, T, 32]', x: 320, y: 90 }], chips: ['heads 4'] },
    { id: 'out&1', title: 'Output', category: 'output', repeat: 1, x: 400, y: 60, width: 150, height: 60, inputs: [{ name: 'x', shape: '[B, T, 32]', x: 400, y: 95 }], outputs: [], chips: [] },
  ],
  edges: [{ path: 'M320,90 C360,90 360,95 400,95', label: '[B, T, 32]', labelX: 360, labelY: 92 }],
};

describe('pictureSvg', () => {
  it('draws every node inside the bounds, escapes text, and carries the document', () => {
    const doc = '{"format":"formwork.graph","meta":{"title":"</metadata> & <svg>"}}\n';
    const svg = pictureSvg(scene, palette, doc);
    expect(sceneBounds(scene)).toEqual({ x: 68, y: 18, width: 514, height: 154 });
    expect(svg).toMatch(/viewBox="68 18 514 154"/);
    expect(svg.match(/<g data-node=/g)).toHaveLength(2);
    expect(svg).toContain('data-node="out&amp;1"');
    expect(svg).toContain('Multi-head &lt;attention&gt; ×2');
    expect(svg).not.toMatch(/<attention>|<small>/);
    expect(graphTextFromSvg(svg)).toEqual({ ok: true, value: doc, warnings: [] });
  });

  it('an empty scene is a small blank picture that still carries the document', () => {
    const svg = pictureSvg({ title: 'empty', nodes: [], edges: [] }, palette, '{}');
    expect(svg).toMatch(/width="64" height="64"/);
    expect(graphTextFromSvg(svg)).toMatchObject({ ok: true, value: '{}' });
  });
});
