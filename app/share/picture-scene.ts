/**
 * Reads what the canvas shows (React Flow's nodes with their measured sizes and handle positions, the
 * edges' shape labels, the theme's colours) into a plain `PictureScene` for `pictureSvg`. With nodes
 * selected, only they and the edges between them are drawn.
 */
import { getBezierPath, Position, type ReactFlowInstance } from '@xyflow/react';
import type { FlowEdge, FlowNode } from '../canvas/flow-model.ts';
import type { PictureEdge, PictureNode, PicturePalette, PicturePort, PictureScene } from './picture-svg.ts';

const CATEGORIES = ['input', 'encoding', 'attention', 'layers', 'math', 'output', 'structure', 'subgraph', 'unknown'];

/** The theme's colours, read from the CSS variables on the document element. */
export function paletteFromCss(root: Element = document.documentElement): PicturePalette {
  const css = getComputedStyle(root);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--canvas', '#0b0d12'),
    nodeBackground: v('--node-bg', '#171b24'),
    nodeBorder: v('--node-border', '#2b3142'),
    text: v('--text', '#e7e9f0'),
    muted: v('--text-muted', '#a0a8b8'),
    faint: v('--text-faint', '#6c7486'),
    edge: v('--edge', '#5b6478'),
    labelBackground: v('--edge-label-bg', '#1c212d'),
    categories: new Map(CATEGORIES.map((c) => [c, v(`--cat-${c}`, '#94a3b8')])),
    fallback: v('--cat-structure', '#94a3b8'),
  };
}

type Flow = ReactFlowInstance<FlowNode, FlowEdge>;
type HandleBox = { readonly id?: string | null; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly position: Position };

/** Where a handle's edge attaches, in flow coordinates (as React Flow computes it). */
function anchor(node: { x: number; y: number }, handle: HandleBox) {
  const x = node.x + handle.x + (handle.position === Position.Right ? handle.width : handle.position === Position.Left ? 0 : handle.width / 2);
  return { x, y: node.y + handle.y + handle.height / 2 };
}

/** The scene of the open scope (or of the selected nodes). */
export function sceneFromFlow(flow: Flow, selected: readonly string[], title: string): PictureScene {
  const only = selected.length > 0 ? new Set(selected) : null;
  const nodes: PictureNode[] = [];
  const anchors = new Map<string, { x: number; y: number }>();
  for (const node of flow.getNodes()) {
    if (only && !only.has(node.id)) continue;
    const internal = flow.getInternalNode(node.id);
    const at = internal?.internals.positionAbsolute ?? node.position;
    const width = node.measured?.width ?? node.width ?? 220;
    const height = node.measured?.height ?? node.height ?? 80;
    const bounds = internal?.internals.handleBounds;
    const ports = (list: typeof node.data.view.inputs, handles: readonly HandleBox[] | null, side: 'in' | 'out'): PicturePort[] =>
      list.map((port, i) => {
        const h = handles?.find((x) => x.id === port.name);
        const p = h ? anchor(at, h) : { x: side === 'in' ? at.x : at.x + width, y: at.y + 46 + i * 26 };
        anchors.set(`${node.id}\u0000${side}\u0000${port.name}`, p);
        return { name: port.name, shape: port.shape, x: p.x, y: p.y };
      });
    const view = node.data.view;
    nodes.push({
      id: node.id,
      title: view.title,
      category: view.category,
      repeat: view.repeat,
      x: at.x,
      y: at.y,
      width,
      height,
      inputs: ports(view.inputs, bounds?.target ?? null, 'in'),
      outputs: ports(view.outputs, bounds?.source ?? null, 'out'),
      chips: view.params.map((p) => `${p.name} ${p.value}`),
    });
  }
  const edges: PictureEdge[] = [];
  for (const edge of flow.getEdges()) {
    const from = anchors.get(`${edge.source}\u0000out\u0000${edge.sourceHandle ?? ''}`);
    const to = anchors.get(`${edge.target}\u0000in\u0000${edge.targetHandle ?? ''}`);
    if (!from || !to) continue;
    const [path, labelX, labelY] = getBezierPath({ sourceX: from.x, sourceY: from.y, sourcePosition: Position.Right, targetX: to.x, targetY: to.y, targetPosition: Position.Left });
    edges.push({ path, label: edge.data?.label ?? '', labelX, labelY });
  }
  return { nodes, edges, title };
}
