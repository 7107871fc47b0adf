/**
 * File access for the CLI (Node only): bounded reads of graph files and the weights beside them.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { readSafetensors } from '../safetensors.ts';

export interface LoadedGraph {
  readonly doc: GraphDocument;
  readonly weights?: ReadonlyMap<string, Tensor>;
}

/** Reads a file no larger than `limit` bytes. */
export function readBounded(path: string, limit: number): Result<Uint8Array> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return fail([error('FW001', `${path} is not a file`)]);
    size = st.size;
  } catch (e) {
    return fail([error('FW001', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)]);
  }
  if (size > limit) return fail([error('FW002', `${path} is ${size} bytes; the limit is ${limit}`)]);
  return ok(new Uint8Array(readFileSync(path)));
}

/** Reads, validates and migrates a graph file, and loads its weights file if it names one. */
export function loadGraph(path: string): Result<LoadedGraph> {
  const bytes = readBounded(path, LIMITS.maxFileBytes);
  if (!bytes.ok) return bytes;
  const parsed = parseDocument(new TextDecoder().decode(bytes.value));
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  if (!doc.weightsFile) return ok({ doc });
  const wbytes = readBounded(join(dirname(path), doc.weightsFile), 4 * LIMITS.maxTotalWeightElements + (1 << 24));
  if (!wbytes.ok) return fail(wbytes.diagnostics.map((d): Diagnostic => ({ ...d, code: 'FW040', path: 'weightsFile' })));
  const weights = readSafetensors(wbytes.value);
  if (!weights.ok) return weights;
  return ok({ doc, weights: weights.value });
}
