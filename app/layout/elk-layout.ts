/**
 * Auto-layout with ELK's layered algorithm, left to right, port-aware (inputs on the west side in
 * declared order, outputs on the east). ELK runs in its own Web Worker, so laying out a thousand
 * nodes never freezes the editor.
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { getBody, type Point, type Scope } from '../../graph-schema/edits.ts';
import { nodePorts } from '../../graph-schema/ports.ts';

/** A node's size in flow pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

let elk: InstanceType<typeof ELK> | null = null;
const getElk = () => (elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl, { name: 'formwork-elk' }) }));

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'SPLINES',
  'elk.layered.spacing.nodeNodeBetweenLayers': '130',
  'elk.spacing.nodeNode': '48',
  'elk.spacing.edgeNode': '24',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '80',
  // Long chains (a transformer is one) wrap into rows instead of one very wide line.
  'elk.layered.wrapping.strategy': 'MULTI_EDGE',
  'elk.layered.wrapping.additionalEdgeSpacing': '30',
  'elk.aspectRatio': '2.2',
};

/** Where the handle of port `index` of `count` sits (matches the node's row layout closely enough). */
const portY = (index: number, header: number, row: number) => header + row * index + row / 2;

/**
 * Lays out one scope of a document. `sizeOf` gives each node's rendered size (measured, or an
 * estimate). Resolves to new positions for every node of the scope.
 */
export async function layoutScope(doc: GraphDocument, catalogue: Catalogue, scope: Scope, sizeOf: (id: string) => Size): Promise<Record<string, Point>> {
  const body = getBody(doc, scope);
  const graph: ElkNode = {
    id: '__root',
    layoutOptions: LAYOUT_OPTIONS,
    children: body.nodes.map((n) => {
      const size = sizeOf(n.id);
      const ports = nodePorts(n, doc, catalogue);
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          ...(ports?.inputs ?? []).map((p, i) => ({
            id: `${n.id}::in::${p.name}`,
            width: 8,
            height: 8,
            x: -4,
            y: portY(i, 40, 26),
            layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String((ports?.inputs.length ?? 0) - i) },
          })),
          ...(ports?.outputs ?? []).map((p, i) => ({
            id: `${n.id}::out::${p.name}`,
            width: 8,
            height: 8,
            x: size.width - 4,
            y: portY(i, 40, 26),
            layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
          })),
        ],
      };
    }),
    edges: body.edges.map((e, i) => ({
      id: `e${i}`,
      sources: [`${e.from.node}::out::${e.from.port}`],
      targets: [`${e.to.node}::in::${e.to.port}`],
    })),
  };
  const result = await getElk().layout(graph);
  const out: Record<string, Point> = {};
  for (const child of result.children ?? []) out[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return out;
}

/** A size for a node that has not been rendered yet, from its port and param counts. */
export function estimateSize(inputs: number, outputs: number, params: number): Size {
  return { width: 240, height: 46 + 26 * Math.max(1, inputs, outputs) + (params > 0 ? 28 : 0) };
}
