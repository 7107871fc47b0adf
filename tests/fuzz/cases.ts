/**
 * One fuzz case: the files it puts in a fresh folder and the CLI commands it runs there. A case is a pure
 * function of its seed, so it can be regenerated, minimised and stored in the corpus as plain files.
 */
import { mutateBytes } from './mutate-bytes.ts';
import { mutateGraph, type Json } from './mutate-graph.ts';
import { Random } from './random.ts';
import type { Seeds } from './seeds.ts';

export type CaseKind = 'graph' | 'safetensors' | 'onnx' | 'wav';

/** A file of a case: bytes, or a symbolic link to a path outside the case folder. */
export type CaseFile = Uint8Array | { readonly symlink: string };

export interface FuzzCase {
  readonly kind: CaseKind;
  /** By file name inside the case folder. */
  readonly files: Readonly<Record<string, CaseFile>>;
  /** The file the commands open (`validate`, then `run` with inputs that fit it, …). */
  readonly main: string;
  /** Extra commands beyond validate/run, each without the file argument (it is inserted second). */
  readonly extra: ReadonlyArray<readonly string[]>;
}

const encoder = new TextEncoder();
const text = (value: Json) => encoder.encode(JSON.stringify(value, null, 1));

/** A file outside every case folder that a symlink may point at: its bytes must never be printed. */
export const OUTSIDE_FILE = '/etc/passwd';

function extras(rng: Random): string[][] {
  const out: string[][] = [];
  if (rng.chance(0.1)) out.push(['inspect']);
  if (rng.chance(0.05)) out.push(['tokenize', '--text', 'the cat']);
  if (rng.chance(0.04)) out.push(['generate', '--text', 'a', '--max-tokens', '3', '--json']);
  return out;
}

function graphCase(rng: Random, seeds: Seeds): FuzzCase {
  const seed = rng.pick(seeds.graphs);
  const doc = mutateGraph(rng, seed.doc as { [key: string]: Json });
  let bytes: Uint8Array = text(doc);
  if (rng.chance(0.05)) bytes = mutateBytes(rng, bytes, [], 3); // invalid JSON, stray control bytes
  const files: Record<string, CaseFile> = { 'g.formwork.json': bytes };
  if (typeof doc.weightsFile === 'string') {
    files['w.safetensors'] = seeds.weights.file;
    files['link.safetensors'] = { symlink: OUTSIDE_FILE };
  }
  return { kind: 'graph', files, main: 'g.formwork.json', extra: extras(rng) };
}

function safetensorsCase(rng: Random, seeds: Seeds): FuzzCase {
  const file = seeds.weights.file;
  const headerLength = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
  // Offsets inside the header's JSON are where lengths and shapes are spelled out.
  const hot = [0, 4, ...Array.from({ length: 32 }, (_, i) => 8 + Math.floor((i * headerLength) / 32))];
  let weights = mutateBytes(rng, file, hot, 3);
  if (rng.chance(0.25)) weights = aliasedHeader(rng);
  const doc = rng.chance(0.8) ? seeds.weights.doc : mutateGraph(rng, seeds.weights.doc as { [key: string]: Json });
  const files: Record<string, CaseFile> = { 'g.formwork.json': text(doc), 'w.safetensors': weights };
  if (rng.chance(0.1)) files['w.safetensors'] = { symlink: OUTSIDE_FILE };
  return { kind: 'safetensors', files, main: 'g.formwork.json', extra: extras(rng) };
}

/** A header with many entries sharing the same data: small file, large demand if each is materialised. */
function aliasedHeader(rng: Random): Uint8Array {
  const count = rng.pick([2, 100, 2000]);
  const side = rng.pick([4, 64, 256]);
  const header: Record<string, Json> = {};
  for (let i = 0; i < count; i++) header[`t${i}`] = { dtype: 'F32', shape: [side, side], data_offsets: [0, side * side * 4] };
  if (rng.chance(0.3)) header['embed.table'] = null;
  const json = encoder.encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + side * side * 4);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function onnxCase(rng: Random, seeds: Seeds): FuzzCase {
  const bytes = mutateBytes(rng, seeds.onnx, [], 3);
  return { kind: 'onnx', files: { 'm.onnx': bytes }, main: 'm.onnx', extra: extras(rng) };
}

function wavCase(rng: Random, seeds: Seeds): FuzzCase {
  // RIFF size, fmt fields (format, channels, rate, byte rate, align, bits), data size.
  const hot = [4, 16, 20, 22, 24, 28, 32, 34, 40];
  const wav = mutateBytes(rng, seeds.audio.wav, hot, 3);
  const doc = rng.chance(0.85) ? seeds.audio.doc : mutateGraph(rng, seeds.audio.doc as { [key: string]: Json });
  return { kind: 'wav', files: { 'g.formwork.json': text(doc), 'a.wav': wav }, main: 'g.formwork.json', extra: [] };
}

/** The case with this seed: about 64% graphs, 13% safetensors, 10% ONNX, 13% WAV (the mix). */
export function makeCase(seed: number, seeds: Seeds): FuzzCase {
  const rng = new Random(seed);
  const r = rng.int(0, 38);
  if (r < 25) return graphCase(rng, seeds);
  if (r < 30) return safetensorsCase(rng, seeds);
  if (r < 34) return onnxCase(rng, seeds);
  return wavCase(rng, seeds);
}
