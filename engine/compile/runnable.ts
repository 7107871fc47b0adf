/**
 * Everything `run` would reject for every input, found without running: the graph analysis plus the
 * checks that otherwise only fail when weights are materialised or text is tokenised — a graph without
 * an input (FW050), given weights of the wrong shape (FW041), an unusable tokenizer (FW060), a tokenizer
 * whose ids overflow the table they index (FW032) — and a warning when a token input's context is longer
 * than a positional table (FW032). Why its own file: `validate`, `run` and the editor's problems list
 * must agree, so they all ask here. Nothing is allocated beyond the analysis.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, warning, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { formatShape, sameShape } from '../../graph-schema/dims.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { analyzeGraph, type BodyInfo, type GraphAnalysis, type NodeInfo } from '../../graph-schema/infer.ts';
import { own } from '../../graph-schema/own.ts';
import { interfacePortName } from '../../graph-schema/ports.ts';
import { roleParam, roleValue, tokenizerOf } from '../../graph-schema/param-roles.ts';
import { compile, type CompileOptions, type Compiled } from './compile.ts';
import { checkSpec } from '../tokenizers/validate.ts';

/** The analysis and every diagnostic `run` would give regardless of the input. */
export interface RunnableCheck {
  readonly analysis: GraphAnalysis;
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
}

/** What a token input tells its consumers: how many ids its tokenizer has, and its context length. */
interface TokenSource {
  readonly node: string;
  readonly vocab: number;
  readonly context: number | undefined;
  /** The symbol of its sequence axis (T, or S for an encoder source). */
  readonly sequence: unknown;
}

/**
 * Checks `doc` as `run` would. `weightShapes` are the shapes in the weights file's header, when the
 * document names one (read without loading the data).
 */
export function checkRunnable(doc: GraphDocument, catalogue: Catalogue, weightShapes?: ReadonlyMap<string, readonly number[]>): RunnableCheck {
  const analysis = analyzeGraph(doc, catalogue);
  if (!analysis.ok) return { analysis, diagnostics: analysis.diagnostics, ok: false };
  const found: Diagnostic[] = [];
  if (!analysis.top.order.some((n) => n.block?.role === 'input'))
    found.push(error('FW050', 'the graph has no input block', { hint: 'add a Token input (or another input block) and connect it' }));
  checkWeights(analysis.top, doc, weightShapes, found);
  const sources = new Map<string, TokenSource>();
  for (const info of analysis.top.order) {
    if (info.block?.accepts !== 'text') continue;
    const spec = tokenizerOf(info.block, info.params);
    if (!spec) continue;
    const check = checkSpec(spec);
    found.push(...check.errors.map((d) => ({ ...d, node: info.path, param: 'tokenizer' })));
    const context = roleValue(info.block, info.params, 'context');
    const sequence = Object.values(info.outputs)[0]?.shape[1];
    sources.set(info.id, { node: info.path, vocab: spec.vocab.length, context: typeof context === 'number' ? context : undefined, sequence });
  }
  walkTokens(analysis.top, sources, new Map(), [...sources.values()], found);
  const diagnostics = [...analysis.diagnostics, ...found];
  return { analysis, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
}

/** FW041 for weights given in the document or the weights file whose shape is not the one the block needs. */
function checkWeights(body: BodyInfo, doc: GraphDocument, fileShapes: ReadonlyMap<string, readonly number[]> | undefined, out: Diagnostic[]): void {
  for (const info of body.order) {
    for (const w of info.weights) {
      if (w.tiedTo) continue;
      const given = own(doc.weights, w.name);
      const shape = given?.shape ?? fileShapes?.get(w.name);
      if (shape && !sameShape(shape, w.shape))
        out.push(
          error('FW041', `weight '${w.name}' ${given ? 'in the document' : 'in the weights file'} has shape ${formatShape(shape)}, the block needs ${formatShape(w.shape)}`, {
            node: info.path,
            ...(given ? { path: `weights.${w.name}` } : {}),
          }),
        );
    }
    for (const rep of info.reps ?? []) checkWeights(rep, doc, fileShapes, out);
  }
}

/**
 * Follows token ids from the token inputs through the body (and into subgraph instances) to the ports
 * that index a table with them (the block's `vocabulary` role), and follows sequences to positional tables (`sequenceLimit`).
 * `sources` maps node ids of this body that emit token ids to their token input; `external` does the
 * same for the body's interface inputs.
 */
function walkTokens(
  body: BodyInfo,
  sources: ReadonlyMap<string, TokenSource>,
  external: ReadonlyMap<string, TokenSource>,
  all: readonly TokenSource[],
  out: Diagnostic[],
): void {
  const carrying = new Map<string, TokenSource>(sources); // node id → token source of its output
  const arriving = (info: NodeInfo, port: string): TokenSource | undefined => {
    const src = info.sources.get(port);
    return src ? carrying.get(src.node) : undefined;
  };
  for (const info of body.order) {
    const block = info.block;
    if (info.reps) {
      for (const rep of info.reps.slice(0, 1)) {
        const inner = new Map<string, TokenSource>();
        for (const port of info.sources.keys()) {
          const t = arriving(info, port);
          if (t) inner.set(port, t);
        }
        walkTokens(rep, new Map(), inner, all, out);
      }
      continue;
    }
    if (!block) continue;
    if (block.role === 'subgraph-input') {
      const t = external.get(interfacePortName(info.node, block));
      if (t) carrying.set(info.id, t);
      continue;
    }
    for (const port of block.inputs) {
      const t = arriving(info, port.name);
      if (!t) continue;
      const vocabulary = roleParam(block, 'vocabulary');
      const limit = roleValue(block, info.params, 'vocabulary');
      if (port.dtype === 'int64' && vocabulary !== undefined && typeof limit === 'number' && t.vocab > limit)
        out.push(
          error('FW032', `the tokenizer of '${t.node}' has ${t.vocab} tokens, but '${info.path}' takes ids below ${vocabulary} = ${limit}`, {
            node: info.path,
            port: port.name,
            param: vocabulary,
            hint: `raise ${vocabulary} to ${t.vocab} or shrink the vocabulary`,
          }),
        );
      if (block.outputs.some((o) => o.dtype === 'int64')) carrying.set(info.id, t); // ids pass through
    }
    const limit = block.sequenceLimit;
    const max = limit ? own(info.params, limit.param) : undefined;
    const symbol = limit ? own(info.inputs, limit.port)?.shape[limit.axis] : undefined;
    if (!limit || typeof max !== 'number' || typeof symbol !== 'string') continue;
    for (const t of all)
      if (t.sequence === symbol && t.context !== undefined && t.context > max)
        out.push(
          warning('FW032', `token input '${t.node}' has a context of ${t.context}, longer than ${limit.param} = ${max} of '${info.path}': longer inputs will be rejected`, {
            node: info.path,
            param: limit.param,
            hint: `raise ${limit.param} to ${t.context} or lower the context`,
          }),
        );
  }
}

/**
 * FW051 for run inputs longer than a block's `sequenceLimit` (e.g. a positional table's max_len), given
 * the sizes of the sequence symbols in the feeds (`{B: 1, T: 600}`, from `checkFeeds`).
 */
export function checkSequenceLimits(analysis: GraphAnalysis, sizes: Readonly<Record<string, number>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (body: BodyInfo) => {
    for (const info of body.order) {
      if (info.reps) info.reps.slice(0, 1).forEach(visit);
      const limit = info.block?.sequenceLimit;
      if (!limit) continue;
      const max = own(info.params, limit.param);
      const symbol = own(info.inputs, limit.port)?.shape[limit.axis];
      const size = typeof symbol === 'string' ? own(sizes, symbol) : undefined;
      if (typeof max === 'number' && size !== undefined && size > max)
        out.push(
          error('FW051', `the sequence has ${size} positions, but '${info.path}' covers at most ${limit.param} = ${max}`, {
            node: info.path,
            param: limit.param,
            hint: `use at most ${max} tokens, or raise ${limit.param}`,
          }),
        );
    }
  };
  visit(analysis.top);
  return out;
}

/** `compile`, after `checkRunnable`: what `run`, `generate`, `inspect` and `export` build on. */
export function compileRunnable(doc: GraphDocument, catalogue: Catalogue, options: CompileOptions = {}): Result<Compiled> {
  const shapes = options.weights ? new Map([...options.weights].map(([name, t]) => [name, t.shape])) : undefined;
  const check = checkRunnable(doc, catalogue, shapes);
  if (!check.ok) return fail([...check.diagnostics]);
  const compiled = compile(doc, catalogue, { ...options, analysis: check.analysis });
  if (!compiled.ok) return compiled;
  const warnings = check.diagnostics.filter((d) => d.severity === 'warning' && !compiled.warnings.includes(d));
  return ok(compiled.value, [...compiled.warnings, ...warnings]);
}

/** The longest sequence along `symbol` (T or S) that every block's `sequenceLimit` allows, with the block that sets it. */
export function maxSequence(analysis: GraphAnalysis, symbol: string): { length: number; node: string; param: string } | undefined {
  let best: { length: number; node: string; param: string } | undefined;
  const visit = (body: BodyInfo) => {
    for (const info of body.order) {
      if (info.reps) info.reps.slice(0, 1).forEach(visit);
      const limit = info.block?.sequenceLimit;
      const max = limit ? own(info.params, limit.param) : undefined;
      if (!limit || typeof max !== 'number' || own(info.inputs, limit.port)?.shape[limit.axis] !== symbol) continue;
      if (!best || max < best.length) best = { length: max, node: info.path, param: limit.param };
    }
  };
  visit(analysis.top);
  return best;
}
