/**
 * Fitting a graph's sequence model from a weighted corpus: the counting in markov.ts and
 * skip-votes.ts, written into a graph document.
 *
 * Why a node-id convention: a counted table is an ordinary Linear layer whose matrix happens to be
 * filled by counting instead of training, so no new block is needed, and a document cannot carry
 * per-node annotations. The node id says what the matrix holds:
 *
 * - `first_order`  — rows = current word (N), fed by a One-hot;
 * - `second_order` — rows = previous · N + current (N²), fed by a Pair one-hot;
 * - `skip_votes`   — rows = earlier · N + current (N²), fed by Skip-pair features (optionally through a
 *   Feature mask).
 *
 * `fitGraph` counts the corpus once per marked node, writes the word vocabulary into the text input
 * upstream of them, sets `depth` on every node that input feeds directly (One-hot, Pair one-hot,
 * Skip-pair features), sizes each table (`out_features` = N, no bias) and stores the counts as the
 * table's `W` in `weights`. Explicit weights that no longer fit the resized graph are dropped, with a
 * warning, so the graph falls back to its seeded initialisation there.
 */
import { roleParam, tokenizerParam } from '../../graph-schema/param-roles.ts';
import type { AnyBlock } from '../../graph-schema/block.ts';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, warning, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { formatShape, sameShape } from '../../graph-schema/dims.ts';
import type { GraphDocument, GraphNode, WeightValue } from '../../graph-schema/document.ts';
import { analyzeGraph, type BodyInfo, type WeightInfo } from '../../graph-schema/infer.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { parseCorpus, type CorpusLine } from './corpus.ts';
import { fitFirstOrder, fitSecondOrder } from './markov.ts';
import { fitSkipVotes } from './skip-votes.ts';

/** One kind of counted table. */
interface FitTable {
  /** What the rows are, for messages. */
  readonly rows: string;
  /** The block that produces the table's input, for hints. */
  readonly feed: string;
  readonly count: (corpus: readonly CorpusLine[], vocab: readonly string[]) => Result<Tensor>;
}

const tensorOf = <T>(r: Result<T>, pick: (value: T) => Tensor): Result<Tensor> => (r.ok ? ok(pick(r.value), r.warnings) : r);

/** The counted tables, by the node id that marks them. */
export const FIT_TABLES: Readonly<Record<string, FitTable>> = {
  first_order: { rows: 'N (current word)', feed: 'One-hot', count: (c, v) => tensorOf(fitFirstOrder(c, v), (m) => m.transition) },
  second_order: { rows: 'N² (previous word, current word)', feed: 'Pair one-hot', count: (c, v) => tensorOf(fitSecondOrder(c, v), (m) => m.transition) },
  skip_votes: { rows: 'N² (earlier word, current word)', feed: 'Skip-pair features', count: (c, v) => tensorOf(fitSkipVotes(c, v), (m) => m.votes) },
};

/**
 * Counts `corpusText` (see `parseCorpus`) into the tables of `doc` marked by `FIT_TABLES` node ids and
 * returns the fitted document. FW060 for a bad corpus; FW040 when the graph has nothing to fit or the
 * tables do not hang off exactly one text input; FW041 when a table's input does not have the width its
 * kind needs; analysis diagnostics when the resized graph no longer validates.
 */
export function fitGraph(doc: GraphDocument, corpusText: string, catalogue: Catalogue = standardCatalogue()): Result<GraphDocument> {
  const corpus = parseCorpus(corpusText);
  if (!corpus.ok) return corpus;
  const tables = doc.nodes.filter((n) => Object.hasOwn(FIT_TABLES, n.id));
  if (tables.length === 0) {
    return fail([
      error('FW040', 'nothing to fit: the graph has no node named ' + Object.keys(FIT_TABLES).join(', '), {
        hint: 'name the Linear layer that holds the counted table first_order, second_order or skip_votes',
      }),
    ]);
  }
  const notDense = tables.filter((n) => roleParam(catalogue.get(n.block ?? ''), 'outputs') === undefined);
  if (notDense.length > 0) {
    return fail(notDense.map((n) => error('FW040', `'${n.id}' marks a counted table, so it must be a dense layer (Linear)`, { node: n.id })));
  }
  const input = textInputAbove(doc, tables, catalogue);
  if (!input.ok) return input;

  const first = fitFirstOrder(corpus.value);
  if (!first.ok) return first;
  const vocab = first.value.vocab;
  const fitted = new Map<string, Tensor>();
  for (const table of tables) {
    const counted = FIT_TABLES[table.id]!.count(corpus.value, vocab);
    if (!counted.ok) return fail(counted.diagnostics.map((d) => ({ ...d, node: table.id })));
    fitted.set(table.id, counted.value);
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
  return checkFitted({ ...doc, nodes, weights }, fitted, catalogue);
}

/** The one text input upstream of all `tables`. */
function textInputAbove(doc: GraphDocument, tables: readonly GraphNode[], catalogue: Catalogue): Result<string> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const found = new Set<string>();
  for (const table of tables) {
    const seen = new Set<string>([table.id]);
    const queue = [table.id];
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
function checkFitted(doc: GraphDocument, fitted: ReadonlyMap<string, Tensor>, catalogue: Catalogue): Result<GraphDocument> {
  const analysis = analyzeGraph(doc, catalogue);
  if (!analysis.ok) return fail(analysis.diagnostics.filter((d) => d.severity === 'error'));
  const declared = new Map(collectWeights(analysis.top).map((w) => [w.name, w]));
  const problems: Diagnostic[] = [];
  for (const [id, t] of fitted) {
    const w = declared.get(`${id}.W`);
    if (w && !sameShape(w.shape, t.shape)) {
      const table = FIT_TABLES[id]!;
      problems.push(
        error('FW041', `'${id}' is counted as a table with ${table.rows} rows, ${formatShape(t.shape)}, but its input gives it ${formatShape(w.shape)}`, {
          node: id,
          hint: `feed '${id}' from a ${table.feed} block`,
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
