import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { checkRunnable } from '../../compile/runnable.ts';
import type { Command } from '../command.ts';
import { loadGraph } from '../io.ts';
import { printDiagnostics } from '../output.ts';
import * as terminal from '../terminal.ts';

export const validate: Command = {
  name: 'validate',
  summary: 'check a graph file (or an exported .onnx): schema, blocks, connections, shapes, weights and tokenizers — everything run checks before it has an input',
  usage: 'validate FILE [--json]',
  options: { json: { type: 'boolean', help: 'print {ok, diagnostics} as JSON on stdout' } },
  async run([file], options) {
    if (!file) throw new UsageError('validate needs a FILE');
    // Only the header of a weights file is read: its shapes are checked, its data is not needed.
    const loaded = loadGraph(file, 'shapes');
    const diagnostics = loaded.ok
      ? [...loaded.warnings, ...checkRunnable(loaded.value.doc, standardCatalogue(), loaded.value.weightShapes).diagnostics]
      : loaded.diagnostics;
    const good = !diagnostics.some((d) => d.severity === 'error');
    if (options.json) terminal.out(JSON.stringify({ ok: good, diagnostics }, null, 2) + '\n');
    else {
      printDiagnostics(diagnostics);
      if (good) terminal.out(`${file}: valid\n`);
    }
    return good ? 0 : 1;
  },
};

/** Thrown for wrong command-line usage; main prints usage and exits 2. */
export class UsageError extends Error {}
