/**
 * Opening `.onnx` files in the editor, headless: a Formwork export gives back the original document (with
 * its layout); a foreign model and garbage give a message and leave the current graph alone.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { emptyDocument } from '../../graph-schema/document.ts';
import { parseDocument, serializeDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { exportOnnx, FORMWORK_GRAPH_KEY } from '../../engine/onnx/export.ts';
import { GraphProtoSchema, ModelProtoSchema } from '../../engine/onnx/onnx_pb.ts';
import { createCommands } from '../../app/commands.ts';
import { createOnnxActions } from '../../app/onnx/onnx-actions.ts';
import { overToleranceMarks, resolveNodePath } from '../../app/onnx/node-path.ts';
import { documentFromOnnx, FOREIGN_ONNX_MESSAGE, isOnnxFileName, onnxFileNameFor } from '../../app/onnx/open-onnx.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';

const catalogue = standardCatalogue();
const tinyGpt = () => {
  const parsed = parseDocument(readFileSync(new URL('../../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error('tiny-gpt does not parse');
  return parsed.value;
};

function exported(withDocument: boolean): Uint8Array {
  const doc = tinyGpt();
  const compiled = compile(doc, catalogue);
  if (!compiled.ok) throw new Error('tiny-gpt does not compile');
  return exportOnnx(compiled.value.plan, withDocument ? { metadata: { [FORMWORK_GRAPH_KEY]: serializeDocument(doc) } } : {});
}

describe('open .onnx', () => {
  it('a Formwork export gives back the original document, layout included', () => {
    const back = documentFromOnnx(exported(true));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value).toEqual(tinyGpt());
    expect(back.value.layout?.nodes).toEqual(tinyGpt().layout?.nodes);
    expect(serializeDocument(back.value)).toBe(serializeDocument(tinyGpt()));
  });

  it('a foreign ONNX model says it was not exported by Formwork', () => {
    const plain = documentFromOnnx(exported(false));
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.diagnostics[0]?.message).toBe(FOREIGN_ONNX_MESSAGE);
    const minimal = toBinary(ModelProtoSchema, create(ModelProtoSchema, { irVersion: 8n, graph: create(GraphProtoSchema, { name: 'other' }) }));
    const other = documentFromOnnx(minimal);
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.diagnostics[0]?.message).toMatch(/not exported by Formwork; importing arbitrary ONNX is not supported/);
  });

  it('garbage bytes say they are not an ONNX model', () => {
    for (const bytes of [new Uint8Array([0xff, 0xff, 0xff, 0x07, 1, 2, 3]), new TextEncoder().encode('{"format":"formwork.graph"}'), new Uint8Array()]) {
      const r = documentFromOnnx(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics[0]?.code).toBe('FW070');
    }
  });

  it('file names', () => {
    expect(isOnnxFileName('tiny.onnx')).toBe(true);
    expect(isOnnxFileName('tiny.ONNX')).toBe(true);
    expect(isOnnxFileName('tiny.formwork.json')).toBe(false);
    expect(onnxFileNameFor({ ...emptyDocument(), meta: { title: 'a/b: c' } })).toBe('a-b- c.onnx');
  });
});

describe('open dispatch through the editor commands', () => {
  const setup = () => {
    const store = createEditorStore(catalogue, emptyDocument('Current'));
    const commands = createCommands(store);
    createOnnxActions(store, commands);
    return { store, commands };
  };

  it('a Formwork .onnx replaces the graph with the original document', async () => {
    const { store, commands } = setup();
    await commands.openFile(new File([exported(true) as Uint8Array<ArrayBuffer>], 'tiny.onnx'));
    expect(store.getState().doc).toEqual(tinyGpt());
    expect(store.getState().ui.overlay).toBeNull();
  });

  it('a foreign .onnx shows the message and leaves the graph untouched', async () => {
    const { store, commands } = setup();
    const before = store.getState().doc;
    await commands.openFile(new File([exported(false) as Uint8Array<ArrayBuffer>], 'foreign.onnx'));
    expect(store.getState().doc).toBe(before);
    const overlay = store.getState().ui.overlay;
    expect(overlay?.kind).toBe('open-error');
    if (overlay?.kind === 'open-error') expect(overlay.diagnostics[0]?.message).toBe(FOREIGN_ONNX_MESSAGE);
  });

  it('a garbage .onnx shows a message and leaves the graph untouched', async () => {
    const { store, commands } = setup();
    const before = store.getState().doc;
    await commands.openFile(new File([new Uint8Array([1, 2, 3, 4, 5, 250])], 'garbage.onnx'));
    expect(store.getState().doc).toBe(before);
    const overlay = store.getState().ui.overlay;
    expect(overlay?.kind).toBe('open-error');
    if (overlay?.kind === 'open-error') expect(overlay.diagnostics[0]?.message).toMatch(/not an ONNX model/);
  });
});

describe('compare rows → canvas nodes', () => {
  it('a node path inside a repeated subgraph resolves to the instance and the inner node', () => {
    const doc = tinyGpt();
    const layers = doc.nodes.find((n) => n.subgraph !== undefined)!;
    const inner = doc.subgraphs![layers.subgraph!]!.nodes[1]!;
    expect(resolveNodePath(doc, `${layers.id}.0.${inner.id}`)).toEqual([
      { scope: null, id: layers.id },
      { scope: layers.subgraph, id: inner.id },
    ]);
    expect(resolveNodePath(doc, 'embed')).toEqual([{ scope: null, id: 'embed' }]);
    expect(resolveNodePath(doc, 'nope')).toEqual([]);
    expect(overToleranceMarks(doc, `${layers.id}.1.${inner.id}`)).toEqual([layers.id, `${layers.subgraph}/${inner.id}`]);
  });
});
