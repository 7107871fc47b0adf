/**
 * The Compare worker: runs a document on our CPU backend and on onnxruntime-web (wasm, or WebGPU when asked
 * and available) with the same text-derived feeds, and reports max |Δ| for every block (engine/onnx/parity.ts).
 * Receives `{ id, doc, text, device }`; answers `{ id, phase }` while working, then `{ id, result }`.
 */
import * as ort from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { error, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { tryExportOnnx } from '../../engine/onnx/export.ts';
import { compareRuns, DEFAULT_PARITY_TOLERANCE, tryCompareBackends, type ParityReport } from '../../engine/onnx/parity.ts';
import { createSession } from '../../engine/run/session.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';
import type { CompareReply, CompareRequest, OrtInfo } from './compare-protocol.ts';

const catalogue = standardCatalogue();
ort.env.wasm.wasmPaths = { wasm: wasmUrl };
// ORT's default is half the cores (1 on a 2-core machine); use them all when cross-origin isolated.
ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;

let initialised = false;
const post = (reply: CompareReply) => self.postMessage(reply);
const hasWebGpu = () => typeof navigator !== 'undefined' && 'gpu' in navigator && (navigator as { gpu?: unknown }).gpu !== undefined;

function info(): OrtInfo {
  return { numThreads: Number(ort.env.wasm.numThreads ?? 1), crossOriginIsolated: self.crossOriginIsolated === true, webgpu: hasWebGpu(), initialised };
}

function toOrt(t: Tensor): ort.Tensor {
  const dims = [...t.shape];
  if (t.dtype === 'float32') return new ort.Tensor('float32', Float32Array.from(t.data), dims);
  if (t.dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(t.data), dims);
  return new ort.Tensor('int64', BigInt64Array.from(t.data, (v) => BigInt(v)), dims);
}

function fromOrt(v: ort.Tensor): Tensor {
  const shape = v.dims.map(Number);
  if (v.type === 'float32') return { dtype: 'float32', shape, data: Float32Array.from(v.data as Float32Array) };
  if (v.type === 'bool') return { dtype: 'bool', shape, data: Uint8Array.from(v.data as Uint8Array) };
  return { dtype: 'int64', shape, data: Int32Array.from(v.data as BigInt64Array, (x) => Number(x)) };
}

/** The same comparison as tryCompareBackends, on the WebGPU execution provider. */
async function compareOnWebGpu(plan: Parameters<typeof compareRuns>[0], feeds: Record<string, Tensor>, tolerance: number): Promise<{ ok: true; value: ParityReport } | { ok: false; diagnostics: readonly Diagnostic[] }> {
  const session = createSession(plan, feeds);
  if (!session.ok) return session;
  const ran = session.value.run();
  if (!ran.ok) return { ok: false, diagnostics: ran.diagnostics };
  const model = tryExportOnnx(plan, { debug: true });
  if (!model.ok) return model;
  const ortSession = await ort.InferenceSession.create(model.value, { executionProviders: ['webgpu'] });
  try {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
    const results = await ortSession.run(ortFeeds);
    const theirs: Record<string, Tensor> = {};
    for (const name of ortSession.outputNames) if (results[name]) theirs[name] = fromOrt(results[name]);
    return { ok: true, value: { runtime: 'web', ...compareRuns(plan, (id) => session.value.value(id), theirs, tolerance) } };
  } finally {
    await ortSession.release();
  }
}

self.addEventListener('message', async (event: MessageEvent<CompareRequest>) => {
  const { id, doc, text, device } = event.data;
  const tolerance = event.data.tolerance ?? DEFAULT_PARITY_TOLERANCE;
  try {
    if (event.data.infoOnly) return post({ id, info: info() });
    post({ id, phase: 'compiling' });
    const compiled = compile(doc as GraphDocument, catalogue);
    if (!compiled.ok) return post({ id, diagnostics: compiled.diagnostics, info: info() });
    const tokenizers = tokenizersOf(compiled.value.plan, compiled.value.analysis);
    if (!tokenizers.ok) return post({ id, diagnostics: tokenizers.diagnostics, info: info() });
    if (tokenizers.value.size < compiled.value.plan.inputs.length) {
      const other = compiled.value.plan.inputs.filter((i) => !tokenizers.value.has(i.name)).map((i) => i.name);
      return post({ id, diagnostics: [error('FW051', `Compare feeds text only; input${other.length > 1 ? 's' : ''} ${other.join(', ')} take${other.length > 1 ? '' : 's'} no text`)], info: info() });
    }
    const feeds = feedsFromText(tokenizers.value, {}, text);
    if (!feeds.ok) return post({ id, diagnostics: feeds.diagnostics, info: info() });
    post({ id, phase: device === 'webgpu' ? 'running CPU and onnxruntime-web (WebGPU)' : 'running CPU and onnxruntime-web (wasm)' });
    const started = performance.now();
    const report = device === 'webgpu' ? await compareOnWebGpu(compiled.value.plan, feeds.value, tolerance) : await tryCompareBackends(compiled.value, feeds.value, { runtime: 'web', tolerance });
    initialised = true;
    if (!report.ok) return post({ id, diagnostics: report.diagnostics, info: info() });
    post({ id, report: report.value, device, ms: performance.now() - started, info: info() });
  } catch (cause) {
    post({ id, diagnostics: [error('FW070', `onnxruntime-web (${device}) failed: ${cause instanceof Error ? cause.message : String(cause)}`)], info: info() });
  }
});
