/**
 * `.safetensors` I/O for weights kept beside a graph document. The file is untrusted: the header
 * length, JSON, dtypes, shapes and offsets are all checked before any tensor is allocated, entries may
 * not overlap (so a small file cannot alias one block of data under thousands of names), and their
 * total size counts against the model size limit. Messages never quote the file's bytes.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** Largest header accepted, in bytes. */
export const MAX_SAFETENSORS_HEADER_BYTES = 16 * 1024 * 1024;

/** One tensor described by the header: its shape and where its bytes lie in the data section. */
export interface SafetensorsEntry {
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** The header of a file: entries by name and where the data section starts. */
export interface SafetensorsHeader {
  readonly entries: ReadonlyMap<string, SafetensorsEntry>;
  readonly dataStart: number;
}

const bad = <T>(message: string) => fail<T>([error('FW040', `weights file: ${message}`, { path: 'weightsFile', hint: 'save the weights again with Formwork' })]);

/** Printable form of a name from the file, for messages (bounded, no control characters). */
function shown(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

/** Bytes needed to read the header: 8, then 8 + the header length (`readSafetensorsHeader` reports a bad length). */
export function safetensorsHeaderBytes(first8: Uint8Array): number {
  if (first8.length < 8) return 8;
  const length = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  return length > BigInt(MAX_SAFETENSORS_HEADER_BYTES) ? 8 : 8 + Number(length);
}

/**
 * Parses and checks the header. `prefix` holds at least the first `safetensorsHeaderBytes` bytes of the
 * file; `fileLength` is the whole file's length. No tensor data is read.
 */
export function readSafetensorsHeader(prefix: Uint8Array, fileLength: number): Result<SafetensorsHeader> {
  if (fileLength < 8 || prefix.length < 8) return bad('too short to be a .safetensors file');
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) return bad(`the header is larger than ${MAX_SAFETENSORS_HEADER_BYTES} bytes`);
  const headerLength = Number(length);
  if (8 + headerLength > fileLength || 8 + headerLength > prefix.length) return bad('the header runs past the end of the file');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(prefix.subarray(8, 8 + headerLength)));
  } catch {
    return bad('the header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('the header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = fileLength - dataStart;
  const entries = new Map<string, SafetensorsEntry>();
  let total = 0;
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return bad(`entry ${shown(name)} is not an object`);
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32') return bad(`tensor ${shown(name)} has dtype ${typeof e.dtype === 'string' ? shown(e.dtype) : typeof e.dtype}; only F32 is supported`);
    const shape = e.shape;
    const offsets = e.data_offsets;
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= LIMITS.maxDim))
      return bad(`tensor ${shown(name)} has a malformed shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0))
      return bad(`tensor ${shown(name)} has malformed data_offsets`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    total += count;
    if (count > LIMITS.maxWeightElements || total > LIMITS.maxTotalWeightElements)
      return bad(`the tensors hold more than ${LIMITS.maxTotalWeightElements} values (FW034 limit)`);
    if (end < begin || end > dataLength || end - begin !== count * 4)
      return bad(`tensor ${shown(name)}: data_offsets do not match shape [${(shape as number[]).join(', ')}] within the file`);
    entries.set(name, { shape: shape as number[], begin, end });
  }
  // Entries may not share bytes: sorted by start, each must end before the next begins.
  const spans = [...entries].map(([name, e]) => ({ name, ...e })).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < spans.length; i++)
    if (spans[i]!.begin < spans[i - 1]!.end && spans[i]!.end > spans[i]!.begin)
      return bad(`tensors ${shown(spans[i - 1]!.name)} and ${shown(spans[i]!.name)} overlap`);
  return ok({ entries, dataStart });
}

/** Reads float32 tensors by name; only the names `wanted` accepts are materialised (default: all). */
export function readSafetensors(bytes: Uint8Array, wanted: (name: string) => boolean = () => true): Result<Map<string, Tensor>> {
  const header = readSafetensorsHeader(bytes, bytes.length);
  if (!header.ok) return header;
  const out = new Map<string, Tensor>();
  for (const [name, e] of header.value.entries) {
    if (!wanted(name)) continue;
    const count = (e.end - e.begin) / 4;
    const data = new Float32Array(count);
    const src = new DataView(bytes.buffer, bytes.byteOffset + header.value.dataStart + e.begin, count * 4);
    for (let i = 0; i < count; i++) data[i] = src.getFloat32(i * 4, true);
    out.set(name, { dtype: 'float32', shape: [...e.shape], data });
  }
  return ok(out);
}

/** The string entries of the header's `__metadata__` (none when it has no such object). */
export function readSafetensorsMetadata(bytes: Uint8Array): Result<Map<string, string>> {
  const bad = (message: string) => fail<Map<string, string>>([error('FW040', `weights file: ${message}`)]);
  if (bytes.length < 8) return bad('too short to be a .safetensors file');
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (headerLength > MAX_SAFETENSORS_HEADER_BYTES || 8 + headerLength > bytes.length) return bad("the header length does not fit the file");
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
    Object.defineProperty(header, name, { value: { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] }, enumerable: true });
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
