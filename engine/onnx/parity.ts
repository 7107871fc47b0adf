/**
 * Backend parity, block by block: runs a compiled plan on our CPU interpreter and its debug ONNX export on
 * onnxruntime, then reports max |Δ| for every block output and named intermediate (`<node path>:<port>`) and
 * for every graph output. Why per block: a single diverging op deep inside a model shows up as noise in the
 * final output; the first block over tolerance, in execution order, points at the op to look at. Used by the
 * random-graph parity tests, scripts/soak-parity.ts and (later) the editor's Compare view.
 *
 * Browser-safe: with runtime 'web' nothing here touches Node modules; onnxruntime-node stays behind the
 * dynamic import in ort-run.ts.
 */
import { error, fail, formatDiagnostic, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../compile/plan.ts';
import { createSession } from '../run/session.ts';
import { tryExportOnnx } from './export.ts';
import { runWithOrt, type OrtRuntime } from './ort-run.ts';

/** The tolerance the parity tests hold every backend to: max |Δ| ≤ 1e-4. */
export const DEFAULT_PARITY_TOLERANCE = 1e-4;

/** One tensor compared between the backends. */
export interface TensorComparison {
  /** Node path (`layers.0.attn`); for a graph output, the output's name. */
  readonly node: string;
  /** Block id (`MultiHeadAttention`); `Output` for a graph output. */
  readonly block: string;
  /** Output port or intermediate name (`y`, `pattern`); for a graph output, its name. */
  readonly port: string;
  readonly kind: 'output' | 'intermediate' | 'graph-output';
  /** Largest |ours − theirs|; 0 where both are the same infinity or both NaN, Infinity for a mismatch. */
  readonly maxAbsDiff: number;
  /** Shape of our tensor. */
  readonly shape: readonly number[];
  /** Set when the tensors cannot be compared element by element (missing, other dtype or shape). */
  readonly problem?: string;
}

/** What {@link compareBackends} found. */
export interface ParityReport {
  readonly runtime: OrtRuntime;
  readonly tolerance: number;
  /** Max over everything compared. */
  readonly maxAbsDiff: number;
  /** The graph outputs, in plan order. */
  readonly outputs: readonly TensorComparison[];
  /** Every block output and intermediate, in execution order. */
  readonly blocks: readonly TensorComparison[];
  /** The first block entry over tolerance in execution order, else the first graph output over it. */
  readonly firstOverTolerance?: TensorComparison;
}

/** Options of {@link compareBackends}. */
export interface CompareOptions {
  readonly runtime: OrtRuntime;
  /** Default {@link DEFAULT_PARITY_TOLERANCE}. */
  readonly tolerance?: number;
  /** A debug export (`exportOnnx(plan, {debug: true})`) of the same plan, to skip exporting again. */
  readonly model?: Uint8Array;
  /** Opset for the export made when `model` is not given. Default: the exporter's. */
  readonly opset?: number;
}

/** Thrown by {@link compareBackends}; carries the diagnostics (FW051 bad feeds, FW070 export or ORT failure). */
export class ParityError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'ParityError';
  }
}

/**
 * Runs `compiled.plan` on the CPU backend and on onnxruntime (`options.runtime`) with the same feeds and
 * compares every block output, intermediate and graph output. Throws {@link ParityError} when either side
 * cannot run; use {@link tryCompareBackends} for a Result.
 */
export async function compareBackends(
  compiled: { readonly plan: Plan },
  feeds: Readonly<Record<string, Tensor>>,
  options: CompareOptions,
): Promise<ParityReport> {
  const result = await tryCompareBackends(compiled, feeds, options);
  if (!result.ok) throw new ParityError(result.diagnostics);
  return result.value;
}

/** Like {@link compareBackends}, with problems as diagnostics instead of an exception. */
export async function tryCompareBackends(
  compiled: { readonly plan: Plan },
  feeds: Readonly<Record<string, Tensor>>,
  options: CompareOptions,
): Promise<Result<ParityReport>> {
  const { plan } = compiled;
  const session = createSession(plan, feeds);
  if (!session.ok) return fail(session.diagnostics);
  const ran = session.value.run();
  if (!ran.ok) return fail(ran.diagnostics);

  let model = options.model;
  if (model === undefined) {
    const exported = tryExportOnnx(plan, { debug: true, ...(options.opset !== undefined ? { opset: options.opset } : {}) });
    if (!exported.ok) return fail(exported.diagnostics);
    model = exported.value;
  }
  let theirs: Record<string, Tensor>;
  try {
    theirs = await runWithOrt(model, feeds, { runtime: options.runtime });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return fail([error('FW070', `onnxruntime-${options.runtime} could not run the export: ${reason}`, { hint: 'this is a bug in the exporter; please report it with the graph file' })]);
  }
  const tolerance = options.tolerance ?? DEFAULT_PARITY_TOLERANCE;
  return ok({ runtime: options.runtime, ...compareRuns(plan, (id) => session.value.value(id), theirs, tolerance) });
}

/**
 * Compares our values (by plan value id) with onnxruntime's outputs of a debug export (by ONNX output name).
 * Pure; exposed so a caller holding both runs (e.g. the editor) need not run them again.
 */
export function compareRuns(
  plan: Plan,
  ours: (id: number) => Tensor | undefined,
  theirs: Readonly<Record<string, Tensor>>,
  tolerance = DEFAULT_PARITY_TOLERANCE,
): Omit<ParityReport, 'runtime'> {
  const argmaxScores = argmaxInputs(plan);
  const compare = (node: string, block: string, port: string, kind: TensorComparison['kind'], id: number, name: string): TensorComparison => {
    const mine = ours(id);
    const other = theirs[name];
    const base = { node, block, port, kind, shape: mine ? [...mine.shape] : [] };
    if (mine === undefined) return { ...base, maxAbsDiff: Infinity, problem: 'not computed by the CPU backend' };
    if (other === undefined) return { ...base, maxAbsDiff: Infinity, problem: `onnxruntime returned no '${name}'` };
    const scoresId = argmaxScores.get(id);
    return { ...base, ...tensorDiff(mine, other, scoresId === undefined ? undefined : ours(scoresId)) };
  };
  const blocks: TensorComparison[] = [];
  for (const b of plan.blocks) {
    for (const [port, id] of Object.entries(b.outputs)) blocks.push(compare(b.node, b.block, port, 'output', id, `${b.node}:${port}`));
    for (const [port, id] of Object.entries(b.intermediates)) blocks.push(compare(b.node, b.block, port, 'intermediate', id, `${b.node}:${port}`));
  }
  const outputs = plan.outputs.map((io) => compare(io.name, 'Output', io.name, 'graph-output', io.value, io.name));
  const over = (c: TensorComparison) => !(c.maxAbsDiff <= tolerance);
  const firstOverTolerance = blocks.find(over) ?? outputs.find(over);
  const maxAbsDiff = [...blocks, ...outputs].reduce((m, c) => Math.max(m, c.maxAbsDiff), 0);
  return { tolerance, maxAbsDiff, outputs, blocks, ...(firstOverTolerance ? { firstOverTolerance } : {}) };
}

/**
 * max |a − b| over two tensors. Equal values (including equal infinities) and NaN against NaN count 0; any
 * other NaN, a dtype or a shape mismatch gives Infinity with a `problem`. For an ArgMax result, pass the
 * scores it was taken over: where the indices differ, the difference counted is the gap between the scores
 * at the two indices, so a near-tie broken the other way stays within tolerance.
 */
export function tensorDiff(ours: Tensor, theirs: Tensor, argmaxScores?: Tensor): { maxAbsDiff: number; problem?: string } {
  if (ours.dtype !== theirs.dtype) return { maxAbsDiff: Infinity, problem: `dtype ${theirs.dtype}, expected ${ours.dtype}` };
  if (ours.shape.length !== theirs.shape.length || ours.shape.some((d, i) => d !== theirs.shape[i]))
    return { maxAbsDiff: Infinity, problem: `shape [${theirs.shape.join(', ')}], expected [${ours.shape.join(', ')}]` };
  const width = argmaxScores?.shape[argmaxScores.shape.length - 1] ?? 0;
  let max = 0;
  for (let i = 0; i < ours.data.length; i++) {
    const a = ours.data[i]!;
    const b = theirs.data[i]!;
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    let d = Math.abs(a - b);
    if (argmaxScores !== undefined && argmaxScores.data.length === ours.data.length * width && b >= 0 && b < width) {
      d = Math.abs(argmaxScores.data[i * width + a]! - argmaxScores.data[i * width + b]!);
    }
    max = Number.isNaN(d) ? Infinity : Math.max(max, d);
  }
  return { maxAbsDiff: max };
}

/** Value id of each ArgMax result over the last axis (without keepdims) → value id of its scores. */
function argmaxInputs(plan: Plan): Map<number, number> {
  const out = new Map<number, number>();
  for (const step of plan.steps) {
    if (step.op === 'ArgMax' && step.attrs.axis === -1 && !step.attrs.keepdims) out.set(step.output, step.inputs[0]!);
  }
  return out;
}

/** A few lines for people: the verdict, the first entry over tolerance, and the `top` largest differences. */
export function formatParityReport(report: ParityReport, top = 5): string {
  const show = (c: TensorComparison) =>
    `${c.kind === 'graph-output' ? `output '${c.node}'` : `${c.node} (${c.block}) ${c.kind} '${c.port}'`} [${c.shape.join(', ')}]: ` +
    `max |Δ| ${c.maxAbsDiff.toExponential(2)}${c.problem ? ` (${c.problem})` : ''}`;
  const verdict = report.maxAbsDiff <= report.tolerance ? 'within' : 'OVER';
  const lines = [`onnxruntime-${report.runtime} vs CPU: max |Δ| ${report.maxAbsDiff.toExponential(2)}, ${verdict} tolerance ${report.tolerance}`];
  if (report.firstOverTolerance) lines.push(`  first over tolerance: ${show(report.firstOverTolerance)}`);
  const largest = [...report.blocks, ...report.outputs].sort((a, b) => b.maxAbsDiff - a.maxAbsDiff).slice(0, top);
  if (largest.length > 0) lines.push('  largest differences:', ...largest.map((c) => `    ${show(c)}`));
  return lines.join('\n');
}
