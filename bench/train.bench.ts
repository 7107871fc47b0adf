/**
 * `npm run bench -- train`: tokens per second of one training step (forward + backward + AdamW) of a GPT
 * (d_model 128, 2 layers, 4 heads, vocab 96, T 64, batch 8) in Formwork, and of the same graph exported to
 * PyTorch (`formwork export --format pytorch`) trained by python3-torch on the CPU with one thread, measured
 * one after the other in the same run (torch runs in its own process after ours, so nothing runs beside a
 * timing). Also the estimated and measured memory of a d_model 256, 4-layer, T 128, batch 8 step.
 * Min / median / max over the timed steps, with the machine's load. Not a test: nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import { compile } from '../engine/compile/compile.ts';
import { table } from '../engine/cli/output.ts';
import { exportPytorch } from '../engine/pytorch/export.ts';
import { uniformStream } from '../engine/compile/init.ts';
import { createTrainableModel, type TrainableModel } from '../engine/train/model.ts';
import { createOptimizer, DEFAULT_OPTIMIZERS } from '../engine/train/optimizers.ts';
import { gptDocument, type GptSize } from './gpt-document.ts';

const SIZE: GptSize = { vocab: 96, dModel: 128, layers: 2, heads: 4, context: 64 };
const BIG: GptSize = { vocab: 96, dModel: 256, layers: 4, heads: 4, context: 128 };
const BATCH = 8;
const STEPS = 8;
const catalogue = standardCatalogue();

/** Random next-token batch [B, T] (targets = inputs shifted by one). */
function batch(vocab: number, b: number, t: number, seed: number): { inputs: Int32Array; targets: Int32Array } {
  const next = uniformStream(seed);
  const stream = Int32Array.from({ length: b * (t + 1) }, () => Math.floor(next() * vocab));
  const inputs = new Int32Array(b * t);
  const targets = new Int32Array(b * t);
  for (let r = 0; r < b; r++)
    for (let i = 0; i < t; i++) {
      inputs[r * t + i] = stream[r * (t + 1) + i]!;
      targets[r * t + i] = stream[r * (t + 1) + i + 1]!;
    }
  return { inputs, targets };
}

function model(size: GptSize): TrainableModel {
  const m = createTrainableModel(gptDocument(size), catalogue);
  if (!m.ok) throw new Error(m.diagnostics.map((d) => d.message).join('; '));
  return m.value;
}

/** Milliseconds of each of STEPS training steps (after one warm-up). */
function oursSteps(): number[] {
  const m = model(SIZE);
  const optimizer = createOptimizer(DEFAULT_OPTIMIZERS.adamw);
  const times: number[] = [];
  for (let s = 0; s <= STEPS; s++) {
    const { inputs, targets } = batch(SIZE.vocab, BATCH, SIZE.context, s);
    const start = performance.now();
    const { gradients } = m.lossAndGradients(inputs, targets, BATCH, SIZE.context);
    optimizer.step(m.parameters, gradients, 1e-3);
    if (s > 0) times.push(performance.now() - start);
  }
  return times;
}

/** The same steps in python3-torch (1 thread) on the exported graph, or null with the reason. */
function torchSteps(): number[] | string {
  const have = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (have.status !== 0) return 'python3-torch is not installed';
  const doc = gptDocument(SIZE);
  const compiled = compile(doc, catalogue);
  if (!compiled.ok) return 'compile failed';
  const files = exportPytorch(compiled.value, doc);
  if (!files.ok) return files.diagnostics[0]!.message;
  const dir = mkdtempSync(join(tmpdir(), 'formwork-train-bench-'));
  try {
    for (const [name, content] of files.value) writeFileSync(join(dir, name), content);
    const script = fileURLToPath(new URL('./train_torch.py', import.meta.url));
    const r = spawnSync('/usr/bin/python3', [script, dir, String(BATCH), String(SIZE.context), String(SIZE.vocab), String(STEPS)], { encoding: 'utf8' });
    if (r.status !== 0) return `torch failed: ${r.stderr.slice(-300)}`;
    return JSON.parse(r.stdout) as number[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stats = (ms: readonly number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0]!, median: s[s.length >> 1]!, max: s[s.length - 1]! };
};
const tokensPerSecond = (ms: number) => ((BATCH * SIZE.context) / ms) * 1000;

export async function run(): Promise<void> {
  const load = loadavg()[0]!;
  const ours = stats(oursSteps());
  const torch = torchSteps();
  const rows = [['', 'ms per step (min / median / max)', 'tokens/s (median)', 'vs PyTorch']];
  const fmt = (s: ReturnType<typeof stats>) => `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)}`;
  const theirs = typeof torch === 'string' ? null : stats(torch);
  rows.push(['Formwork (reference kernels)', fmt(ours), tokensPerSecond(ours.median).toFixed(0), theirs ? `${(theirs.median / ours.median).toFixed(2)}×` : '—']);
  rows.push(['PyTorch CPU, 1 thread', theirs ? fmt(theirs) : String(torch), theirs ? tokensPerSecond(theirs.median).toFixed(0) : '—', theirs ? '1.00×' : '—']);
  console.log(`\ntraining step, GPT d${SIZE.dModel} × ${SIZE.layers} layers, T ${SIZE.context}, batch ${BATCH}, vocab ${SIZE.vocab}, AdamW; ${STEPS} steps after a warm-up; load ${load.toFixed(2)}`);
  console.log(table(rows));

  const big = model(BIG);
  const estimate = big.estimateBytes?.(BATCH, BIG.context) ?? NaN;
  const before = process.memoryUsage();
  const { inputs, targets } = batch(BIG.vocab, BATCH, BIG.context, 1);
  big.lossAndGradients(inputs, targets, BATCH, BIG.context);
  const after = process.memoryUsage();
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  console.log(`memory of one d${BIG.dModel} × ${BIG.layers}-layer, T ${BIG.context}, batch ${BATCH} step: estimated peak ${mib(estimate)}; process RSS after it ${mib(after.rss)} (${mib(after.rss - before.rss)} more than before)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
