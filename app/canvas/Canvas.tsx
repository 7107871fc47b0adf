/**
 * The graph canvas: React Flow over nodes and edges derived from the document. Every change the
 * user makes here goes to the store as a graph action; React Flow only reports intent.
 */
import { own, setOwn } from '../../graph-schema/own.ts';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import type { PortRef } from '../../graph-schema/document.ts';
import type { ConnectCheck, Point } from '../../graph-schema/edits.ts';
import { readableZoom } from '../commands.ts';
import { useCommands } from '../commands-context.ts';
import { BLOCK_DRAG_TYPE } from '../components/Palette.tsx';
import { currentScope } from '../store/scope.ts';
import type { Size } from '../store/types.ts';
import { useEditor, useEditorStore } from '../store/use-editor.ts';
import { BlockNode } from './BlockNode.tsx';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { ConnectionHint } from './ConnectionHint.tsx';
import { isCramped } from '../layout/quick-layout.ts';
import { createFlowModel, measureKey, type FlowEdge, type FlowNode } from './flow-model.ts';
import { QuickAddMenu } from './QuickAdd.tsx';
import { ShapeEdge } from './ShapeEdge.tsx';
import { ZoomLevel } from './ZoomLevel.tsx';

const nodeTypes = { block: BlockNode };
const edgeTypes = { shape: ShapeEdge };
const LARGE_GRAPH = 250;
const MAX_CRAMPED_CHECK = 400;
const INITIAL_FIT_NODES = 24;

/**
 * The viewport for a big graph when it is first shown: its first nodes at a readable zoom, computed
 * from positions and size estimates (most of its nodes are never drawn, so never measured).
 */
function startOfGraph(nodes: readonly FlowNode[], width: number, height: number) {
  const first = nodes.slice(0, INITIAL_FIT_NODES);
  const size = (n: FlowNode) => ({ w: n.measured?.width ?? n.initialWidth ?? 240, h: n.measured?.height ?? n.initialHeight ?? 120 });
  const minX = Math.min(...first.map((n) => n.position.x));
  const minY = Math.min(...first.map((n) => n.position.y));
  const maxX = Math.max(...first.map((n) => n.position.x + size(n).w));
  const maxY = Math.max(...first.map((n) => n.position.y + size(n).h));
  const pad = 40;
  const zoom = Math.min(1, Math.max(0.6, Math.min((width - 2 * pad) / (maxX - minX), (height - 2 * pad) / (maxY - minY))));
  return { x: pad - minX * zoom, y: pad - minY * zoom, zoom };
}

/** Port references of a React Flow connection (source = output, target = input). */
export function refsOf(c: Connection | Edge): { from: PortRef; to: PortRef } {
  return { from: { node: c.source, port: c.sourceHandle ?? '' }, to: { node: c.target, port: c.targetHandle ?? '' } };
}

/** The editor canvas. */
export function Canvas() {
  const store = useEditorStore();
  const commands = useCommands();
  const model = useMemo(createFlowModel, []);
  const nodes = useEditor(model.nodes);
  const edges = useEditor(model.edges);
  const theme = useEditor((s) => s.ui.theme);
  const readOnly = useEditor((s) => s.readOnly); // a shared graph before "Keep a copy"
  const fitRequest = useEditor((s) => s.ui.fitRequest);
  const focus = useEditor((s) => s.ui.focus);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const checks = useRef(new Map<string, ConnectCheck>());

  useEffect(() => {
    commands.attachFlow(flow);
    return () => commands.attachFlow(null);
  }, [commands, flow]);

  // Fit new documents and opened subgraphs. A big graph opens at a readable zoom on its start
  // instead of a thousand unreadable specks (Fit view still shows everything).
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  useEffect(() => {
    // (React Flow queues a fit of an empty graph until nodes appear: the first added node would jump.)
    if (nodesRef.current.length === 0) return;
    const id = requestAnimationFrame(() => {
      const shown = nodesRef.current;
      const el = wrapper.current;
      if (shown.length > LARGE_GRAPH && el) void flow.setViewport(startOfGraph(shown, el.clientWidth, el.clientHeight));
      else void flow.fitView({ padding: 0.15, maxZoom: 1, minZoom: readableZoom(shown.length) });
    });
    return () => cancelAnimationFrame(id);
  }, [fitRequest, flow]);

  useEffect(() => {
    if (!focus) return;
    const id = requestAnimationFrame(() => {
      const n = flow.getInternalNode(focus.node);
      if (!n) return;
      const w = n.measured.width ?? 220;
      const h = n.measured.height ?? 100;
      void flow.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
    });
    return () => cancelAnimationFrame(id);
  }, [focus, flow]);

  // A freshly shown graph whose saved layout is cramped for our node sizes gets laid out once.
  const [layoutCheckedFor, setLayoutCheckedFor] = useState(-1);
  useEffect(() => {
    if (layoutCheckedFor === fitRequest) return;
    const checkable = nodes.length > 1 && nodes.length <= MAX_CRAMPED_CHECK;
    if (checkable && nodes.some((n) => !n.measured)) return; // wait until drawn
    setLayoutCheckedFor(fitRequest);
    if (checkable && isCramped(nodes, edges)) void commands.autoLayout({ record: false });
  }, [nodes, edges, fitRequest, commands, layoutCheckedFor]);
  const busy = useEditor((s) => s.ui.busy !== null);
  const layoutState = busy ? 'busy' : layoutCheckedFor === fitRequest ? 'idle' : 'pending';
  // Until a freshly shown small graph is measured and checked, it may still be re-laid out: not drawn yet.
  const measuring = layoutCheckedFor !== fitRequest && nodes.length > 1 && nodes.length <= MAX_CRAMPED_CHECK && nodes.some((n) => !n.measured);

  const check = useCallback(
    (c: Connection | Edge): ConnectCheck => {
      const { from, to } = refsOf(c);
      const key = `${from.node}:${from.port}->${to.node}:${to.port}`;
      let r = checks.current.get(key);
      if (!r) checks.current.set(key, (r = store.getState().checkConnection(from, to)));
      return r;
    },
    [store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const s = store.getState();
      const scope = currentScope(s.ui);
      const sizes: Record<string, Size> = {};
      const positions: Record<string, Point> = {};
      let selection: Set<string> | null = null;
      for (const ch of changes) {
        if (ch.type === 'dimensions' && ch.dimensions) {
          const key = measureKey(scope, ch.id);
          const old = own(s.ui.measured, key);
          if (!old || old.width !== ch.dimensions.width || old.height !== ch.dimensions.height) sizes[key] = ch.dimensions;
        } else if (ch.type === 'position' && ch.position) setOwn(positions, ch.id, ch.position);
        else if (ch.type === 'select') {
          selection ??= new Set(s.ui.selection.nodes);
          if (ch.selected) selection.add(ch.id);
          else selection.delete(ch.id);
        }
      }
      if (Object.keys(sizes).length > 0) s.setMeasured(sizes);
      if (Object.keys(positions).length > 0) s.moveNodes(positions);
      if (selection) store.getState().setSelection({ nodes: [...selection], edges: store.getState().ui.selection.edges });
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const s = store.getState();
      let selection: Set<string> | null = null;
      for (const ch of changes) {
        if (ch.type !== 'select') continue;
        selection ??= new Set(s.ui.selection.edges);
        if (ch.selected) selection.add(ch.id);
        else selection.delete(ch.id);
      }
      if (selection) s.setSelection({ nodes: store.getState().ui.selection.nodes, edges: [...selection] });
    },
    [store],
  );

  const pointerIn = (clientX: number, clientY: number) => {
    const r = wrapper.current?.getBoundingClientRect();
    return { screen: { x: clientX - (r?.left ?? 0), y: clientY - (r?.top ?? 0) }, flow: flow.screenToFlowPosition({ x: clientX, y: clientY }) };
  };

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const s = store.getState();
      if (state.toHandle && state.isValid === false && state.fromHandle) {
        const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
        const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
        const r = check({ source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null });
        if (!r.ok) s.toast(`Can't connect: ${r.reason}`, 'error', { x: point.clientX, y: point.clientY });
      } else if (!state.toHandle && state.fromHandle && (event.target as Element | null)?.closest?.('.react-flow__pane')) {
        const at = pointerIn(point.clientX, point.clientY);
        s.setQuickAdd({
          ...at,
          pending: { ref: { node: state.fromHandle.nodeId, port: state.fromHandle.id ?? '' }, side: state.fromHandle.type === 'source' ? 'output' : 'input' },
        });
      }
      checks.current.clear();
    },
    [store, check, flow],
  );

  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes(BLOCK_DRAG_TYPE) || e.dataTransfer.types.includes('Files')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  };
  const onDrop = (e: DragEvent) => {
    const blockId = e.dataTransfer.getData(BLOCK_DRAG_TYPE);
    const file = e.dataTransfer.files[0];
    if (!blockId && !file) return;
    e.preventDefault();
    if (blockId) {
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store.getState().addBlock(blockId, { x: p.x - 110, y: p.y - 24 });
    } else if (file) void commands.openFile(file);
  };
  const onDoubleClick = (e: ReactMouseEvent) => {
    if (!(e.target as Element).closest('.react-flow__pane') || (e.target as Element).closest('.react-flow__node')) return;
    store.getState().setQuickAdd(pointerIn(e.clientX, e.clientY));
  };

  return (
    <section className="fw-canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} aria-label="Graph canvas" data-layout={layoutState} data-measuring={measuring ? 'true' : undefined}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(c) => {
          const { from, to } = refsOf(c);
          const r = store.getState().connectPorts(from, to);
          if (!r.ok) store.getState().toast(`Can't connect: ${r.reason}`, 'error');
        }}
        isValidConnection={(c) => check(c).ok}
        onConnectStart={() => checks.current.clear()}
        onConnectEnd={onConnectEnd}
        onNodeDragStart={() => store.getState().beginGesture()}
        onNodeDragStop={() => store.getState().endGesture()}
        onSelectionDragStart={() => store.getState().beginGesture()}
        onSelectionDragStop={() => store.getState().endGesture()}
        onNodeDoubleClick={(_, node) => {
          if (node.data.view.subgraph) store.getState().openSubgraph(node.data.view.subgraph);
        }}
        onPaneClick={() => store.getState().setQuickAdd(null)}
        onPaneContextMenu={(e) => e.preventDefault()}
        onDoubleClick={onDoubleClick}
        onMoveStart={() => wrapper.current?.classList.add('is-moving')}
        onMoveEnd={() => wrapper.current?.classList.remove('is-moving')}
        onMouseMove={(e) => commands.setPointer(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }))}
        onMouseLeave={() => commands.setPointer(null)}
        colorMode={theme}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        selectionOnDrag
        panOnDrag={[1, 2]}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        zoomOnDoubleClick={false}
        connectionRadius={28}
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements={nodes.length > LARGE_GRAPH}
        elevateEdgesOnSelect
      >
        {/* The dot grid is repainted on every pan frame; big graphs get a plain canvas instead. */}
        {nodes.length <= LARGE_GRAPH && <Background variant={BackgroundVariant.Dots} gap={24} size={1.4} />}
        <MiniMap pannable zoomable nodeClassName={(n) => `fw-cat-${(n as FlowNode).data.view.category}`} ariaLabel="Minimap" />
        <Controls showInteractive={false} position="bottom-left" />
        <ConnectionHint check={check} container={wrapper} />
        <ZoomLevel target={wrapper} />
      </ReactFlow>
      <Breadcrumbs />
      <QuickAddMenu />
      {nodes.length === 0 && (
        <div className="fw-canvas-empty">
          <p>This graph is empty.</p>
          <p>Drag a block from the palette, or double-click here to search for one.</p>
        </div>
      )}
    </section>
  );
}
