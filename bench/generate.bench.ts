/**
 * Generation speed, as ratios against peers measured in the same run: a GPT with d_model 256, 4 layers,
 * 4 heads and a 1000-token vocabulary completes a 16-token prompt with 64 greedy tokens
 *   1. on our CPU backend with the KV cache (a decoding plan: one new token per call),
 *   2. on our CPU backend without it (the whole sequence again for every token),
 *   3. in onnxruntime-web (wasm, 1 thread unless the caller chose otherwise), also without a cache,
 *      running the same plan exported to ONNX.
 * All three must choose the same tokens, or the run fails. Run alone with
 * `node --import tsx bench/generate.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import { formatDiagnostic, type Result } from '../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../graph-schema/document.ts';
import { compile } from '../engine/compile/compile.ts';
import { generate, generateCached, lastRow, type GeneratedToken } from '../engine/run/generate.ts';
import { exportOnnx } from '../engine/onnx/export.ts';
import type { Plan } from '../engine/compile/plan.ts';
import { gptDocument } from './gpt-document.ts';
import { createSampler } from '../engine/run/sampling.ts';

const SIZE = { dModel: 256, layers: 4, heads: 4, vocab: 1000 } as const;
const PROMPT_TOKENS = 16;
const NEW_TOKENS = 64;
const WARMUP_TOKENS = 8;

/** The benchmark model: a GPT-style post-norm decoder stack (d_ff = 4·d_model) with a tied de-embedding. */
export function benchmarkGpt(): GraphDocument {
  return gptDocument({ vocab: SIZE.vocab, dModel: SIZE.dModel, layers: SIZE.layers, heads: SIZE.heads, context: 128 }, 1);
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

/** Runs a generation to the end; returns the chosen ids. */
function drain(tokens: Iterable<Result<GeneratedToken>>): number[] {
  const ids: number[] = [];
  for (const t of tokens) ids.push(unwrap(t).id);
  return ids;
}

/** Greedy generation in onnxruntime-web over the exported full plan, one full forward per token. */
async function ortGenerate(session: ort.InferenceSession, prompt: readonly number[], count: number): Promise<number[]> {
  const choose = createSampler({ temperature: 0 });
  const ids = [...prompt];
  for (let n = 0; n < count; n++) {
    const feeds = { text: new ort.Tensor('int64', BigInt64Array.from(ids, (v) => BigInt(v)), [1, ids.length]) };
    const probs = (await session.run(feeds)).probs!; // [1, T, V]
    const row = lastRow({ dtype: 'float32', shape: probs.dims.map(Number), data: probs.data as Float32Array });
    ids.push(choose(row));
  }
  return ids.slice(prompt.length);
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** Measures and prints generation tok/s for the five runners, with ratios. */
export async function run(): Promise<void> {
  const doc = benchmarkGpt();
  const full: Plan = unwrap(compile(doc, standardCatalogue())).plan;
  const cached: Plan = unwrap(compile(doc, standardCatalogue(), { incremental: true })).plan;
  const prompt = Array.from({ length: PROMPT_TOKENS }, (_, i) => (i * 37 + 11) % SIZE.vocab);
  const greedy = { temperature: 0, maxTokens: NEW_TOKENS } as const;

  if (ort.env.wasm.numThreads === undefined) ort.env.wasm.numThreads = 1;
  const ortSession = await ort.InferenceSession.create(exportOnnx(full), { executionProviders: ['wasm'] });

  // Warm-up (JIT, wasm compilation), not measured.
  drain(generateCached(cached, prompt, { ...greedy, maxTokens: WARMUP_TOKENS }));
  drain(generate(full, prompt, { ...greedy, maxTokens: WARMUP_TOKENS }));
  await ortGenerate(ortSession, prompt, WARMUP_TOKENS);

  const withCache = await timed(() => drain(generateCached(cached, prompt, greedy)));
  const withoutCache = await timed(() => drain(generate(full, prompt, greedy)));
  const reference = { ...greedy, reference: true } as const;
  const withCacheRef = await timed(() => drain(generateCached(cached, prompt, reference)));
  const withoutCacheRef = await timed(() => drain(generate(full, prompt, reference)));
  const onnxruntime = await timed(() => ortGenerate(ortSession, prompt, NEW_TOKENS));
  await ortSession.release();

  const same = [withoutCache.value, withCacheRef.value, withoutCacheRef.value, onnxruntime.value].every((ids) => ids.join() === withCache.value.join());
  if (!same) throw new Error('generate bench: the runners chose different tokens');
  const rate = (s: number) => NEW_TOKENS / s;
  const rows: [string, number][] = [
    ['formwork CPU fast plan, KV cache', rate(withCache.seconds)],
    ['formwork CPU fast plan, no cache', rate(withoutCache.seconds)],
    [`onnxruntime-web wasm (${ort.env.wasm.numThreads ?? 1} thread), no cache`, rate(onnxruntime.seconds)],
    ['formwork CPU reference plan, KV cache', rate(withCacheRef.seconds)],
    ['formwork CPU reference plan, no cache', rate(withoutCacheRef.seconds)],
  ];
  const lines = [
    `generate: GPT d_model ${SIZE.dModel}, ${SIZE.layers} layers, ${SIZE.heads} heads, vocab ${SIZE.vocab}; prompt ${PROMPT_TOKENS}, ${NEW_TOKENS} new tokens, greedy (same tokens from all five)`,
    ...rows.map(([label, tokPerS]) => `  ${label.padEnd(44)} ${tokPerS.toFixed(1).padStart(8)} tok/s`),
    `  KV cache vs no cache (ours):                ×${(rows[0]![1] / rows[1]![1]).toFixed(2)}`,
    `  ours with KV cache vs onnxruntime-web:      ×${(rows[0]![1] / rows[2]![1]).toFixed(2)}`,
    `  ours without cache vs onnxruntime-web:      ×${(rows[1]![1] / rows[2]![1]).toFixed(2)}`,
    `  fast vs reference plan, KV cache / no cache: ×${(rows[0]![1] / rows[3]![1]).toFixed(2)} / ×${(rows[1]![1] / rows[4]![1]).toFixed(2)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
