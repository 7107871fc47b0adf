/**
 * Starting points for mutation: every example graph, a graph with a .safetensors weights file, an
 * exported .onnx that carries its graph, and a WAV clip for the audio example. Built once per process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument, serializeDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { encodeWav } from '../../engine/audio/index.ts';
import { compile } from '../../engine/compile/compile.ts';
import { FORMWORK_GRAPH_KEY } from '../../engine/onnx/metadata.ts';
import { tryExportOnnx } from '../../engine/onnx/export.ts';
import { writeSafetensors } from '../../engine/io/safetensors.ts';
import type { Json } from './mutate-graph.ts';

type JsonObject = { [key: string]: Json };

export interface Seeds {
  /** Example graphs by file name, parsed. */
  readonly graphs: ReadonlyArray<{ readonly name: string; readonly doc: JsonObject }>;
  /** A small graph naming `w.safetensors`, and that file. */
  readonly weights: { readonly doc: JsonObject; readonly file: Uint8Array };
  /** An exported model carrying its graph document in its metadata. */
  readonly onnx: Uint8Array;
  /** The audio example and a short 16 kHz clip for it. */
  readonly audio: { readonly doc: JsonObject; readonly wav: Uint8Array };
}

const root = new URL('../..', import.meta.url).pathname;

function example(name: string): JsonObject {
  return JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')) as JsonObject;
}

/** Builds the seeds (about a second: it compiles two examples and exports one). */
export function buildSeeds(): Seeds {
  const names = readdirSync(join(root, 'examples')).filter((n) => n.endsWith('.formwork.json')).sort();
  const graphs = names.map((name) => ({ name, doc: example(name) }));

  const small = example('tour-09-embeddings.formwork.json');
  const parsed = parseDocument(JSON.stringify(small));
  if (!parsed.ok) throw new Error('fuzz seeds: tour-09 does not parse');
  const compiled = compile(parsed.value, standardCatalogue());
  if (!compiled.ok) throw new Error('fuzz seeds: tour-09 does not compile');
  const tensors = new Map<string, Tensor>([...compiled.value.plan.weights].map(([name, w]) => [name, w.tensor]));
  const weights = { doc: { ...small, weightsFile: 'w.safetensors' } as JsonObject, file: writeSafetensors(tensors) };

  const onnx = tryExportOnnx(compiled.value.plan, { metadata: { [FORMWORK_GRAPH_KEY]: serializeDocument(parsed.value) } });
  if (!onnx.ok) throw new Error('fuzz seeds: tour-09 does not export');

  const clip = Array.from({ length: 4000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / 16_000));
  const audio = { doc: example('tour-20-audio.formwork.json'), wav: encodeWav(clip, 16_000) };
  return { graphs, weights, onnx: onnx.value, audio };
}
