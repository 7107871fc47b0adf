/**
 * Fitting a graph's sequence model from a weighted corpus: the counting in markov.ts and
 * skip-votes.ts, written into a graph document.
 *
 * Which layers are counted tables follows from the graph, not from names: a counted table is an ordinary
 * dense layer (a block with an `outputs` role, e.g. Linear) whose input features are one-hots of the text,
 * as the block producing them declares (`features`):
 *
 * - `token`      (One-hot)           — rows = current word (N): the first-order transition table;
 * - `token-pair` (Pair one-hot)      — rows = previous · N + current (N²): the second-order table;
 * - `skip-pair`  (Skip-pair features) — rows = earlier · N + current (N²): the skip votes;
 *
 * with blocks that keep their input's features (`kept`, a Feature mask) allowed in between.
 *
 * `fitGraph` counts the corpus once per table, writes the word vocabulary into the text input upstream of
 * them, sets the vocabulary-sized param of every node that input feeds directly, sizes each table (its
 * outputs = N, no bias) and stores the counts as the table's `W` in `weights`. Explicit weights that no
 * longer fit the resized graph are dropped, with a warning, so the graph falls back to its seeded
 * initialisation there.
 */
import type { AnyBlock } from '../../graph-schema/block.ts';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, warning, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { formatShape, sameShape } from '../../graph-schema/dims.ts';
import type { GraphDocument, GraphNode, WeightValue } from '../../graph-schema/document.ts';
import { analyzeGraph, type BodyInfo, type WeightInfo } from '../../graph-schema/infer.ts';
import { roleParam, tokenizerParam } from '../../graph-schema/param-roles.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { parseCorpus, type CorpusLine } from './corpus.ts';
import { fitFirstOrder, fitSecondOrder } from './markov.ts';
import { fitSkipVotes } from './skip-votes.ts';

/** The kinds of counted table, by the features their input stands for. */
type TableKind = 'token' | 'token-pair' | 'skip-pair';

/** One kind of counted table. */
interface FitTable {
  /** What it is, for messages. */
  readonly name: string;
  readonly count: (corpus: readonly CorpusLine[], vocab: readonly string[]) => Result<Tensor>;
}

const tensorOf = <T>(r: Result<T>, pick: (value: T) => Tensor): Result<Tensor> => (r.ok ? ok(pick(r.value), r.warnings) : r);

const FIT_TABLES: Readonly<Record<TableKind, FitTable>> = {
  token: { name: 'first-order transitions', count: (c, v) => tensorOf(fitFirstOrder(c, v), (m) => m.transition) },
  'token-pair': { name: 'second-order transitions', count: (c, v) => tensorOf(fitSecondOrder(c, v), (m) => m.transition) },
  'skip-pair': { name: 'skip votes', count: (c, v) => tensorOf(fitSkipVotes(c, v), (m) => m.votes) },
};

/** A dense layer of the top-level graph that counting fills, and what it counts. */
export interface CountedTable {
  readonly node: string;
  readonly kind: TableKind;
  /** What it holds, for messages ("first-order transitions"). */
  readonly name: string;
}

/** The counted tables of `doc`'s top level: dense layers fed (through `kept` blocks) by one-hot features of the text. */
export function countedTables(doc: GraphDocument, catalogue: Catalogue = standardCatalogue()): CountedTable[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const blockOf = (id: string): AnyBlock | undefined => catalogue.get(byId.get(id)?.block ?? '');
  const source = (id: string): string | undefined => doc.edges.find((e) => e.to.node === id)?.from.node;
  const out: CountedTable[] = [];
  for (const node of doc.nodes) {
    if (roleParam(blockOf(node.id), 'outputs') === undefined) continue;
    let feed = source(node.id);
    for (let hops = 0; feed !== undefined && blockOf(feed)?.features === 'kept' && hops < doc.nodes.length; hops++) feed = source(feed);
    const kind = feed === undefined ? undefined : blockOf(feed)?.features;
    if (kind !== undefined && kind !== 'kept') out.push({ node: node.id, kind, name: FIT_TABLES[kind].name });
  }
  return out;
}

/**
 * Counts `corpusText` (see `parseCorpus`) into the counted tables of `doc` and returns the fitted document.
 * FW060 for a bad corpus; FW040 when the graph has nothing to fit or the tables do not hang off exactly one
 * text input; analysis diagnostics when the resized graph no longer validates.
 */
export function fitGraph(doc: GraphDocument, corpusText: string, catalogue: Catalogue = standardCatalogue()): Result<GraphDocument> {
  const corpus = parseCorpus(corpusText);
  if (!corpus.ok) return corpus;
  const tables = countedTables(doc, catalogue);
  if (tables.length === 0) {
    return fail([
      error('FW040', 'nothing to fit: no dense layer (Linear) reads one-hot features of the text', {
        hint: 'connect Token input → One-hot (or Pair one-hot, Skip-pair features) → Linear',
      }),
    ]);
  }
  const input = textInputAbove(doc, tables.map((t) => t.node), catalogue);
  if (!input.ok) return input;

  const first = fitFirstOrder(corpus.value);
  if (!first.ok) return first;
  const vocab = first.value.vocab;
  const fitted = new Map<string, Tensor>();
  for (const table of tables) {
    const counted = FIT_TABLES[table.kind].count(corpus.value, vocab);
    if (!counted.ok) return fail(counted.diagnostics.map((d) => ({ ...d, node: table.node })));
    fitted.set(table.node, counted.value);
  }

  const n = vocab.length;
  const tokenizer: TokenizerSpec = { kind: 'word', vocab, lowercase: true };
  const fedByInput = new Set(doc.edges.filter((e) => e.from.node === input.value).map((e) => e.to.node));
  const nodes = doc.nodes.map((node): GraphNode => {
    const block = catalogue.get(node.block ?? '');
    const set = (values: Record<string, unknown>): GraphNode => ({ ...node, params: { ...node.params, ...values } });
    if (node.id === input.value) return set({ [tokenizerParam(block)!]: tokenizer }); // the text input found above
    if (fitted.has(node.id)) return set({ [roleParam(block, 'outputs')!]: n, ...withRole(block, 'bias', false) });
    if (fedByInput.has(node.id)) return set(withRole(block, 'vocabulary', n));
    return node;
  });
  const weights: Record<string, WeightValue> = { ...doc.weights };
  for (const [id, t] of fitted) {
    delete weights[`${id}.b`];
    weights[`${id}.W`] = { shape: [...t.shape], data: Array.from(t.data, shortestFloat32) };
  }
  return checkFitted({ ...doc, nodes, weights }, tables, fitted, catalogue);
}

/** The one text input upstream of all `tables`. */
function textInputAbove(doc: GraphDocument, tables: readonly string[], catalogue: Catalogue): Result<string> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const found = new Set<string>();
  for (const table of tables) {
    const seen = new Set<string>([table]);
    const queue = [table];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const e of doc.edges) {
        if (e.to.node !== id || seen.has(e.from.node)) continue;
        seen.add(e.from.node);
        queue.push(e.from.node);
        if (catalogue.get(byId.get(e.from.node)?.block ?? '')?.accepts === 'text') found.add(e.from.node);
      }
    }
  }
  if (found.size === 1) return ok([...found][0]!);
  return fail([
    error('FW040', found.size === 0 ? 'no text input feeds the counted tables' : `the counted tables hang off ${found.size} text inputs (${[...found].join(', ')}); fitting needs exactly one`, {
      hint: 'connect Token input → One-hot (or Pair one-hot, Skip-pair features) → the table',
    }),
  ]);
}

/** Validates the fitted document, checks each table got the shape it was counted in, and drops stale weights. */
function checkFitted(doc: GraphDocument, tables: readonly CountedTable[], fitted: ReadonlyMap<string, Tensor>, catalogue: Catalogue): Result<GraphDocument> {
  const analysis = analyzeGraph(doc, catalogue);
  if (!analysis.ok) return fail(analysis.diagnostics.filter((d) => d.severity === 'error'));
  const declared = new Map(collectWeights(analysis.top).map((w) => [w.name, w]));
  const problems: Diagnostic[] = [];
  for (const [id, t] of fitted) {
    const w = declared.get(`${id}.W`);
    if (w && !sameShape(w.shape, t.shape)) {
      const table = tables.find((x) => x.node === id)!;
      problems.push(
        error('FW041', `'${id}' holds ${table.name}, counted as ${formatShape(t.shape)}, but its input gives it ${formatShape(w.shape)}`, {
          node: id,
          hint: 'connect the table straight to its one-hot block (or through a Feature mask)',
        }),
      );
    }
  }
  if (problems.length > 0) return fail(problems);
  const warnings: Diagnostic[] = [];
  const weights: Record<string, WeightValue> = {};
  for (const [name, value] of Object.entries(doc.weights ?? {})) {
    const w = declared.get(name);
    if (w && !w.tiedTo && sameShape(w.shape, value.shape)) weights[name] = value;
    else
      warnings.push(
        warning('FW041', `dropped the explicit weight '${name}': ${w ? `the fitted graph needs ${formatShape(w.shape)}, not ${formatShape(value.shape)}` : 'no block owns it any more'}`, {
          path: `weights.${name}`,
          hint: 'it falls back to its initialisation; set it again for the new vocabulary',
        }),
      );
  }
  return ok({ ...doc, weights }, warnings);
}

function collectWeights(body: BodyInfo): WeightInfo[] {
  return body.order.flatMap((n) => (n.reps ? n.reps.flatMap(collectWeights) : [...n.weights]));
}

/** `{ [param]: value }` for the param `block` gives `role`, or nothing. */
function withRole(block: AnyBlock | undefined, role: 'bias' | 'vocabulary', value: unknown): Record<string, unknown> {
  const name = roleParam(block, role);
  return name === undefined ? {} : { [name]: value };
}

/** The shortest decimal that reads back as the same float32 (0.3 rather than 0.30000001192092896). */
export function shortestFloat32(x: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const v = Number(x.toPrecision(digits));
    if (Math.fround(v) === x) return v;
  }
  return x;
}
