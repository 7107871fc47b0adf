/**
 * `.safetensors` I/O for weights kept beside a graph document. The file is untrusted: the header
 * length, JSON, dtypes, shapes and offsets are all checked before any tensor is allocated.
 */
import { error, fail, ok, type Result } from '../graph-schema/diagnostics.ts';
import { LIMITS } from '../graph-schema/limits.ts';
import type { Tensor } from '../graph-schema/tensor.ts';

const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** Reads float32 tensors by name. */
export function readSafetensors(bytes: Uint8Array): Result<Map<string, Tensor>> {
  const bad = (message: string) => fail<Map<string, Tensor>>([error('FW040', `weights file: ${message}`, { hint: 'save the weights again with Formwork' })]);
  if (bytes.length < 8) return bad('too short to be a .safetensors file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) return bad(`header length ${headerLength} does not fit the file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return bad('the header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('the header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const out = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32') return bad(`tensor '${name}' has dtype ${String(e.dtype)}; only F32 is supported`);
    const shape = e.shape;
    const offsets = e.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= LIMITS.maxDim))
      return bad(`tensor '${name}' has a malformed shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0))
      return bad(`tensor '${name}' has malformed data_offsets`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (count > LIMITS.maxWeightElements) return bad(`tensor '${name}' is larger than ${LIMITS.maxWeightElements} elements`);
    if (end < begin || end > dataLength || end - begin !== count * 4)
      return bad(`tensor '${name}': offsets [${begin}, ${end}] do not match shape [${(shape as number[]).join(', ')}] within the file`);
    const data = new Float32Array(count);
    const src = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, count * 4);
    for (let i = 0; i < count; i++) data[i] = src.getFloat32(i * 4, true);
    out.set(name, { dtype: 'float32', shape: shape as number[], data });
  }
  return ok(out);
}

/** The string entries of the header's `__metadata__` (none when it has no such object). */
export function readSafetensorsMetadata(bytes: Uint8Array): Result<Map<string, string>> {
  const bad = (message: string) => fail<Map<string, string>>([error('FW040', `weights file: ${message}`)]);
  if (bytes.length < 8) return bad('too short to be a .safetensors file');
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) return bad(`header length ${headerLength} does not fit the file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return bad('the header is not valid JSON');
  }
  const meta = typeof header === 'object' && header !== null && Object.hasOwn(header, '__metadata__') ? (header as Record<string, unknown>).__metadata__ : undefined;
  const out = new Map<string, string>();
  if (typeof meta === 'object' && meta !== null) for (const [k, v] of Object.entries(meta)) if (typeof v === 'string') out.set(k, v);
  return ok(out);
}

/**
 * Writes float32 tensors, sorted by name so the bytes are deterministic. `metadata` adds string entries to the
 * header's `__metadata__` (e.g. a training checkpoint's step and settings).
 */
export function writeSafetensors(tensors: ReadonlyMap<string, Tensor>, metadata: ReadonlyMap<string, string> = new Map()): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', producer: 'formwork', ...Object.fromEntries(metadata) } };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors.get(name)!;
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i]!, true);
  }
  return out;
}
