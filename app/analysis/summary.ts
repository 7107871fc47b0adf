/**
 * The analysis as the editor needs it, in plain data that can cross a worker boundary: inferred
 * port types per body and node, diagnostics with their canvas locations, parameter count, FLOPs.
 */
import { own, setOwn } from '../../graph-schema/own.ts';
import type { TensorType } from '../../graph-schema/block.ts';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { analyzeGraph, type BodyInfo, type GraphAnalysis } from '../../graph-schema/infer.ts';
import { locateDiagnostic, type Location } from './locate.ts';
import { vocabularyWarnings } from './vocab-check.ts';
import { checkRunnable } from '../../engine/compile/runnable.ts';

/** What is known about one node after inference. */
export interface NodeSummary {
  readonly ok: boolean;
  readonly inputs: Readonly<Record<string, TensorType>>;
  readonly outputs: Readonly<Record<string, TensorType>>;
  /** Learned parameters this node owns (all repetitions, for an instance). */
  readonly parameters: number;
}

/** A diagnostic plus where it shows on the canvas (outermost instance first). */
export interface LocatedDiagnostic extends Diagnostic {
  readonly locations: readonly Location[];
}

/** The editor's view of an analysis (plain data: it comes from the worker). */
export interface AnalysisSummary {
  /** The document this summary describes (compared by reference). */
  readonly ok: boolean;
  readonly diagnostics: readonly LocatedDiagnostic[];
  /** By scope key (`''` = top level, else subgraph name), then node id. */
  readonly bodies: Readonly<Record<string, Readonly<Record<string, NodeSummary>>>>;
  readonly parameterCount: number;
  /** Floating-point operations of one forward pass, when a cost model is available. */
  readonly flops: number | null;
  /** What `flops` assumes (e.g. `B=1, T=64`). */
  readonly flopsNote: string | null;
  /** Milliseconds the analysis took. */
  readonly millis: number;
}

/** Key of a scope in `AnalysisSummary.bodies`. */
export const scopeKey = (scope: string | null): string => scope ?? '';

function summarizeBody(body: BodyInfo): Record<string, NodeSummary> {
  const out: Record<string, NodeSummary> = {};
  for (const info of body.order) {
    const inputs: Record<string, TensorType> = {};
    for (const [port, t] of Object.entries(info.inputs)) if (t) inputs[port] = { dtype: t.dtype, shape: [...t.shape] };
    const outputs: Record<string, TensorType> = {};
    for (const [port, t] of Object.entries(info.outputs)) outputs[port] = { dtype: t.dtype, shape: [...t.shape] };
    let parameters = 0;
    for (const w of info.weights) if (!w.tiedTo) parameters += w.shape.reduce((a, b) => a * b, 1);
    setOwn(out, info.id, { ok: info.ok, inputs, outputs, parameters }); // ids are data: `__proto__` is a valid one
  }
  return out;
}

/** Turns an analysis into a summary. */
export function summarize(doc: GraphDocument, analysis: GraphAnalysis, millis = 0, flops: { value: number; note: string } | null = null): AnalysisSummary {
  const bodies: Record<string, Record<string, NodeSummary>> = { '': summarizeBody(analysis.top) };
  for (const [name, body] of analysis.subgraphBodies) setOwn(bodies, name, summarizeBody(body));
  const diagnostics = analysis.diagnostics.slice(0, 500).map((d) => ({ ...d, locations: locateDiagnostic(doc, d) }));
  return {
    ok: analysis.ok,
    diagnostics,
    bodies,
    parameterCount: analysis.parameterCount,
    flops: flops?.value ?? null,
    flopsNote: flops?.note ?? null,
    millis,
  };
}

/** Analyses a document for the editor and summarises it (what the worker runs). */
export function analyzeAndSummarize(doc: GraphDocument, catalogue: Catalogue): AnalysisSummary {
  const started = performance.now();
  // Everything `run` would reject for every input (engine/compile/runnable.ts), as `formwork validate` reports it.
  const check = checkRunnable(doc, catalogue);
  // A blank canvas is where every graph starts, not a problem: "no input" is said once there is something.
  const found = doc.nodes.length === 0 ? check.diagnostics.filter((d) => d.code !== 'FW050') : check.diagnostics;
  const diagnostics = [...found, ...vocabularyWarnings(doc, catalogue)];
  return summarize(doc, { ...check.analysis, ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics }, performance.now() - started);
}
