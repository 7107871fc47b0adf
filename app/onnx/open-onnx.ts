/**
 * Opening `.onnx` files in the editor. Only models exported by Formwork can be opened: they carry the
 * original document (with its layout) under `metadata_props['formwork.graph']`. Anything else gives a
 * diagnostic and leaves the current graph alone. Pure and synchronous, so it is tested headless.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { FORMWORK_GRAPH_KEY, readOnnxMetadata } from '../../engine/onnx/metadata.ts';

/** The message for a valid ONNX model that Formwork did not write. */
export const FOREIGN_ONNX_MESSAGE = 'this ONNX model was not exported by Formwork; importing arbitrary ONNX is not supported';

/** True for a file the editor should read as ONNX rather than as graph JSON. */
export function isOnnxFileName(name: string): boolean {
  return /\.onnx$/i.test(name);
}

/** The Formwork document JSON embedded in ONNX bytes, or diagnostics (not ONNX / not exported by Formwork). */
export function documentTextFromOnnx(bytes: Uint8Array): Result<string> {
  const meta = readOnnxMetadata(bytes);
  if (!meta.ok) return fail(meta.diagnostics);
  if (!Object.hasOwn(meta.value, FORMWORK_GRAPH_KEY)) {
    return fail([error('FW070', FOREIGN_ONNX_MESSAGE, { hint: 'open a .onnx file exported from Formwork, or a .formwork.json graph' })]);
  }
  return ok(meta.value[FORMWORK_GRAPH_KEY] ?? '');
}

/** The Formwork document embedded in ONNX bytes, validated like any opened graph file. */
export function documentFromOnnx(bytes: Uint8Array): Result<GraphDocument> {
  const text = documentTextFromOnnx(bytes);
  if (!text.ok) return fail(text.diagnostics);
  return parseDocument(text.value);
}

/** `My model` → `My model.onnx`, with characters file systems dislike replaced. */
export function onnxFileNameFor(doc: GraphDocument): string {
  const title = (doc.meta?.title ?? '').trim() || 'Untitled';
  return title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').slice(0, 120) + '.onnx';
}

/** `12.3 kB`, `4.5 MB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}
