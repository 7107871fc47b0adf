/**
 * `canConnect`: may an edge go from an output port to an input port? Answers with a reason a
 * person can act on — the same rules inference applies (occupied input, cycle, dtype, shape), checked
 * locally so the editor can ask on every pointer move while a connection is being dragged.
 */
import type { AnyBlock, TensorType } from './block.ts';
import type { Catalogue } from './catalogue.ts';
import type { DiagnosticCode } from './diagnostics.ts';
import { formatShape, unify, type Bindings } from './dims.ts';
import type { GraphDocument, GraphEdge, PortRef } from './document.ts';
import { getBody, type Scope } from './edits-body.ts';
import { analyzeGraph, edgeType, type BodyInfo } from './infer.ts';
import { defaultParams } from './params.ts';
import { nodePorts } from './ports.ts';

/** The answer of `canConnect`. */
export type ConnectCheck = { readonly ok: true } | { readonly ok: false; readonly code: DiagnosticCode; readonly reason: string };

/** Options of `canConnect` and `connect`. */
export interface ConnectOptions {
  /** The body the edge would be in (default: the top level). */
  readonly scope?: Scope;
  /**
   * Known type of an output port in that scope (from a recent analysis). Without it the document
   * is analysed here — fine for tests and small graphs, too slow to call per pointer move on big ones.
   */
  readonly typeOf?: (ref: PortRef) => TensorType | undefined;
}

const refused = (code: DiagnosticCode, reason: string): ConnectCheck => ({ ok: false, code, reason });

/** Whether an edge `from` → `to` may be added, and if not, why. Pure; never throws. */
export function canConnect(doc: GraphDocument, catalogue: Catalogue, from: PortRef, to: PortRef, options: ConnectOptions = {}): ConnectCheck {
  const scope = options.scope ?? null;
  const body = getBody(doc, scope);
  const source = body.nodes.find((n) => n.id === from.node);
  const target = body.nodes.find((n) => n.id === to.node);
  if (!source || !target) return refused('FW012', `there is no node '${!source ? from.node : to.node}' here`);
  if (source.id === target.id) return refused('FW016', `'${source.id}' cannot feed itself: that would be a cycle`);
  const sourcePorts = nodePorts(source, doc, catalogue);
  const targetPorts = nodePorts(target, doc, catalogue);
  const outPort = sourcePorts?.outputs.find((p) => p.name === from.port);
  const inPort = targetPorts?.inputs.find((p) => p.name === to.port);
  if (!outPort) return refused('FW013', `'${source.id}' has no output '${from.port}'`);
  if (!inPort) return refused('FW013', `'${target.id}' has no input '${to.port}'`);

  const occupant = body.edges.find((e) => e.to.node === to.node && e.to.port === to.port);
  if (occupant)
    return refused(
      'FW014',
      `input '${to.port}' of '${target.id}' is already connected to '${occupant.from.node}'. Delete that edge first (an Add block combines two tensors).`,
    );

  const loop = pathBetween(body.edges, target.id, source.id);
  if (loop) return refused('FW016', `that would make a cycle: ${[...loop, target.id].join(' → ')}. Data must flow one way.`);

  const typeOf = options.typeOf ?? lazyTypes(doc, catalogue, scope);
  const arriving = typeOf(from);
  if (!arriving || target.block === undefined) return { ok: true };
  const block = catalogue.get(target.block);
  if (!block) return { ok: true };
  if (inPort.dtype !== 'any' && inPort.dtype !== arriving.dtype) {
    const adapters = adaptersBetween(catalogue, arriving.dtype, inPort.dtype).slice(0, 5);
    const advice =
      adapters.length === 1 ? ` Put a ${adapters[0]!.title} in between.` : adapters.length > 1 ? ` Put one of these in between: ${adapters.map((a) => a.title).join(', ')}.` : '';
    return refused('FW031', `${block.title} input '${to.port}' takes ${inPort.dtype}, but '${from.node}' gives ${arriving.dtype}.${advice}`);
  }
  const shapeProblem = shapeMismatch(block, target.params ?? {}, to.port, arriving, (port) => {
    const edge = body.edges.find((e) => e.to.node === target.id && e.to.port === port);
    return edge ? typeOf(edge.from) : undefined;
  });
  if (shapeProblem) return refused('FW030', `${block.title} input '${to.port}' ${shapeProblem}`);
  return { ok: true };
}

/** Node ids on a path `start` → … → `goal` following edges, or null when there is none. */
function pathBetween(edges: readonly GraphEdge[], start: string, goal: string): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from.node);
    if (list) list.push(e.to.node);
    else next.set(e.from.node, [e.to.node]);
  }
  const cameFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === goal) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const n of next.get(id) ?? []) if (!cameFrom.has(n)) (cameFrom.set(n, id), queue.push(n));
  }
  return null;
}

/** Unifies the target block's declared inputs with what arrives, as inference will. */
function shapeMismatch(
  block: AnyBlock,
  params: Readonly<Record<string, unknown>>,
  port: string,
  arriving: TensorType,
  connectedType: (port: string) => TensorType | undefined,
): string | null {
  const bindings: Bindings = new Map();
  const values = { ...defaultParams(block.params), ...params };
  for (const [name, spec] of Object.entries(block.params)) {
    const v = values[name];
    if (spec.kind === 'int' && typeof v === 'number' && Number.isInteger(v)) bindings.set(name, v);
  }
  for (const p of block.inputs) {
    if (p.name === port) continue;
    const t = connectedType(p.name);
    if (t && unify(p.shape, t.shape, bindings) !== null) return null; // already broken: leave it to inference
  }
  const spec = block.inputs.find((p) => p.name === port)!;
  const problem = unify(spec.shape, arriving.shape, bindings);
  return problem ? `${problem} (it receives ${formatShape(arriving.shape)})` : null;
}

/** Blocks turning `fromDtype` into `toDtype` (e.g. an embedding for int64 → float32), in catalogue order. */
export function adaptersBetween(catalogue: Catalogue, fromDtype: string, toDtype: string): AnyBlock[] {
  return catalogue
    .list()
    .filter(
      (b) =>
        b.role === undefined &&
        b.inputs.length === 1 &&
        b.inputs[0]!.dtype === fromDtype &&
        b.outputs.length === 1 &&
        b.outputs[0]!.dtype === toDtype,
    );
}

/** Output types from a one-off analysis, computed on first use. */
function lazyTypes(doc: GraphDocument, catalogue: Catalogue, scope: Scope): (ref: PortRef) => TensorType | undefined {
  let body: BodyInfo | undefined;
  let done = false;
  return (ref) => {
    if (!done) {
      const analysis = analyzeGraph(doc, catalogue);
      body = scope === null ? analysis.top : analysis.subgraphBodies.get(scope);
      done = true;
    }
    return body ? edgeType(body, ref) : undefined;
  };
}
