import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { error, type Result } from '../../../graph-schema/diagnostics.ts';
import { int64, type Tensor } from '../../../graph-schema/tensor.ts';
import { compile, type Compiled } from '../../compile.ts';
import { encodeNpy } from '../../npy.ts';
import { createSession } from '../../session.ts';
import { feedsFromText, tokenizersOf } from '../../text-feeds.ts';
import type { Command } from '../command.ts';
import { loadGraph } from '../io.ts';
import { printDiagnostics, tensorJson } from '../output.ts';
import { UsageError } from './validate.ts';

export const run: Command = {
  name: 'run',
  summary: 'run a graph on the CPU backend and print its outputs',
  usage: 'run FILE (--ids 3,1,4 | --text "…" | --input NAME=TEXT …) [--seed N] [--json] [--trace DIR]',
  options: {
    ids: { type: 'string', help: 'comma-separated token ids for the (single) token input' },
    text: { type: 'string', help: 'text for every token input, encoded with its tokenizer' },
    input: { type: 'string', multiple: true, help: 'NAME=TEXT for one named token input (repeatable)' },
    seed: { type: 'string', help: 'seed for weights the file does not give (overrides the file)' },
    json: { type: 'boolean', help: 'print {"outputs": {name: {shape, data}}} as JSON' },
    trace: { type: 'string', help: 'write every block output and intermediate as .npy files into DIR' },
  },
  async run([file], options) {
    if (!file) throw new UsageError('run needs a FILE');
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    let doc = loaded.value.doc;
    if (options.seed !== undefined) {
      const seed = Number(options.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new UsageError('--seed must be a whole number from 0 to 4294967295');
      doc = { ...doc, seed };
    }
    const compiled = compile(doc, standardCatalogue(), { weights: loaded.value.weights });
    if (!compiled.ok) return printDiagnostics(compiled.diagnostics), 1;
    const feeds = buildFeeds(compiled.value, options);
    if (!feeds.ok) return printDiagnostics(feeds.diagnostics), 1;
    const session = createSession(compiled.value.plan, feeds.value);
    if (!session.ok) return printDiagnostics(session.diagnostics), 1;
    const outputs = session.value.run();
    if (!outputs.ok) return printDiagnostics(outputs.diagnostics), 1;
    if (typeof options.trace === 'string') writeTrace(options.trace, compiled.value, session.value);
    if (options.json) {
      const json = Object.fromEntries(Object.entries(outputs.value).map(([k, t]) => [k, tensorJson(t)]));
      process.stdout.write(JSON.stringify({ outputs: json }) + '\n');
    } else for (const [name, t] of Object.entries(outputs.value)) process.stdout.write(describeOutput(name, t, compiled.value) + '\n');
    return 0;
  },
};

function buildFeeds(compiled: Compiled, options: Readonly<Record<string, unknown>>): Result<Record<string, Tensor>> {
  const { plan } = compiled;
  if (typeof options.ids === 'string') {
    const ids = options.ids.split(',').map((s) => Number(s.trim()));
    if (ids.some((n) => !Number.isInteger(n) || n < 0)) throw new UsageError('--ids takes comma-separated whole numbers, e.g. 3,1,4');
    const idInputs = plan.inputs.filter((i) => i.dtype === 'int64');
    if (idInputs.length !== 1)
      return { ok: false, diagnostics: [error('FW051', `--ids needs exactly one token input; this graph has ${idInputs.length}`, { hint: 'use --input NAME=TEXT' })] };
    return { ok: true, value: { [idInputs[0]!.name]: int64([1, ids.length], ids) }, warnings: [] };
  }
  const named: Record<string, string> = {};
  for (const pair of (options.input as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError('--input takes NAME=TEXT');
    named[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (options.text === undefined && Object.keys(named).length === 0) throw new UsageError('run needs --ids, --text or --input');
  const tokenizers = tokenizersOf(plan, compiled.analysis);
  if (!tokenizers.ok) return tokenizers;
  return feedsFromText(tokenizers.value, named, options.text as string | undefined);
}

/** Shape, and for a probability row the top five tokens of the last position. */
function describeOutput(name: string, t: Tensor, compiled: Compiled): string {
  const lines = [`${name} [${t.shape.join(', ')}] ${t.dtype}`];
  const n = t.shape[t.shape.length - 1] ?? 0;
  if (t.dtype === 'float32' && n > 0 && t.data.length >= n) {
    const last = Array.from(t.data.subarray(t.data.length - n));
    const vocab = vocabularyOf(compiled);
    const top = last.map((p, id) => ({ p, id })).sort((a, b) => b.p - a.p).slice(0, 5);
    lines.push('  last position, top 5:');
    for (const { p, id } of top) lines.push(`    ${JSON.stringify(vocab?.[id] ?? String(id)).padEnd(14)} ${p.toFixed(4)}`);
  }
  return lines.join('\n');
}

function vocabularyOf(compiled: Compiled): readonly string[] | undefined {
  for (const n of compiled.analysis.top.order) {
    const spec = n.params.tokenizer as { vocab?: string[] } | undefined;
    if (spec?.vocab) return spec.vocab;
  }
  return undefined;
}

function writeTrace(dir: string, compiled: Compiled, session: { blockRun(node: string): { outputs: Record<string, Tensor>; intermediates: Record<string, Tensor> } | undefined }): void {
  mkdirSync(dir, { recursive: true });
  const index: Array<{ node: string; block: string; kind: string; name: string; file: string; shape: readonly number[] }> = [];
  for (const block of compiled.plan.blocks) {
    const r = session.blockRun(block.node);
    if (!r) continue;
    for (const [kind, tensors] of [['output', r.outputs], ['intermediate', r.intermediates]] as const)
      for (const [name, t] of Object.entries(tensors)) {
        const file = `${block.node}.${name}.npy`;
        writeFileSync(join(dir, file), encodeNpy(t));
        index.push({ node: block.node, block: block.block, kind, name, file, shape: t.shape });
      }
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
}
