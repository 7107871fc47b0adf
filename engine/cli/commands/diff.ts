/**
 * `formwork diff A B`: what changed from graph A to graph B — the same lines the editor's Tour bar
 * shows (nodes renamed / added / removed, parameters, edges, subgraphs), then every weight that differs
 * with its max |Δ|, comparing the materialised weights of both compiled graphs (given, loaded or seeded).
 */
import * as terminal from '../terminal.ts';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { formatDiagnostic } from '../../../graph-schema/diagnostics.ts';
import { diffDocuments } from '../../../graph-schema/diff.ts';
import { summarizeDiff } from '../../../graph-schema/diff-summary.ts';
import { formatShape } from '../../../graph-schema/dims.ts';
import type { GraphDocument } from '../../../graph-schema/document.ts';
import type { Tensor } from '../../../graph-schema/tensor.ts';
import { compile } from '../../compile/compile.ts';
import { diffWeightTables, renamedWeightPrefixes, type WeightChange } from '../../diff/weights.ts';
import type { Command } from '../command.ts';
import { loadGraph, type LoadedGraph } from '../io.ts';
import { printDiagnostics, table } from '../output.ts';
import { UsageError } from './validate.ts';

/** The weights to compare: all of the compiled plan's, or (when it does not compile) those in the file. */
function weightTable(file: string, loaded: LoadedGraph): { weights: Map<string, Tensor>; compiled: boolean } {
  const compiled = compile(loaded.doc, standardCatalogue(), { weights: loaded.weights });
  if (compiled.ok) return { weights: new Map([...compiled.value.plan.weights].map(([name, w]) => [name, w.tensor])), compiled: true };
  terminal.err(`${file} does not compile; only the weights written in it are compared:\n`);
  for (const d of compiled.diagnostics.slice(0, 5)) terminal.err(`  ${formatDiagnostic(d)}\n`);
  return { weights: explicitWeights(loaded.doc), compiled: false };
}

function explicitWeights(doc: GraphDocument): Map<string, Tensor> {
  return new Map(Object.entries(doc.weights ?? {}).map(([name, w]) => [name, { dtype: 'float32', shape: [...w.shape], data: Float32Array.from(w.data) }]));
}

function weightRow(w: WeightChange): string[] {
  const shape = (s: readonly number[] | undefined) => (s ? formatShape(s) : '');
  const name = w.was ? `${w.name} (was ${w.was})` : w.name;
  if (w.change === 'values') return [name, 'changed', shape(w.shapeB), `max |Δ| ${w.maxAbsDelta!.toPrecision(3)}`];
  if (w.change === 'reshaped') return [name, 'reshaped', `${shape(w.shapeA)} → ${shape(w.shapeB)}`, ''];
  return [name, w.change, shape(w.change === 'added' ? w.shapeB : w.shapeA), ''];
}

export const diff: Command = {
  name: 'diff',
  summary: 'what changed from graph A to graph B: nodes, parameters, edges, and weights with max |Δ|',
  usage: 'diff A B [--json]',
  options: { json: { type: 'boolean', help: 'print {structure, weights} as JSON' } },
  async run([fileA, fileB, ...extra], options) {
    if (!fileA || !fileB || extra.length > 0) throw new UsageError('diff needs two files, A and B');
    const a = loadGraph(fileA);
    const b = loadGraph(fileB);
    if (!a.ok || !b.ok) {
      if (!a.ok) printDiagnostics(a.diagnostics.map((d) => ({ ...d, message: `${fileA}: ${d.message}` })));
      if (!b.ok) printDiagnostics(b.diagnostics.map((d) => ({ ...d, message: `${fileB}: ${d.message}` })));
      return 1;
    }
    const structure = diffDocuments(a.value.doc, b.value.doc);
    const tableA = weightTable(fileA, a.value);
    const tableB = weightTable(fileB, b.value);
    const weights = diffWeightTables(tableA.weights, tableB.weights, renamedWeightPrefixes(b.value.doc, structure.renamed));
    if (options.json) {
      const json = { structure, weights, compiled: { a: tableA.compiled, b: tableB.compiled } };
      terminal.out(JSON.stringify(json, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v), 2) + '\n');
      return 0;
    }
    const lines = summarizeDiff(structure).map((l) => l.text);
    terminal.out(`${fileA} → ${fileB}\n`);
    if (lines.length === 0 && weights.length === 0) terminal.out('  no differences\n');
    for (const line of lines) terminal.out(`  ${line}\n`);
    if (weights.length > 0) {
      terminal.out(`  weights (${weights.length} differ):\n`);
      terminal.out(table(weights.map(weightRow)).replace(/^/gm, '    ') + '\n');
    }
    return 0;
  },
};
