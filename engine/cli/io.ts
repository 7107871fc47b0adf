/**
 * File access for the CLI (Node only): bounded reads of graph files (`.formwork.json`, or an exported
 * `.onnx` that carries its graph) and of the weights file beside them. The weights file must really lie
 * in the graph's folder: its real path is resolved, so a symlink cannot lead elsewhere. Messages name
 * files and sizes, never their bytes.
 */
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { readFormworkMetadata, readOnnxMetadata } from '../onnx/metadata.ts';
import { readSafetensors, readSafetensorsHeader, safetensorsHeaderBytes } from '../io/safetensors.ts';

/** Largest `.safetensors` file read: the model size limit in float32 plus the largest header. */
export const MAX_WEIGHTS_FILE_BYTES = 4 * LIMITS.maxTotalWeightElements + (1 << 24);

export interface LoadedGraph {
  readonly doc: GraphDocument;
  /** Weights from the weights file (`weights: 'load'`). */
  readonly weights?: ReadonlyMap<string, Tensor>;
  /** Shapes from the weights file's header (`weights: 'shapes'`), for validation without loading. */
  readonly weightShapes?: ReadonlyMap<string, readonly number[]>;
}

function sizeOf(path: string): Result<number> {
  try {
    const st = statSync(path);
    if (!st.isFile()) return fail([error('FW001', `${path} is not a file`)]);
    return ok(st.size);
  } catch (e) {
    return fail([error('FW001', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`)]);
  }
}

/** Reads a file no larger than `limit` bytes. */
export function readBounded(path: string, limit: number): Result<Uint8Array> {
  const size = sizeOf(path);
  if (!size.ok) return size;
  if (size.value > limit) return fail([error('FW002', `${path} is ${size.value} bytes; the limit is ${limit}`)]);
  try {
    return ok(new Uint8Array(readFileSync(path)));
  } catch (e) {
    return fail([error('FW001', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`)]);
  }
}

/** The first `length` bytes of a file (fewer if it is shorter). */
function readPrefix(path: string, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const n = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The weights file's real path, if it lies inside the graph's folder (after resolving symlinks). */
function weightsPath(graphPath: string, name: string): Result<string> {
  const where = { code: 'FW040' as const, path: 'weightsFile' };
  let folder: string;
  let target: string;
  try {
    folder = realpathSync(dirname(graphPath));
    target = realpathSync(join(dirname(graphPath), name));
  } catch (e) {
    return fail([{ ...error('FW040', `cannot read the weights file ${name}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`), ...where }]);
  }
  if (dirname(target) !== folder && !target.startsWith(folder + sep))
    return fail([{ ...error('FW040', `the weights file ${name} leads outside the graph's folder`, { hint: 'put the .safetensors file itself (not a link to it) beside the graph' }), ...where }]);
  return ok(target);
}

/** How much of the weights file to read: all of it (run), only its header (validate), or nothing. */
export type WeightsMode = 'load' | 'shapes' | 'none';

/** The document text of a graph file, or of the graph an exported `.onnx` carries. */
function documentText(path: string, bytes: Uint8Array): Result<string> {
  const looksOnnx = /\.onnx$/i.test(path) || (bytes.length > 0 && bytes[0] === 0x08);
  if (!looksOnnx) return ok(new TextDecoder().decode(bytes));
  const meta = readOnnxMetadata(bytes);
  if (!meta.ok) return meta;
  const text = readFormworkMetadata(bytes);
  if (text === null)
    return fail([error('FW070', `${path} is an ONNX model without a Formwork graph in its metadata`, { hint: 'open a model exported by Formwork, or its .formwork.json' })]);
  return ok(text);
}

/** Reads, validates and migrates a graph file, and reads its weights file (if it names one) as `mode` says. */
export function loadGraph(path: string, mode: WeightsMode = 'load'): Result<LoadedGraph> {
  // An exported model also holds its weights; the graph text inside it is held to maxFileBytes when parsed.
  const bytes = readBounded(path, /\.onnx$/i.test(path) ? MAX_WEIGHTS_FILE_BYTES + LIMITS.maxFileBytes : LIMITS.maxFileBytes);
  if (!bytes.ok) return bytes;
  const text = documentText(path, bytes.value);
  if (!text.ok) return text;
  const parsed = parseDocument(text.value);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  if (!doc.weightsFile || mode === 'none') return ok({ doc });
  const real = weightsPath(path, doc.weightsFile);
  if (!real.ok) return real;
  const size = sizeOf(real.value);
  if (!size.ok || size.value > MAX_WEIGHTS_FILE_BYTES)
    return fail([
      error('FW040', size.ok ? `the weights file is ${size.value} bytes; the limit is ${MAX_WEIGHTS_FILE_BYTES}` : `cannot read the weights file ${doc.weightsFile}`, { path: 'weightsFile' }),
    ]);
  if (mode === 'shapes') {
    const first = readPrefix(real.value, 8);
    const header = readSafetensorsHeader(readPrefix(real.value, safetensorsHeaderBytes(first)), size.value);
    if (!header.ok) return header;
    return ok({ doc, weightShapes: new Map([...header.value.entries].map(([name, e]) => [name, e.shape])) });
  }
  const wbytes = readBounded(real.value, MAX_WEIGHTS_FILE_BYTES);
  if (!wbytes.ok) return fail(wbytes.diagnostics.map((d): Diagnostic => ({ ...d, code: 'FW040', path: 'weightsFile' })));
  const weights = readSafetensors(wbytes.value);
  if (!weights.ok) return weights;
  return ok({ doc, weights: weights.value });
}
