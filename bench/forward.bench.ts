/**
 * Forward latency (a benchmark, not a test): the same compiled graph on our CPU backend — the interpreter on the
 * reference plan ("ours ref") and the fused fast plan (engine/fast, "ours fast") — on its ONNX export in
 * onnxruntime-web (wasm, 1 thread) and in onnxruntime-node (native, default threads), measured in one process
 * and one run: warm-up, then the median of N forward passes each. Printed as milliseconds and as the ratios
 * ours / ort-web and ours / ort-node, with the max |Δ| between the outputs as a sanity check.
 *
 * Run alone: node --import tsx bench/forward.bench.ts (or all benchmarks: npm run bench).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../graph-schema/document.ts';
import { formatDiagnostic } from '../graph-schema/diagnostics.ts';
import { parseDocument } from '../graph-schema/parse.ts';
import { int64, type Tensor } from '../graph-schema/tensor.ts';
import { compile } from '../engine/compile/compile.ts';
import { exportOnnx } from '../engine/onnx/export.ts';
import { createFastRunner } from '../engine/fast/runner.ts';
import { createSession } from '../engine/run/session.ts';
import { table } from '../engine/cli/output.ts';
import { gptDocument } from './gpt-document.ts';

interface Case {
  readonly label: string;
  readonly doc: GraphDocument;
  /** Sequence length T of the single token input (B = 1). */
  readonly seq: number;
  /** Timed runs per backend after one warm-up. */
  readonly runs: number;
}

/** The part of an onnxruntime build used here (web and node share onnxruntime-common's types). */
type OrtModule = Pick<typeof ort, 'InferenceSession' | 'Tensor'>;

function cases(): Case[] {
  const tiny = parseDocument(readFileSync(new URL('../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8'));
  if (!tiny.ok) throw new Error(tiny.diagnostics.map(formatDiagnostic).join('\n'));
  return [
    { label: 'tiny-gpt (d 32, 2 layers), T 64', doc: tiny.value, seq: 64, runs: 30 },
    { label: 'GPT d 256, 4 layers, 4 heads, vocab 1000, T 256', doc: gptDocument({ vocab: 1000, dModel: 256, layers: 4, heads: 4, context: 256 }), seq: 256, runs: 5 },
  ];
}

/** Median wall time of `runs` calls after one warm-up, in ms. */
async function median(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Times one ORT build on `bytes`; returns the median and the first output's data. */
async function timeOrt(runtime: OrtModule, bytes: Uint8Array, ids: Tensor, runs: number, options: ort.InferenceSession.SessionOptions) {
  const session = await runtime.InferenceSession.create(bytes, options);
  try {
    const feeds = { [session.inputNames[0]!]: new runtime.Tensor('int64', BigInt64Array.from(ids.data, (v) => BigInt(v)), [...ids.shape]) };
    let out: Float32Array = new Float32Array(0);
    const ms = await median(runs, async () => {
      const result = await session.run(feeds);
      out = result[session.outputNames[0]!]!.data as Float32Array;
    });
    return { ms, out };
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

/** Runs every case on the three backends and prints the table. */
export async function run(): Promise<void> {
  ort.env.wasm.numThreads = 1; // effective only before the first session of the process (bench/run.ts sets it first)
  const specifier = 'onnxruntime-node';
  const ortNode = (await import(specifier)) as OrtModule;
  const rows = [['model', 'runs', 'ours ref ms', 'ours fast ms', 'ort-web ms', 'ort-node ms', 'fast/ort-web', 'fast/ort-node', 'ref/fast', 'max |Δ|']];
  for (const c of cases()) {
    const compiled = compile(c.doc, standardCatalogue());
    if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join('\n'));
    const { plan } = compiled.value;
    const ids = int64([1, c.seq], Array.from({ length: c.seq }, (_, i) => (i * 31 + 7) % 64));
    const feeds = { [plan.inputs[0]!.name]: ids };
    let ours: Tensor | undefined;
    const oursMs = await median(c.runs, () => {
      const session = createSession(plan, feeds);
      const out = session.ok ? session.value.run() : session;
      if (!out.ok) throw new Error(out.diagnostics.map(formatDiagnostic).join('\n'));
      ours = out.value[plan.outputs[0]!.name];
    });
    const runner = createFastRunner(plan);
    let fast: Tensor | undefined;
    const fastMs = await median(c.runs, () => {
      const out = runner.run(feeds);
      if (!out.ok) throw new Error(out.diagnostics.map(formatDiagnostic).join('\n'));
      fast = out.value[plan.outputs[0]!.name];
    });
    const bytes = exportOnnx(plan);
    const web = await timeOrt(ort, bytes, ids, c.runs, { executionProviders: ['wasm'] });
    const native = await timeOrt(ortNode, bytes, ids, c.runs, {});
    const diff = Math.max(maxAbsDiff(ours!.data, web.out), maxAbsDiff(ours!.data, native.out), maxAbsDiff(fast!.data, web.out));
    rows.push([
      c.label, String(c.runs), ms(oursMs), ms(fastMs), ms(web.ms), ms(native.ms),
      (fastMs / web.ms).toFixed(2), (fastMs / native.ms).toFixed(2), (oursMs / fastMs).toFixed(2), diff.toExponential(1),
    ]);
  }
  process.stdout.write(
    `forward latency, B = 1, median after 1 warm-up; onnxruntime-web wasm with ${ort.env.wasm.numThreads ?? '?'} thread(s), ` +
      `onnxruntime-node with its default threads (${availableParallelism()} cores here)\n${table(rows)}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
