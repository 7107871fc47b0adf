/**
 * What the editor's analysis (status bar FLOPs) and `formwork inspect` cost: a full compile that
 * materialises every weight, against the shapes-only compile they use, both followed by the cost model,
 * on tiny-gpt and a generated 1,000-block graph. Min / median / max of N runs, with the machine's load.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import { parseDocument } from '../graph-schema/parse.ts';
import type { GraphDocument } from '../graph-schema/document.ts';
import { compile } from '../engine/compile/compile.ts';
import { estimateCost } from '../engine/compile/cost.ts';
import { table } from '../engine/cli/output.ts';
import { generateEditorGraph } from './editor-graph.ts';

const catalogue = standardCatalogue();
const RUNS = 9;

function analyse(doc: GraphDocument, shapesOnly: boolean): void {
  const compiled = compile(doc, catalogue, { shapesOnly });
  if (!compiled.ok) throw new Error(compiled.diagnostics[0]?.message);
  const cost = estimateCost(compiled.value.plan, { B: 1, T: 64, S: 64 });
  if (!cost.ok) throw new Error(cost.diagnostics[0]?.message);
}

function timings(fn: () => void): number[] {
  fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    out.push(performance.now() - start);
  }
  return out.sort((a, b) => a - b);
}

const fmt = (ms: readonly number[]) => `${ms[0]!.toFixed(1)} / ${ms[RUNS >> 1]!.toFixed(1)} / ${ms[RUNS - 1]!.toFixed(1)}`;

export async function run(): Promise<void> {
  const tiny = parseDocument(readFileSync(new URL('../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8'));
  if (!tiny.ok) throw new Error('tiny-gpt does not parse');
  const graphs: [string, GraphDocument][] = [['tiny-gpt', tiny.value], ['1,000 blocks', generateEditorGraph(1000)]];
  const rows = [['graph', 'full compile ms (min/med/max)', 'shapes-only ms (min/med/max)', 'speed-up (median)']];
  for (const [name, doc] of graphs) {
    const full = timings(() => analyse(doc, false));
    const shapes = timings(() => analyse(doc, true));
    rows.push([name, fmt(full), fmt(shapes), `${(full[RUNS >> 1]! / shapes[RUNS >> 1]!).toFixed(2)}×`]);
  }
  console.log(`\nanalysis (compile + cost at B=1, T=64), ${RUNS} runs, load ${loadavg()[0]!.toFixed(2)}`);
  console.log(table(rows));
}
