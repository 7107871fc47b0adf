/**
 * MatMul throughput (a benchmark, not a test): GFLOP/s (2·M·K·N per product) of our reference kernel,
 * the plain-JS 4×4 tiled kernel and the WebAssembly SIMD kernel, next to onnxruntime-web (wasm,
 * 1 thread) running a one-MatMul ONNX model exported from a hand-made plan, all in one process and one
 * run. onnxruntime-web is timed twice: with B as a graph input (like our kernels, which pack B on every
 * call) and with B as an initializer (a weight, which onnxruntime may pre-pack once — the forward-pass case).
 * Each figure is the median over rounds in which all contenders are timed in turn (so machine load hits
 * them alike), after a warm-up; ratios are WASM SIMD / the others.
 *
 * Run alone: node --import tsx bench/kernels.bench.ts (or npm run bench -- kernels).
 */
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { float32, sizeOf, type Tensor } from '../graph-schema/tensor.ts';
import { exportOnnx } from '../engine/onnx/export.ts';
import type { Plan, PlanIO, PlanValue } from '../engine/compile/plan.ts';
import { matmulWith, type MatmulImpl } from '../engine/kernels/matmul.ts';
import { pinMatrix, wasmGemmAvailable } from '../engine/kernels/matmul-wasm.ts';
import { table } from '../engine/cli/output.ts';

interface Case {
  readonly label: string;
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly out: readonly number[];
}

const CASES: readonly Case[] = [
  { label: '64² · 64²', a: [64, 64], b: [64, 64], out: [64, 64] },
  { label: '256² · 256²', a: [256, 256], b: [256, 256], out: [256, 256] },
  { label: '512² · 512²', a: [512, 512], b: [512, 512], out: [512, 512] },
  { label: '[1,256,256] · [256,1000]', a: [1, 256, 256], b: [256, 1000], out: [1, 256, 1000] },
  { label: 'decode [1,1,256] · [256,1000]', a: [1, 1, 256], b: [256, 1000], out: [1, 1, 1000] },
];

/** Something to time: one call, returning when done. */
type Contender = () => unknown;

/** Seconds for one call of each contender, measured as calls per batch of ≥ `ms` milliseconds. */
async function batchSeconds(fn: Contender, ms: number): Promise<number> {
  let calls = 0;
  const start = performance.now();
  do {
    await fn();
    calls++;
  } while (performance.now() - start < ms);
  return (performance.now() - start) / 1000 / calls;
}

/**
 * Median seconds per call of every contender. They are timed round-robin — one batch each per round,
 * ROUNDS rounds after a warm-up round — so a load change on the machine affects all of them alike and
 * the ratios stay meaningful on a busy machine.
 */
async function secondsPerCall(contenders: readonly Contender[]): Promise<number[]> {
  const ROUNDS = 7;
  for (const fn of contenders) await batchSeconds(fn, 100); // warm-up: JIT and wasm tier-up
  const samples = contenders.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < contenders.length; i++) samples[i]!.push(await batchSeconds(contenders[i]!, 60));
  }
  return samples.map((x) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]!);
}

/** A deterministic float32 tensor in (-1, 1). */
function seeded(shape: readonly number[], seed: number): Tensor {
  return float32(shape, Float32Array.from({ length: sizeOf(shape) }, (_, i) => Math.sin(seed * 7.31 + i * 1.37) * 0.9));
}

/** The plan of y = MatMul(a, b); `b` is a graph input, or a weight (ONNX initializer) when given. */
function matmulPlan(c: Case, weight?: Tensor): Plan {
  const source = weight === undefined ? { kind: 'input' as const, name: 'b' } : { kind: 'weight' as const, name: 'b' };
  const values: PlanValue[] = [
    { id: 0, dtype: 'float32', source: { kind: 'input', name: 'a' } },
    { id: 1, dtype: 'float32', source },
    { id: 2, dtype: 'float32', source: { kind: 'step' } },
  ];
  const inputs: PlanIO[] = [{ name: 'a', value: 0, dtype: 'float32', shape: c.a }];
  if (weight === undefined) inputs.push({ name: 'b', value: 1, dtype: 'float32', shape: c.b });
  return {
    values, inputs, blocks: [], constants: [],
    steps: [{ op: 'MatMul', attrs: {}, inputs: [0, 1], output: 2, node: 'mm' }],
    outputs: [{ name: 'y', value: 2, dtype: 'float32', shape: c.out }],
    weights: new Map(weight === undefined ? [] : [['b', { value: 1, tensor: weight }]]),
  };
}

/** An onnxruntime-web session of the one-MatMul model, its contender (one run) and the last output. */
async function ortContender(c: Case, a: Tensor, b: Tensor, bAsWeight: boolean) {
  const session = await ort.InferenceSession.create(exportOnnx(matmulPlan(c, bAsWeight ? b : undefined)), { executionProviders: ['wasm'] });
  const feeds: Record<string, ort.Tensor> = { a: new ort.Tensor('float32', Float32Array.from(a.data), [...c.a]) };
  if (!bAsWeight) feeds['b'] = new ort.Tensor('float32', Float32Array.from(b.data), [...c.b]);
  const state = { out: new Float32Array(0) as Float32Array };
  const contender: Contender = async () => {
    const y = (await session.run(feeds))['y']!.data;
    if (y instanceof Float32Array) state.out = y;
  };
  return { session, contender, state };
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

const IMPLS: readonly MatmulImpl[] = ['reference', 'tiled', 'wasm'];

/** Times every case on every implementation and prints the table. */
export async function run(): Promise<void> {
  ort.env.wasm.numThreads = 1; // effective only before the first session of the process (bench/run.ts sets it first)
  const rows = [['MatMul', 'reference', 'JS tiled', 'WASM SIMD', 'WASM (B pinned)', 'ort-web', 'ort-web (B init)', 'wasm/ref', 'wasm/tiled', 'wasm/ort', 'pinned/ort(B init)', 'max |Δ| vs ort']];
  for (const c of CASES) {
    const a = seeded(c.a, 1);
    const b = seeded(c.b, 2);
    const flops = 2 * sizeOf(c.out) * c.a[c.a.length - 1]!;
    const web = await ortContender(c, a, b, false);
    const webInit = await ortContender(c, a, b, true);
    try {
      const ours = IMPLS.map((impl): Contender => () => matmulWith(impl, [a, b]));
      const bPinned = { ...b, data: b.data.slice() }; // a weight as the fast runner holds it: packed once, then cached
      pinMatrix(bPinned.data as Float32Array);
      const pinned: Contender = () => matmulWith('wasm', [a, bPinned]);
      const seconds = await secondsPerCall([...ours, pinned, web.contender, webInit.contender]);
      const [ref, tiled, wasm, wasmPinned, ortIn, ortInit] = seconds.map((t) => flops / t / 1e9) as [number, number, number, number, number, number];
      const diff = maxAbsDiff(matmulWith('wasm', [a, bPinned]).data, web.state.out);
      const f = (x: number) => x.toFixed(x < 10 ? 2 : 1);
      rows.push([c.label, f(ref), f(tiled), f(wasm), f(wasmPinned), f(ortIn), f(ortInit), f(wasm / ref), f(wasm / tiled), f(wasm / ortIn), f(wasmPinned / ortInit), diff.toExponential(1)]);
    } finally {
      await web.session.release();
      await webInit.session.release();
    }
  }
  process.stdout.write(
    `MatMul GFLOP/s (2·M·K·N / median time per call, contenders interleaved), 1 thread; onnxruntime-web wasm with ${ort.env.wasm.numThreads ?? '?'} thread(s); ` +
      `WASM SIMD ${wasmGemmAvailable() ? 'available' : 'UNAVAILABLE (JS tiled fallback)'}\n${table(rows)}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
