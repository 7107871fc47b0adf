/**
 * The ONNX export worker: compiles a document and exports it, with the document embedded under
 * `formwork.graph` exactly as `serializeDocument(doc)` writes it. Receives `{ id, doc }`; answers
 * `{ id, phase }` while working, then `{ id, bytes }` (transferred) or `{ id, diagnostics }`.
 */
import { error } from '../../graph-schema/diagnostics.ts';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { serializeDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { FORMWORK_GRAPH_KEY, tryExportOnnx } from '../../engine/onnx/export.ts';

const catalogue = standardCatalogue();

self.addEventListener('message', (event: MessageEvent<{ id: number; doc: GraphDocument }>) => {
  const { id, doc } = event.data;
  try {
    self.postMessage({ id, phase: 'compiling' });
    const compiled = compile(doc, catalogue);
    if (!compiled.ok) return self.postMessage({ id, diagnostics: compiled.diagnostics });
    self.postMessage({ id, phase: 'writing ONNX' });
    const bytes = tryExportOnnx(compiled.value.plan, { metadata: { [FORMWORK_GRAPH_KEY]: serializeDocument(doc) } });
    if (!bytes.ok) return self.postMessage({ id, diagnostics: bytes.diagnostics });
    (self as unknown as Worker).postMessage({ id, bytes: bytes.value }, [bytes.value.buffer]);
  } catch (cause) {
    self.postMessage({ id, diagnostics: [error('FW099', `export failed: ${cause instanceof Error ? cause.message : String(cause)}`)] });
  }
});
