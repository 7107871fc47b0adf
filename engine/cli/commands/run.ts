import { tokenizerOf } from '../../../graph-schema/param-roles.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { error, fail, ok, type Result } from '../../../graph-schema/diagnostics.ts';
import { int64, type Tensor } from '../../../graph-schema/tensor.ts';
import { audioFrontendsOf, feedsFromWav } from '../../run/audio-feeds.ts';
import type { Compiled } from '../../compile/compile.ts';
import { createFastRunner } from '../../fast/runner.ts';
import { checkFeeds } from '../../run/feeds.ts';
import { encodeNpy } from '../../io/npy.ts';
import { tryExportOnnx } from '../../onnx/export.ts';
import type { OrtRuntime } from '../../onnx/ort-run.ts';
import { createSession } from '../../run/session.ts';
import { feedsFromText, tokenizersOf } from '../../run/text-feeds.ts';
import type { Command } from '../command.ts';
import { loadGraph, readBounded } from '../io.ts';
import { TRACE_NAMES, writeTransformerLensTrace } from '../trace-names.ts';
import { printDiagnostics, tensorJson } from '../output.ts';
import { withSeedOption } from './export.ts';
import { UsageError } from './validate.ts';
import * as terminal from '../terminal.ts';

import { own, setOwn } from '../../../graph-schema/own.ts';
import { checkSequenceLimits, compileRunnable } from '../../compile/runnable.ts';

/** Where `run` computes: our CPU interpreter, or the ONNX export in onnxruntime-web (wasm) / -node (native). */
const BACKENDS: Readonly<Record<string, OrtRuntime | null>> = { cpu: null, 'ort-web': 'web', 'ort-node': 'node' };

/** Every block's output and intermediate tensors after a run, by node path. */
type BlockTensors = (node: string) => { outputs: Record<string, Tensor>; intermediates: Record<string, Tensor> } | undefined;

/** A finished run: graph outputs by name, and block tensors when a trace was asked for. */
type RunResult = Result<{ outputs: Record<string, Tensor>; blocks: BlockTensors }>;

export const run: Command = {
  name: 'run',
  summary: 'run a graph (CPU backend, or its ONNX export in onnxruntime) and print its outputs',
  usage: 'run FILE (--ids 3,1,4 | --text "…" | --input NAME=TEXT …) [--wav [NAME=]FILE …] [--backend cpu|ort-web|ort-node] [--seed N] [--json] [--trace DIR [--names formwork|transformerlens]] [--reference]',
  options: {
    ids: { type: 'string', help: 'comma-separated token ids for the (single) token input' },
    text: { type: 'string', help: 'text for every token input, encoded with its tokenizer' },
    input: { type: 'string', multiple: true, help: 'NAME=TEXT for one named token input (repeatable)' },
    wav: { type: 'string', multiple: true, help: 'FILE for every audio input, or NAME=FILE for one (repeatable); WAV, turned into log-mel frames' },
    backend: { type: 'string', help: 'cpu (default), ort-web (onnxruntime-web, wasm) or ort-node (onnxruntime-node, native)' },
    seed: { type: 'string', help: 'seed for weights the file does not give (overrides the file)' },
    json: { type: 'boolean', help: 'print {"outputs": {name: {shape, data}}} as JSON' },
    trace: { type: 'string', help: 'write every block output and intermediate as .npy files into DIR (runs the reference plan)' },
    names: { type: 'string', help: 'with --trace: transformerlens also writes blocks.0.attn.hook_pattern.npy … for GPT-shaped graphs' },
    reference: { type: 'boolean', help: 'cpu: run the reference plan step by step instead of the fused fast plan' },
  },
  async run([file], options) {
    if (!file) throw new UsageError('run needs a FILE');
    const backend = String(options.backend ?? 'cpu');
    if (!Object.hasOwn(BACKENDS, backend)) throw new UsageError('--backend must be cpu, ort-web or ort-node');
    const runtime = BACKENDS[backend] ?? null;
    const names = String(options.names ?? 'formwork');
    if (!(TRACE_NAMES as readonly string[]).includes(names)) throw new UsageError('--names must be formwork or transformerlens');
    if (options.names !== undefined && options.trace === undefined) throw new UsageError('--names goes with --trace DIR');
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    const doc = withSeedOption(loaded.value.doc, options.seed);
    const compiled = compileRunnable(doc, standardCatalogue(), { weights: loaded.value.weights });
    if (!compiled.ok) return printDiagnostics(compiled.diagnostics), 1;
    const feeds = buildFeeds(compiled.value, options);
    if (!feeds.ok) return printDiagnostics(feeds.diagnostics), 1;
    const sizes = checkFeeds(compiled.value.plan, feeds.value);
    if (!sizes.ok) return printDiagnostics(sizes.diagnostics), 1;
    const tooLong = checkSequenceLimits(compiled.value.analysis, sizes.value);
    if (tooLong.length > 0) return printDiagnostics(tooLong), 1;
    const trace = typeof options.trace === 'string' ? options.trace : undefined;
    const reference = trace !== undefined || options.reference === true;
    const result = runtime !== null
      ? await runOrt(compiled.value, feeds.value, runtime, trace !== undefined)
      : reference ? runCpu(compiled.value, feeds.value) : runFast(compiled.value, feeds.value);
    if (!result.ok) return printDiagnostics(result.diagnostics), 1;
    const { outputs, blocks } = result.value;
    if (trace !== undefined) writeTrace(trace, compiled.value, blocks);
    if (trace !== undefined && names === 'transformerlens') writeTransformerLensTrace(trace, doc, blocks);
    if (options.json) {
      const json = Object.fromEntries(Object.entries(outputs).map(([k, t]) => [k, tensorJson(t)]));
      terminal.out(JSON.stringify({ outputs: json }) + '\n');
    } else for (const [name, t] of Object.entries(outputs)) terminal.out(describeOutput(name, t, compiled.value) + '\n');
    return 0;
  },
};

function runCpu(compiled: Compiled, feeds: Record<string, Tensor>): RunResult {
  const session = createSession(compiled.plan, feeds);
  if (!session.ok) return session;
  const outputs = session.value.run();
  if (!outputs.ok) return outputs;
  return ok({ outputs: outputs.value, blocks: (node) => session.value.blockRun(node) });
}

/** The fused fast plan (engine/fast): outputs only, no block tensors. */
function runFast(compiled: Compiled, feeds: Record<string, Tensor>): RunResult {
  const outputs = createFastRunner(compiled.plan).run(feeds);
  return outputs.ok ? ok({ outputs: outputs.value, blocks: () => undefined }) : outputs;
}

/** Exports the plan (with debug outputs when tracing) and runs it in onnxruntime; outputs in plan order. */
async function runOrt(compiled: Compiled, feeds: Record<string, Tensor>, runtime: OrtRuntime, debug: boolean): Promise<RunResult> {
  const { plan } = compiled;
  const checked = checkFeeds(plan, feeds);
  if (!checked.ok) return checked;
  const bytes = tryExportOnnx(plan, { debug });
  if (!bytes.ok) return bytes;
  let all: Record<string, Tensor>;
  try {
    const { runWithOrt } = await import('../../onnx/ort-run.ts'); // loaded only for these backends
    all = await runWithOrt(bytes.value, feeds, { runtime });
  } catch (e) {
    return fail([
      error('FW051', `onnxruntime-${runtime} failed: ${(e as Error).message}`, {
        hint: 'check the input sizes against the block parameters (e.g. sequence longer than max_len); if --backend cpu runs it, please report a bug',
      }),
    ]);
  }
  const outputs: Record<string, Tensor> = {};
  for (const io of plan.outputs) setOwn(outputs, io.name, own(all, io.name)!);
  const pick = (node: string, ports: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.keys(ports).flatMap((port) => (all[`${node}:${port}`] ? [[port, all[`${node}:${port}`]!]] : [])));
  const blocks: BlockTensors = (node) => {
    const block = plan.blocks.find((b) => b.node === node);
    return block && { outputs: pick(node, block.outputs), intermediates: pick(node, block.intermediates) };
  };
  return ok({ outputs, blocks });
}

/** Feeds for every input: WAV files for audio inputs (--wav), token ids or text for the rest. */
function buildFeeds(compiled: Compiled, options: Readonly<Record<string, unknown>>): Result<Record<string, Tensor>> {
  const audio = buildWavFeeds(compiled, (options.wav as string[] | undefined) ?? []);
  if (!audio.ok || !compiled.plan.inputs.some((i) => i.dtype === 'int64')) return audio;
  const tokens = buildTokenFeeds(compiled, options);
  return tokens.ok ? ok({ ...audio.value, ...tokens.value }, [...audio.warnings, ...tokens.warnings]) : tokens;
}

/** Log-mel feeds from `--wav FILE` (every audio input) and `--wav NAME=FILE` values. */
function buildWavFeeds(compiled: Compiled, values: readonly string[]): Result<Record<string, Tensor>> {
  const frontends = audioFrontendsOf(compiled.plan, compiled.analysis);
  if (!frontends.ok) return frontends;
  if (frontends.value.size === 0) {
    if (values.length > 0) throw new UsageError('--wav is for audio inputs, and this graph has none');
    return ok({});
  }
  const named: Record<string, Uint8Array> = {};
  let fallback: Uint8Array | undefined;
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq > 0 && frontends.value.has(value.slice(0, eq)) ? value.slice(0, eq) : undefined;
    const bytes = readBounded(name === undefined ? value : value.slice(eq + 1), MAX_WAV_BYTES);
    if (!bytes.ok) return bytes;
    if (name === undefined) fallback = bytes.value;
    else setOwn(named, name, bytes.value);
  }
  return feedsFromWav(frontends.value, named, fallback);
}

/** Largest WAV file `--wav` reads (about 35 minutes of 16 kHz 16-bit mono). */
const MAX_WAV_BYTES = 64 * 1024 * 1024;

function buildTokenFeeds(compiled: Compiled, options: Readonly<Record<string, unknown>>): Result<Record<string, Tensor>> {
  const { plan } = compiled;
  if (typeof options.ids === 'string') {
    const parts = options.ids.split(',').map((s) => s.trim());
    if (parts.some((p) => !/^\d{1,15}$/.test(p))) throw new UsageError('--ids takes comma-separated whole numbers, e.g. 3,1,4 (no empty entries)');
    const ids = parts.map(Number);
    const idInputs = plan.inputs.filter((i) => i.dtype === 'int64');
    if (idInputs.length !== 1)
      return { ok: false, diagnostics: [error('FW051', `--ids needs exactly one token input; this graph has ${idInputs.length}`, { hint: 'use --input NAME=TEXT' })] };
    return { ok: true, value: { [idInputs[0]!.name]: int64([1, ids.length], ids) }, warnings: [] };
  }
  const named: Record<string, string> = {};
  for (const pair of (options.input as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError('--input takes NAME=TEXT');
    setOwn(named, pair.slice(0, eq), pair.slice(eq + 1));
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
    const spec = tokenizerOf(n.block, n.params);
    if (spec?.vocab) return spec.vocab;
  }
  return undefined;
}

function writeTrace(dir: string, compiled: Compiled, blocks: BlockTensors): void {
  mkdirSync(dir, { recursive: true });
  const index: Array<{ node: string; block: string; kind: string; name: string; file: string; shape: readonly number[] }> = [];
  for (const block of compiled.plan.blocks) {
    const r = blocks(block.node);
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
