/**
 * What a node shows, computed from its block definition (or subgraph interface), the latest
 * analysis and its diagnostics — plain data, so the canvas can tell cheaply whether it changed.
 */
import type { AnyBlock, PortSpec, TensorType } from '../../graph-schema/block.ts';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { formatPattern, formatShape } from '../../graph-schema/dims.ts';
import type { GraphDocument, GraphNode } from '../../graph-schema/document.ts';
import type { AnyParamValue } from '../../graph-schema/params.ts';
import { nodePorts } from '../../graph-schema/ports.ts';
import type { LocatedDiagnostic, NodeSummary } from '../analysis/summary.ts';

/** One port as drawn on a node. */
export interface PortView {
  readonly name: string;
  readonly dtype: string;
  /** Inferred shape (`[B, T, 32]`) when known, else the declared pattern. */
  readonly shape: string;
  readonly inferred: boolean;
  readonly doc: string;
  readonly optional: boolean;
  /** A diagnostic about this port. */
  readonly problem: string | null;
}

/** Everything a node shows on the canvas. */
export interface NodeView {
  readonly id: string;
  readonly title: string;
  /** Palette category, or `subgraph` for instances. */
  readonly category: string;
  readonly subgraph: string | null;
  readonly repeat: number;
  readonly inputs: readonly PortView[];
  readonly outputs: readonly PortView[];
  /** A few parameter values worth seeing on the canvas (`heads 4`). */
  readonly params: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** Messages of diagnostics about this node itself. */
  readonly problems: readonly string[];
  /** Diagnostics about nodes inside this instance. */
  readonly innerProblems: number;
  readonly parameters: number | null;
  readonly unknownBlock: boolean;
}

const MAX_PARAMS_SHOWN = 3;

/** Short text for a parameter value on the canvas. */
export function formatParamValue(value: AnyParamValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(3).replace(/\.?0+$/, '');
  if (typeof value === 'string') return value.length > 16 ? value.slice(0, 15) + '…' : value;
  return `${value.kind} · ${value.vocab.length}`;
}

function portView(spec: PortSpec, type: TensorType | undefined, problems: readonly LocatedDiagnostic[]): PortView {
  const problem = problems.find((d) => d.port === spec.name)?.message ?? null;
  return {
    name: spec.name,
    dtype: type?.dtype ?? spec.dtype,
    shape: type ? formatShape(type.shape) : formatPattern(spec.shape),
    inferred: type !== undefined,
    doc: spec.doc,
    optional: spec.optional ?? false,
    problem,
  };
}

function shownParams(block: AnyBlock | undefined, node: GraphNode): NodeView['params'] {
  if (!block) return [];
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, spec] of Object.entries(block.params)) {
    if (out.length >= MAX_PARAMS_SHOWN) break;
    if (spec.kind === 'string' || spec.kind === 'float') continue;
    const value = (node.params?.[name] as AnyParamValue | undefined) ?? spec.default;
    out.push({ name: spec.label ?? name, value: formatParamValue(value) });
  }
  return out;
}

/** Builds the view of one node. `direct` are its own diagnostics, `inner` the count inside it. */
export function nodeView(
  node: GraphNode,
  doc: GraphDocument,
  catalogue: Catalogue,
  summary: NodeSummary | undefined,
  direct: readonly LocatedDiagnostic[],
  inner: number,
): NodeView {
  const block = node.block !== undefined ? catalogue.get(node.block) : undefined;
  const ports = nodePorts(node, doc, catalogue);
  const sg = node.subgraph !== undefined ? doc.subgraphs?.[node.subgraph] : undefined;
  const portProblems = direct.filter((d) => d.port !== undefined);
  return {
    id: node.id,
    title: block?.title ?? sg?.title ?? node.subgraph ?? node.block ?? node.id,
    category: block?.category ?? (node.subgraph !== undefined ? 'subgraph' : 'unknown'),
    subgraph: node.subgraph ?? null,
    repeat: node.repeat ?? 1,
    inputs: (ports?.inputs ?? []).map((p) => portView(p, summary?.inputs[p.name], portProblems)),
    outputs: (ports?.outputs ?? []).map((p) => portView(p, summary?.outputs[p.name], portProblems)),
    params: shownParams(block, node),
    problems: direct.map((d) => d.message),
    innerProblems: inner,
    parameters: summary && summary.parameters > 0 ? summary.parameters : null,
    unknownBlock: node.block !== undefined && !block,
  };
}

/** A string that changes whenever the view does (views are compared by it). */
export function viewSignature(view: NodeView): string {
  return JSON.stringify(view);
}
