/**
 * `formwork export FILE -o model.onnx`: compiles a graph and writes it as an ONNX model, with the Formwork
 * document itself (exactly as Formwork saves it) in `metadata_props["formwork.graph"]`, so the model can be
 * opened as a graph again.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { error } from '../../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../../graph-schema/document.ts';
import { serializeDocument } from '../../../graph-schema/parse.ts';
import { DEFAULT_OPSET, FORMWORK_GRAPH_KEY, IR_VERSION_FOR_OPSET, tryExportOnnx } from '../../onnx/export.ts';
import { ModelProtoSchema } from '../../onnx/onnx_pb.ts';
import type { Command, CommandOption } from '../command.ts';
import { writePytorchExport } from '../export-pytorch.ts';
import { loadGraph } from '../io.ts';
import { printDiagnostics, thousands } from '../output.ts';
import { UsageError } from './validate.ts';
import * as terminal from '../terminal.ts';
import { compileRunnable } from '../../compile/runnable.ts';

/** `doc` with the seed from `--seed`, if given (a UsageError for anything but a uint32). */
export function withSeedOption(doc: GraphDocument, option: unknown): GraphDocument {
  if (option === undefined) return doc;
  const seed = Number(option);
  if (typeof option !== 'string' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new UsageError('--seed must be a whole number from 0 to 4294967295');
  return { ...doc, seed };
}

/** The `--opset` value: the default when absent, a UsageError when not a whole number (range is FW070's job). */
export function opsetOption(option: unknown): number {
  if (option === undefined) return DEFAULT_OPSET;
  const opset = Number(option);
  if (typeof option !== 'string' || !Number.isInteger(opset)) throw new UsageError('--opset must be a whole number, e.g. 17');
  return opset;
}

/** `tiny-gpt.formwork.json` → `tiny-gpt.onnx` (in the current directory). */
function defaultOutput(file: string): string {
  return basename(file).replace(/(\.formwork)?\.json$/i, '') + '.onnx';
}

const OPTIONS: Readonly<Record<string, CommandOption>> = {
  output: { type: 'string', short: 'o', help: 'the .onnx file to write (default: FILE\'s name with .onnx, here)' },
  debug: { type: 'boolean', help: 'also expose every block output and intermediate as a graph output <node>:<port>' },
  opset: { type: 'string', help: `ONNX opset, ${Object.keys(IR_VERSION_FOR_OPSET).join(', ')} (default ${DEFAULT_OPSET})` },
  seed: { type: 'string', help: 'seed for weights the file does not give (overrides the file)' },
  json: { type: 'boolean', help: 'print {file, bytes, opset, nodes, initializers, inputs, outputs, parameters} as JSON' },
  format: { type: 'string', help: 'onnx (default), or pytorch: -o DIR gets model.py, model.safetensors and train.py' },
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a graph as an ONNX model; the graph itself travels in its metadata',
  usage: 'export FILE [-o model.onnx] [--debug] [--opset N] [--seed N] [--json] | export FILE --format pytorch -o DIR',
  options: OPTIONS,
  async run([file], options) {
    if (!file) throw new UsageError('export needs a FILE');
    const format = String(options.format ?? 'onnx');
    if (format !== 'onnx' && format !== 'pytorch') throw new UsageError('--format must be onnx or pytorch');
    if (format === 'pytorch') return exportPytorchCommand(file, options);
    const out = typeof options.output === 'string' ? options.output : defaultOutput(file);
    const opset = opsetOption(options.opset);
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    const doc = withSeedOption(loaded.value.doc, options.seed);
    const compiled = compileRunnable(doc, standardCatalogue(), { weights: loaded.value.weights });
    if (!compiled.ok) return printDiagnostics(compiled.diagnostics), 1;
    const graphText = serializeDocument(doc);
    const bytes = tryExportOnnx(compiled.value.plan, { opset, debug: options.debug === true, metadata: { [FORMWORK_GRAPH_KEY]: graphText } });
    if (!bytes.ok) return printDiagnostics(bytes.diagnostics), 1;
    try {
      writeFileSync(out, bytes.value);
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      return printDiagnostics([error('FW070', `cannot write ${out}: ${reason}`, { hint: 'choose a writable path with -o' })]), 1;
    }
    const graph = fromBinary(ModelProtoSchema, bytes.value).graph!;
    const debugOutputs = graph.output.length - compiled.value.plan.outputs.length;
    const summary = {
      file: out,
      bytes: bytes.value.length,
      opset,
      nodes: graph.node.length,
      initializers: graph.initializer.length,
      inputs: graph.input.map((v) => v.name),
      outputs: compiled.value.plan.outputs.map((io) => io.name),
      debugOutputs,
      parameters: compiled.value.analysis.parameterCount,
    };
    if (options.json) {
      terminal.out(JSON.stringify(summary) + '\n');
      return 0;
    }
    const lines = [
      `wrote ${out}: ${thousands(summary.bytes)} bytes, opset ${opset} (IR ${IR_VERSION_FOR_OPSET[opset]})`,
      `  ${thousands(summary.nodes)} nodes, ${thousands(summary.initializers)} initializers, ${thousands(summary.parameters)} learned parameters`,
      `  inputs: ${summary.inputs.join(', ')}; outputs: ${summary.outputs.join(', ')}${debugOutputs > 0 ? ` (+${debugOutputs} debug outputs)` : ''}`,
      `  graph document in metadata_props["${FORMWORK_GRAPH_KEY}"] (${thousands(graphText.length)} characters)`,
    ];
    terminal.out(lines.join('\n') + '\n');
    return 0;
  },
};

/** `export FILE --format pytorch -o DIR`. */
function exportPytorchCommand(file: string, options: Readonly<Record<string, unknown>>): number {
  if (typeof options.output !== 'string') throw new UsageError('--format pytorch needs -o DIR');
  const loaded = loadGraph(file);
  if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
  const doc = withSeedOption(loaded.value.doc, options.seed);
  const compiled = compileRunnable(doc, standardCatalogue(), { weights: loaded.value.weights });
  if (!compiled.ok) return printDiagnostics(compiled.diagnostics), 1;
  const written = writePytorchExport(compiled.value, doc, options.output);
  if (!written.ok) return printDiagnostics(written.diagnostics), 1;
  if (options.json) terminal.out(JSON.stringify({ files: written.value, parameters: compiled.value.analysis.parameterCount }) + '\n');
  else {
    for (const w of written.value) terminal.out(`wrote ${w.file} (${thousands(w.bytes)} bytes)\n`);
    terminal.out(`  train: cd ${options.output} && torchrun --nproc_per_node=1 train.py corpus.txt --steps 200\n`);
  }
  return 0;
}
