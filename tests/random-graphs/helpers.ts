/**
 * Shared by the random-graph tests: unwrapping Results, feeds for any example graph, and the
 * graph → ONNX → graph → ONNX round trip.
 */
import { expect } from 'vitest';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { formatDiagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument, serializeDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile, type Compiled } from '../../engine/compile/compile.ts';
import { exportOnnx, FORMWORK_GRAPH_KEY, readFormworkMetadata } from '../../engine/onnx/export.ts';

/** The value of a Result, or a test failure listing its diagnostics under `label`. */
export function unwrap<T>(result: Result<T>, label = ''): T {
  if (!result.ok) expect.fail(`${label}\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return result.value;
}

/**
 * Deterministic feeds for any compiled graph: B = 1, T = 5, S = 4; token ids cycle through each input's
 * vocabulary, float inputs (audio frames) get a smooth pattern in (−1, 1).
 */
export function exampleFeeds({ plan, analysis }: Compiled): Record<string, Tensor> {
  const sizes: Record<string, number> = { B: 1, T: 5, S: 4 };
  const feeds: Record<string, Tensor> = {};
  for (const io of plan.inputs) {
    const shape = io.shape.map((d) => (typeof d === 'number' ? d : (sizes[d] ?? 3)));
    const n = shape.reduce((a, b) => a * b, 1);
    if (io.dtype === 'int64') {
      const spec = analysis.top.byId.get(io.name)?.params.tokenizer as { vocab?: readonly string[] } | undefined;
      const vocab = Math.max(1, spec?.vocab?.length ?? 1);
      feeds[io.name] = { dtype: 'int64', shape, data: Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % vocab) };
    } else feeds[io.name] = { dtype: 'float32', shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.37) * 0.9) };
  }
  return feeds;
}

/** Debug export of `compiled` with `doc` (as Formwork saves it) in the metadata: what `formwork export --debug` writes. */
export function exportWithGraph(compiled: Compiled, doc: GraphDocument): Uint8Array {
  return exportOnnx(compiled.plan, { debug: true, metadata: { [FORMWORK_GRAPH_KEY]: serializeDocument(doc) } });
}

/**
 * Reads the document back out of `model`, checks it serialises to exactly the stored text, compiles it and
 * exports it again the same way: the bytes of that second model.
 */
export function reexport(model: Uint8Array, catalogue: Catalogue, label: string): Uint8Array {
  const text = readFormworkMetadata(model);
  expect(text, `${label}: no ${FORMWORK_GRAPH_KEY} in the model`).not.toBeNull();
  const doc = unwrap(parseDocument(text!), label);
  expect(serializeDocument(doc), `${label}: the document does not round-trip`).toBe(text);
  return exportWithGraph(unwrap(compile(doc, catalogue), label), doc);
}

/** Byte-for-byte equality (without a per-byte assertion for each of thousands of bytes). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
