/**
 * `formwork fit FILE --corpus corpus.txt -o fitted.formwork.json`: counts a weighted corpus into the
 * tables of a graph's sequence model (Linear layers reading one-hot features of the text; see
 * engine/fit/to-graph.ts) and writes the fitted graph.
 */
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { documentTokenizer } from '../../../graph-schema/param-roles.ts';
import { writeFileSync } from 'node:fs';
import { error } from '../../../graph-schema/diagnostics.ts';
import { serializeDocument } from '../../../graph-schema/parse.ts';
import { LIMITS_CORPUS } from '../../fit/corpus.ts';
import { countedTables, fitGraph } from '../../fit/to-graph.ts';
import type { Command, CommandOption } from '../command.ts';
import { loadGraph, readBounded } from '../io.ts';
import { printDiagnostics } from '../output.ts';
import { UsageError } from './validate.ts';
import * as terminal from '../terminal.ts';
import { own } from '../../../graph-schema/own.ts';

const OPTIONS = {
  corpus: { type: 'string', help: 'weighted corpus: one sentence per line, optionally after a weight ("40 Check whether …")' },
  out: { type: 'string', short: 'o', help: 'write the fitted graph here; without it the graph goes to stdout' },
  json: { type: 'boolean', help: 'print {"out", "vocab", "tables": [{node, shape}]} as JSON (needs -o)' },
} as const satisfies Record<string, CommandOption>;

export const fit: Command = {
  name: 'fit',
  summary: 'count a weighted corpus into the sequence-model tables of a graph (Linear layers fed by one-hot words, word pairs or skip pairs)',
  usage: 'fit FILE --corpus CORPUS.txt [-o OUT.formwork.json] [--json]',
  options: OPTIONS,
  async run([file], options) {
    if (!file) throw new UsageError('fit needs a FILE');
    if (typeof options.corpus !== 'string') throw new UsageError('fit needs --corpus CORPUS.txt');
    const out = typeof options.out === 'string' ? options.out : undefined;
    if (options.json && out === undefined) throw new UsageError('--json needs -o OUT (the fitted graph would share stdout)');
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    // UTF-8 takes at most 4 bytes per character; parseCorpus applies the exact character limit.
    const bytes = readBounded(options.corpus, 4 * LIMITS_CORPUS.maxChars);
    if (!bytes.ok) return printDiagnostics(bytes.diagnostics), 1;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.value);
    } catch {
      return printDiagnostics([error('FW060', `${options.corpus} is not UTF-8 text`)]), 1;
    }
    const fitted = fitGraph(loaded.value.doc, text);
    if (!fitted.ok) return printDiagnostics(fitted.diagnostics), 1;
    printDiagnostics(fitted.warnings);
    const doc = fitted.value;
    if (out === undefined) {
      terminal.out(serializeDocument(doc));
      return 0;
    }
    writeFileSync(out, serializeDocument(doc));
    const tables = countedTables(doc).map((t) => ({ node: t.node, shape: own(doc.weights, `${t.node}.W`)?.shape ?? [] }));
    const vocab = documentTokenizer(doc, standardCatalogue())?.vocab ?? [];
    if (options.json) terminal.out(JSON.stringify({ out, vocab, tables }) + '\n');
    else {
      const lines = [`${out}: fitted ${tables.map((t) => `${t.node} [${t.shape.join(', ')}]`).join(', ')} over ${vocab.length} words`];
      lines.push(`  vocabulary: ${vocab.join(' ')}`);
      terminal.out(lines.join('\n') + '\n');
    }
    return 0;
  },
};
