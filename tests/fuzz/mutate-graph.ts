/**
 * Structure-aware mutations of graph documents: the fuzzer knows where node ids, subgraph names,
 * interface ports, parameters, tokenizers, weights and repeat counts live, and breaks them the way a
 * hostile or careless file would — prototype-member names, nulls, extremes, duplicates, dangling
 * references, old-version shapes — besides generic edits anywhere in the tree.
 */
import type { Random } from './random.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Names that find Object.prototype members when used as keys into a plain object. */
export const PROTOTYPE_NAMES = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__'];

/** Strings that a terminal or a parser may treat specially. */
const NASTY_STRINGS = ['', ' ', '\u001b[2J\u001b[H', '\u001b]0;pwned\u0007', '\u009b31m', 'a\u202eb', '../../etc/passwd', 'x'.repeat(300), '0', 'NaN', '\uD800'];
const NUMBERS = [0, -1, 1, 2, 3, 1.5, 255, 256, 257, 1024, 4096, 65_535, 65_536, 1 << 20, 1 << 24, 2 ** 31, 2 ** 32, 2 ** 53, 1e308, -1e308];

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own property, even one named `__proto__`. */
export function setOwn(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every container and key in the tree (bounded), for generic edits. */
function slots(root: Json, limit = 4000): Array<{ parent: JsonObject | Json[]; key: string | number }> {
  const out: Array<{ parent: JsonObject | Json[]; key: string | number }> = [];
  const stack: Json[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      // Long numeric arrays (weights) contribute a few slots, not thousands.
      const step = Math.max(1, Math.floor(v.length / 16));
      for (let i = 0; i < v.length; i += step) {
        out.push({ parent: v, key: i });
        stack.push(v[i]!);
      }
    } else if (isObject(v))
      for (const k of Object.keys(v)) {
        out.push({ parent: v, key: k });
        stack.push(v[k]!);
      }
  }
  return out;
}

function randomValue(rng: Random, like: Json): Json {
  const r = rng.int(0, 9);
  if (r === 0) return null;
  if (r === 1) return rng.pick(PROTOTYPE_NAMES);
  if (r === 2) return rng.pick(NASTY_STRINGS);
  if (r <= 4) return typeof like === 'number' ? rng.pick([...NUMBERS, like * 2, like + 1, like - 1, -like]) : rng.pick(NUMBERS);
  if (r === 5) return rng.chance(0.5);
  if (r === 6) return [];
  if (r === 7) return {};
  if (r === 8) return [like];
  return typeof like === 'string' ? like + rng.pick(['', '_', 'x', '.a', '/b']) : rng.pick(NUMBERS);
}

function genericEdit(rng: Random, doc: JsonObject): void {
  const all = slots(doc);
  if (all.length === 0) return;
  const { parent, key } = rng.pick(all);
  const old = (parent as Record<string | number, Json>)[key]!;
  const op = rng.int(0, 4);
  if (op === 0 && Array.isArray(parent)) parent.splice(key as number, 1);
  else if (op === 0 && isObject(parent)) delete parent[key as string];
  else if (op === 1 && Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(old));
  else if (op === 2 && isObject(parent)) {
    const value = parent[key as string]!;
    delete parent[key as string];
    setOwn(parent, rng.chance(0.5) ? rng.pick(PROTOTYPE_NAMES) : `${String(key)}x`, value);
  } else if (Array.isArray(parent)) parent[key as number] = randomValue(rng, old);
  else setOwn(parent, key as string, randomValue(rng, old));
}

/** Bodies of the document: the top level and each subgraph. */
function bodies(doc: JsonObject): JsonObject[] {
  const out = [doc];
  if (isObject(doc.subgraphs)) for (const k of Object.keys(doc.subgraphs)) if (isObject(doc.subgraphs[k])) out.push(doc.subgraphs[k]);
  return out;
}

function nodesOf(body: JsonObject): JsonObject[] {
  return Array.isArray(body.nodes) ? body.nodes.filter(isObject) : [];
}

/** Replaces every string equal to `from` in a body's nodes, edges and params by `to` (a consistent rename). */
function renameEverywhere(root: Json, from: string, to: string): Json {
  if (root === from) return to;
  if (Array.isArray(root)) return root.map((v) => renameEverywhere(v, from, to));
  if (isObject(root)) {
    const out: JsonObject = {};
    for (const k of Object.keys(root)) setOwn(out, k === from ? to : k, renameEverywhere(root[k]!, from, to));
    return out;
  }
  return root;
}

function renameNode(rng: Random, doc: JsonObject): JsonObject {
  const body = rng.pick(bodies(doc));
  const node = rng.chance(0.9) ? (nodesOf(body).length ? rng.pick(nodesOf(body)) : undefined) : undefined;
  if (!node || typeof node.id !== 'string') return doc;
  return renameEverywhere(doc, node.id, rng.pick(PROTOTYPE_NAMES)) as JsonObject;
}

function breakSubgraphReference(rng: Random, doc: JsonObject): void {
  const instances = bodies(doc).flatMap(nodesOf).filter((n) => n.subgraph !== undefined);
  const names = isObject(doc.subgraphs) ? Object.keys(doc.subgraphs) : [];
  const target = instances.length > 0 ? rng.pick(instances) : rng.pick(nodesOf(doc).length ? nodesOf(doc) : [{} as JsonObject]);
  if (rng.chance(0.6)) setOwn(target, 'subgraph', rng.pick(PROTOTYPE_NAMES));
  else if (names.length > 0) setOwn(target, 'subgraph', rng.pick(names));
  if (rng.chance(0.5)) delete target.block;
  if (rng.chance(0.4)) setOwn(target, 'repeat', rng.pick([0, 1, 2, 16, 255, 256, 257]));
}

function nestRepeats(rng: Random, doc: JsonObject): void {
  // A subgraph whose body is an instance of another repeated subgraph: the size multiplies.
  const names = isObject(doc.subgraphs) ? Object.keys(doc.subgraphs) : [];
  if (names.length === 0) return;
  const inner = rng.pick(names);
  const innerBody = (doc.subgraphs as JsonObject)[inner];
  if (!isObject(innerBody)) return;
  const outerName = `${inner}_outer`;
  const copy = structuredClone(innerBody) as JsonObject;
  const nodes = nodesOf(copy).filter((n) => typeof n.block === 'string' && !/^Subgraph/.test(n.block as string));
  const replaced = nodes.length > 0 ? rng.pick(nodes) : undefined;
  if (replaced) {
    delete replaced.block;
    delete replaced.params;
    setOwn(replaced, 'subgraph', inner);
    setOwn(replaced, 'repeat', rng.pick([2, 64, 256]));
  }
  setOwn(doc.subgraphs as JsonObject, outerName, copy);
  for (const n of nodesOf(doc)) if (n.subgraph === inner) {
    setOwn(n, 'subgraph', outerName);
    setOwn(n, 'repeat', rng.pick([2, 64, 256]));
  }
}

function renameInterfacePort(rng: Random, doc: JsonObject): JsonObject {
  const ports = bodies(doc)
    .flatMap(nodesOf)
    .filter((n) => n.block === 'SubgraphInput' || n.block === 'SubgraphOutput');
  if (ports.length === 0) return doc;
  const port = rng.pick(ports);
  const params = isObject(port.params) ? port.params : {};
  const old = typeof params.name === 'string' && params.name !== '' ? params.name : String(port.id);
  return renameEverywhere(doc, old, rng.pick(PROTOTYPE_NAMES)) as JsonObject;
}

function mutateParam(rng: Random, doc: JsonObject): void {
  const nodes = bodies(doc).flatMap(nodesOf).filter((n) => isObject(n.params));
  if (nodes.length === 0) return;
  const params = rng.pick(nodes).params as JsonObject;
  const keys = Object.keys(params);
  const key = keys.length > 0 && rng.chance(0.85) ? rng.pick(keys) : rng.pick(['max_len', 'd_model', 'vocab_size', 'depth', 'heads', 'hidden', 'context', 'name', 'tie', ...PROTOTYPE_NAMES]);
  const old = params[key] ?? 0;
  if (isObject(old) && Array.isArray(old.vocab)) return mutateTokenizer(rng, old);
  setOwn(params, key, typeof old === 'number' && rng.chance(0.7) ? rng.pick(NUMBERS) : randomValue(rng, old));
}

function mutateTokenizer(rng: Random, spec: JsonObject): void {
  const vocab = spec.vocab as Json[];
  const op = rng.int(0, 7);
  if (op === 0 && vocab.length > 0) vocab.push(vocab[rng.int(0, vocab.length - 1)]!); // duplicate
  else if (op === 1) vocab.splice(rng.int(0, vocab.length), 0, ''); // empty
  else if (op === 2) vocab.splice(0, rng.int(1, Math.max(1, Math.floor(vocab.length / 2)))); // missing entries (BPE bytes)
  else if (op === 3) vocab.push(rng.pick(['ab', 'xyz', ...PROTOTYPE_NAMES])); // multi-character
  else if (op === 4) for (let i = 0, n = rng.pick([1, 10, 100, 1000]); i < n; i++) vocab.push(`t${i}_${vocab.length}`); // larger than the model
  else if (op === 5) setOwn(spec, 'unknown', rng.pick([...PROTOTYPE_NAMES, '', '?', '<unk>']));
  else if (op === 6) setOwn(spec, 'kind', rng.pick(['char', 'word', 'bpe', 'toString']));
  else setOwn(spec, 'lowercase', rng.chance(0.5));
}

function toVersion0(rng: Random, doc: JsonObject): JsonObject {
  const blocks: Json[] = nodesOf(doc).map((n) => ({ id: n.id ?? null, type: n.block ?? null, ...(isObject(n.params) ? { params: n.params } : {}) }));
  const links: Json[] = Array.isArray(doc.edges)
    ? doc.edges.filter(isObject).map((e) => [
        (e.from as JsonObject | undefined)?.node ?? null,
        (e.from as JsonObject | undefined)?.port ?? null,
        (e.to as JsonObject | undefined)?.node ?? null,
        (e.to as JsonObject | undefined)?.port ?? null,
      ])
    : [];
  const out: JsonObject = { format: 'formwork.graph', version: 0, blocks, links };
  const r = rng.int(0, 5);
  if (r === 0) out.blocks = null;
  else if (r === 1) out.links = null;
  else if (r === 2 && blocks.length > 0) blocks[rng.int(0, blocks.length - 1)] = rng.pick([null, 3, 'x', []]);
  else if (r === 3 && links.length > 0) links[rng.int(0, links.length - 1)] = rng.pick([null, 3, 'x', {}]);
  else if (r === 4) out.title = rng.pick([null, 5, '\u001b[2J']);
  return out;
}

function mutateWeights(rng: Random, doc: JsonObject): void {
  const r = rng.int(0, 3);
  if (r === 0) setOwn(doc, 'weightsFile', rng.pick(['w.safetensors', 'link.safetensors', 'missing.safetensors', '../w.safetensors', 'toString.safetensors']));
  else {
    const weights = isObject(doc.weights) ? doc.weights : {};
    const names = Object.keys(weights);
    const name = names.length > 0 && rng.chance(0.5) ? rng.pick(names) : rng.pick(['embed.table', 'unembed.W', 'layers.0.attn.W_q', 'toString', 'transition.W']);
    const shape = rng.pick([[1], [2, 2], [3], [64, 32], [0], [1, 1, 1]]);
    setOwn(weights, name, { shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.5) });
    setOwn(doc, 'weights', weights);
  }
}

function removeInputs(rng: Random, doc: JsonObject): void {
  const nodes = nodesOf(doc);
  const inputs = nodes.filter((n) => n.block === 'TokenInput' || n.block === 'AudioFrames');
  if (inputs.length === 0) return;
  const victim = rng.pick(inputs);
  if (rng.chance(0.5)) {
    // Move the token input into a subgraph, if there is one.
    const sg = isObject(doc.subgraphs) ? Object.values(doc.subgraphs).filter(isObject)[0] : undefined;
    if (sg && Array.isArray(sg.nodes)) sg.nodes.push(structuredClone(victim));
  }
  doc.nodes = nodes.filter((n) => n !== victim);
}

function injectNames(rng: Random, doc: JsonObject): void {
  const nodes = bodies(doc).flatMap(nodesOf);
  if (nodes.length === 0) return;
  const n = rng.pick(nodes);
  if (rng.chance(0.5)) setOwn(n, 'block', rng.pick(['\u001b[2JFake', '\u001b]0;title\u0007', ...PROTOTYPE_NAMES]));
  else setOwn(n, 'id', rng.pick(['\u001b[2J', 'a\u009bb', ...PROTOTYPE_NAMES]));
}

const STRUCTURED: ReadonlyArray<(rng: Random, doc: JsonObject) => JsonObject | undefined | void> = [renameNode, breakSubgraphReference, nestRepeats, renameInterfacePort, mutateParam, mutateParam, mutateWeights, removeInputs, injectNames];

/** One to three mutations of a parsed graph document; returns the new document (the input is not changed). */
export function mutateGraph(rng: Random, original: JsonObject): JsonObject {
  let doc = structuredClone(original);
  if (rng.chance(0.05)) return toVersion0(rng, doc);
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.3)) genericEdit(rng, doc);
    else {
      const result = rng.pick(STRUCTURED)(rng, doc) ?? undefined;
      if (result !== undefined) doc = result;
    }
  }
  return doc;
}
