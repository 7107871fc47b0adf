/**
 * A picture of the canvas as SVG, drawn from plain data (node boxes, ports, edge paths, colours) so it
 * is the same in every browser and testable without one. The graph document rides along in the SVG's
 * metadata (see engine/share/svg-graph.ts), so dropping the picture on the editor opens the graph.
 */
import { escapeXml, svgGraphMetadata } from '../../engine/share/svg-graph.ts';

/** A port as drawn: its name, shape text and the centre of its handle (flow coordinates). */
export interface PicturePort {
  readonly name: string;
  readonly shape: string;
  readonly x: number;
  readonly y: number;
}

/** A node box in flow coordinates. */
export interface PictureNode {
  readonly id: string;
  readonly title: string;
  /** Palette category (colours the header). */
  readonly category: string;
  readonly repeat: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly inputs: readonly PicturePort[];
  readonly outputs: readonly PicturePort[];
  readonly chips: readonly string[];
}

/** An edge: its SVG path (flow coordinates) and shape label at (labelX, labelY). */
export interface PictureEdge {
  readonly path: string;
  readonly label: string;
  readonly labelX: number;
  readonly labelY: number;
}

/** Colours of the picture (from the editor's theme). */
export interface PicturePalette {
  readonly background: string;
  readonly nodeBackground: string;
  readonly nodeBorder: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly edge: string;
  readonly labelBackground: string;
  /** Header colour by category; `fallback` for the rest. */
  readonly categories: ReadonlyMap<string, string>;
  readonly fallback: string;
}

/** What to draw. */
export interface PictureScene {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  readonly title: string;
}

const MARGIN = 32;
const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif"`;
const MONO = `font-family="ui-monospace, 'DejaVu Sans Mono', monospace"`;

/** The picture's bounds in flow coordinates, with a margin. */
export function sceneBounds(scene: PictureScene): { x: number; y: number; width: number; height: number } {
  if (scene.nodes.length === 0) return { x: 0, y: 0, width: 2 * MARGIN, height: 2 * MARGIN };
  const left = Math.min(...scene.nodes.map((n) => n.x)) - MARGIN;
  const top = Math.min(...scene.nodes.map((n) => n.y)) - MARGIN;
  const right = Math.max(...scene.nodes.map((n) => n.x + n.width)) + MARGIN;
  const bottom = Math.max(...scene.nodes.map((n) => n.y + n.height)) + MARGIN;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max - 1) + '…' : text);
const n = (v: number): string => String(Math.round(v * 10) / 10);

function nodeSvg(node: PictureNode, p: PicturePalette): string {
  const cat = p.categories.get(node.category) ?? p.fallback;
  const { x, y, width: w, height: h } = node;
  const out: string[] = [];
  if (node.repeat > 1) out.push(`<rect x="${n(x + 4)}" y="${n(y + 4)}" width="${n(w)}" height="${n(h)}" rx="8" fill="${p.nodeBackground}" stroke="${p.nodeBorder}"/>`);
  out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="8" fill="${p.nodeBackground}" stroke="${p.nodeBorder}"/>`);
  out.push(`<path d="M${n(x)} ${n(y + 30)}V${n(y + 8)}a8 8 0 0 1 8 -8H${n(x + w - 8)}a8 8 0 0 1 8 8V${n(y + 30)}Z" fill="${cat}" fill-opacity="0.16"/>`);
  out.push(`<path d="M${n(x + 1)} ${n(y + 6)}a7 7 0 0 1 7 -6H${n(x + w - 8)}a7 7 0 0 1 7 6" fill="none" stroke="${cat}" stroke-width="3"/>`);
  const repeat = node.repeat > 1 ? ` ×${node.repeat}` : '';
  out.push(`<text x="${n(x + 10)}" y="${n(y + 20)}" ${FONT} font-size="12.5" font-weight="650" fill="${p.text}">${escapeXml(clip(node.title, 24) + repeat)}</text>`);
  out.push(`<text x="${n(x + w - 10)}" y="${n(y + 20)}" ${MONO} font-size="10.5" text-anchor="end" fill="${p.faint}">${escapeXml(clip(node.id, 18))}</text>`);
  for (const port of node.inputs) {
    out.push(`<circle cx="${n(port.x)}" cy="${n(port.y)}" r="4" fill="${p.nodeBackground}" stroke="${p.muted}" stroke-width="1.5"/>`);
    out.push(`<text x="${n(port.x + 10)}" y="${n(port.y + 4)}" ${FONT} font-size="11" fill="${p.text}">${escapeXml(port.name)} <tspan ${MONO} font-size="10" fill="${p.muted}">${escapeXml(clip(port.shape, 18))}</tspan></text>`);
  }
  for (const port of node.outputs) {
    out.push(`<circle cx="${n(port.x)}" cy="${n(port.y)}" r="4" fill="${p.nodeBackground}" stroke="${p.muted}" stroke-width="1.5"/>`);
    out.push(`<text x="${n(port.x - 10)}" y="${n(port.y + 4)}" ${FONT} font-size="11" text-anchor="end" fill="${p.text}"><tspan ${MONO} font-size="10" fill="${p.muted}">${escapeXml(clip(port.shape, 18))}</tspan> ${escapeXml(port.name)}</text>`);
  }
  if (node.chips.length > 0)
    out.push(`<text x="${n(x + 10)}" y="${n(y + h - 10)}" ${FONT} font-size="10.5" fill="${p.muted}">${escapeXml(clip(node.chips.join(' · '), 44))}</text>`);
  return `<g data-node="${escapeXml(node.id)}">${out.join('')}</g>`;
}

function edgeSvg(edge: PictureEdge, p: PicturePalette): string {
  const parts = [`<path d="${escapeXml(edge.path)}" fill="none" stroke="${p.edge}" stroke-width="1.6"/>`];
  if (edge.label) {
    const width = edge.label.length * 6.1 + 12;
    parts.push(`<rect x="${n(edge.labelX - width / 2)}" y="${n(edge.labelY - 8)}" width="${n(width)}" height="16" rx="8" fill="${p.labelBackground}" stroke="${p.nodeBorder}"/>`);
    parts.push(`<text x="${n(edge.labelX)}" y="${n(edge.labelY + 3.5)}" ${MONO} font-size="10" text-anchor="middle" fill="${p.muted}">${escapeXml(edge.label)}</text>`);
  }
  return `<g>${parts.join('')}</g>`;
}

/** The SVG text of `scene`, carrying `documentText` in its metadata. */
export function pictureSvg(scene: PictureScene, palette: PicturePalette, documentText: string): string {
  const b = sceneBounds(scene);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(b.width)}" height="${Math.ceil(b.height)}" viewBox="${n(b.x)} ${n(b.y)} ${Math.ceil(b.width)} ${Math.ceil(b.height)}">`,
    `<title>${escapeXml(scene.title)}</title>`,
    svgGraphMetadata(documentText),
    `<rect x="${n(b.x)}" y="${n(b.y)}" width="${Math.ceil(b.width)}" height="${Math.ceil(b.height)}" fill="${palette.background}"/>`,
    ...scene.edges.map((e) => edgeSvg(e, palette)),
    ...scene.nodes.map((node) => nodeSvg(node, palette)),
    `</svg>`,
    '',
  ].join('\n');
}
