import type { GraphAnalysis } from '../../../graph-schema/infer.ts';
import { contextLength } from '../../../graph-schema/param-roles.ts';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { formatShape } from '../../../graph-schema/dims.ts';
import { estimateCost } from '../../compile/cost.ts';
import type { Command } from '../command.ts';
import { loadGraph } from '../io.ts';
import { printDiagnostics, table, thousands } from '../output.ts';
import { UsageError } from './validate.ts';
import * as terminal from '../terminal.ts';
import { compileRunnable } from '../../compile/runnable.ts';

export const inspect: Command = {
  name: 'inspect',
  summary: 'table of every block: output shapes, parameters, FLOPs; totals',
  usage: 'inspect FILE [--seq N] [--json]',
  options: {
    seq: { type: 'string', help: 'sequence length used for FLOPs (default: the token input context)' },
    json: { type: 'boolean', help: 'print the cost report as JSON' },
  },
  async run([file], options) {
    if (!file) throw new UsageError('inspect needs a FILE');
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    const compiled = compileRunnable(loaded.value.doc, standardCatalogue(), { shapesOnly: true });
    if (!compiled.ok) return printDiagnostics(compiled.diagnostics), 1;
    const { plan, analysis } = compiled.value;
    const seq = options.seq !== undefined ? Number(options.seq) : defaultSequence(analysis);
    if (!Number.isInteger(seq) || seq < 1) throw new UsageError('--seq must be a positive whole number');
    const cost = estimateCost(plan, { B: 1, T: seq, S: seq });
    if (!cost.ok) return printDiagnostics(cost.diagnostics), 1;
    if (options.json) {
      terminal.out(JSON.stringify({ sizes: { B: 1, T: seq, S: seq }, ...cost.value }, null, 2) + '\n');
      return 0;
    }
    const rows = [['node', 'block', 'output shapes', `at B=1, T=${seq}`, 'params', 'FLOPs']];
    for (const b of cost.value.blocks) {
      const planBlock = plan.blocks.find((p) => p.node === b.node)!;
      const symbolic = Object.entries(planBlock.outputShapes).map(([port, s]) => `${port} ${formatShape(s)}`).join(', ');
      const concrete = Object.values(b.outputShapes).map((s) => formatShape(s)).join(', ');
      rows.push([b.node, b.block, symbolic || '—', concrete || '—', thousands(b.params), thousands(b.flops)]);
    }
    const t = cost.value.total;
    rows.push(['total', '', '', '', thousands(t.params), thousands(t.flops)]);
    terminal.out(table(rows) + '\n');
    terminal.out(`activations: ${thousands(t.activationBytes)} bytes at B=1, T=${seq}\n`);
    return 0;
  },
};

function defaultSequence(analysis: GraphAnalysis): number {
  return contextLength(analysis) ?? 16;
}
