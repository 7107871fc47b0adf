/**
 * Reading metadata back out of ONNX bytes, so an exported model can be reopened in the editor. Why its own
 * file: it reads untrusted files, so it must never throw, and it should not pull in the exporter.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { error, fail, ok } from '../../graph-schema/diagnostics.ts';
import type { Result } from '../../graph-schema/diagnostics.ts';
import { ModelProtoSchema } from './onnx_pb.ts';

/** Metadata key under which the exporter stores the Formwork document JSON. */
export const FORMWORK_GRAPH_KEY = 'formwork.graph';

/**
 * Every `metadata_props` entry of an ONNX model. Bytes that do not decode as a ModelProto, or decode to
 * something without a graph, give FW070 instead of an exception.
 */
export function readOnnxMetadata(bytes: Uint8Array): Result<Record<string, string>> {
  let model;
  try {
    model = fromBinary(ModelProtoSchema, bytes, { readUnknownFields: false });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return fail([error('FW070', `not an ONNX model: ${reason}`, { hint: 'choose a .onnx file' })]);
  }
  if (model.graph === undefined || model.irVersion <= 0n) {
    return fail([error('FW070', 'not an ONNX model: no graph or IR version', { hint: 'choose a .onnx file' })]);
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays plain data.
  return ok(Object.fromEntries(model.metadataProps.map(({ key, value }) => [key, value])));
}

/**
 * The Formwork document JSON stored in an exported model (`metadata_props['formwork.graph']`), or `null` for a
 * model without it and for bytes that are not an ONNX model at all. Never throws.
 */
export function readFormworkMetadata(bytes: Uint8Array): string | null {
  const result = readOnnxMetadata(bytes);
  if (!result.ok) return null;
  return Object.hasOwn(result.value, FORMWORK_GRAPH_KEY) ? (result.value[FORMWORK_GRAPH_KEY] ?? null) : null;
}
