/**
 * The Formwork document travels inside the exported model (metadata_props) and can be read back; foreign
 * models and garbage give null (or FW070 from readOnnxMetadata), never an exception.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { FORMWORK_GRAPH_KEY, exportOnnx, readFormworkMetadata, readOnnxMetadata } from '../../engine/onnx/export.ts';
import { GraphProtoSchema, ModelProtoSchema, StringStringEntryProtoSchema } from '../../engine/onnx/onnx_pb.ts';
import { attentionPlan } from './fixtures.ts';

const DOC = JSON.stringify({ format: 'formwork', version: 1, meta: { name: 'tiny — τ' }, nodes: [], edges: [] });

/** A model as another tool would write it: a graph, an IR version, maybe some metadata of its own. */
function foreignModel(metadata: Record<string, string> = {}): Uint8Array {
  return toBinary(ModelProtoSchema, create(ModelProtoSchema, {
    irVersion: 7n,
    producerName: 'pytorch',
    graph: create(GraphProtoSchema, { name: 'torch_jit' }),
    metadataProps: Object.entries(metadata).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
  }));
}

describe('readFormworkMetadata', () => {
  it('reads back the document stored by exportOnnx, next to other metadata', () => {
    const bytes = exportOnnx(attentionPlan(), { metadata: { [FORMWORK_GRAPH_KEY]: DOC, author: 'me' } });
    expect(readFormworkMetadata(bytes)).toBe(DOC);
    const all = readOnnxMetadata(bytes);
    expect(all.ok && all.value).toEqual({ [FORMWORK_GRAPH_KEY]: DOC, author: 'me' });
  });

  it('gives null for our own export without the key and for a foreign model', () => {
    expect(readFormworkMetadata(exportOnnx(attentionPlan()))).toBeNull();
    expect(readFormworkMetadata(foreignModel())).toBeNull();
    expect(readFormworkMetadata(foreignModel({ 'onnx.infer': 'onnxruntime.quant' }))).toBeNull();
  });

  it('keeps keys such as __proto__ as plain data', () => {
    const bytes = foreignModel({ ['__proto__']: 'y', constructor: 'z' });
    expect(readFormworkMetadata(bytes)).toBeNull();
    const all = readOnnxMetadata(bytes);
    expect(all.ok && Object.getPrototypeOf(all.value)).toBe(Object.prototype);
    expect(all.ok && Object.keys(all.value)).toEqual(['__proto__', 'constructor']);
  });

  it('reads the key from a model another tool wrote', () => {
    expect(readFormworkMetadata(foreignModel({ [FORMWORK_GRAPH_KEY]: DOC }))).toBe(DOC);
  });

  const exported = exportOnnx(attentionPlan(), { metadata: { [FORMWORK_GRAPH_KEY]: DOC } });
  let seed = 12345;
  const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 255);
  it.each([
    ['empty bytes', new Uint8Array(0)],
    ['JSON text', new TextEncoder().encode(DOC)],
    ['pseudo-random bytes', random],
    ['a truncated export', exported.subarray(0, exported.length - 7)],
    ['a lone varint tag', Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
  ])('gives null for %s without throwing', (_label, bytes) => {
    expect(() => readFormworkMetadata(bytes)).not.toThrow();
    expect(readFormworkMetadata(bytes)).toBeNull();
  });

  it('explains garbage as FW070', () => {
    const result = readOnnxMetadata(new TextEncoder().encode(DOC));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.code)).toEqual(['FW070']);
  });
});
