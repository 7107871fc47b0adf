/**
 * Issue 13, class 1: names from a file are data. Object.prototype member names (`toString`,
 * `constructor`, `hasOwnProperty`, `__proto__`, `valueOf`) as subgraph references, node ids, interface
 * ports and input names either work like any other name or give a coded diagnostic — never a crash.
 */
import { describe, expect, it } from 'vitest';
import { cli, example, NO_STACK, renameNode, scratch, writeGraph, type Doc } from './helpers.ts';

function tinyGptWithPrototypeNames(): Doc {
  let doc = example('tiny-gpt');
  delete doc.layout; // `__proto__` cannot be a JSON key (FW006); as a node id it is fine
  doc = renameNode(doc, 'embed', 'constructor');
  doc = renameNode(doc, 'pos', 'toString');
  doc = renameNode(doc, 'layers', '__proto__');
  doc = renameNode(doc, 'text', 'hasOwnProperty');
  doc = renameNode(doc, 'decoder_layer', 'valueOf');
  // The layer's interface port `x` becomes `isPrototypeOf` (input node id, output name, edges into the instance).
  const layerName: string = 'valueOf';
  const layer = doc.subgraphs![layerName]!;
  for (const n of layer.nodes) {
    if (n.id === 'x') n.id = 'isPrototypeOf';
    if (n.params?.name === 'x') n.params.name = 'isPrototypeOf';
  }
  for (const e of layer.edges) if (e.from.node === 'x') e.from.node = 'isPrototypeOf';
  for (const e of doc.edges) {
    if (e.to.node === '__proto__') e.to.port = 'isPrototypeOf';
    if (e.from.node === '__proto__') e.from.port = 'isPrototypeOf';
  }
  return doc;
}

describe('prototype-member names in graph files', () => {
  it('work as node ids, subgraph names, interface ports and input names: validate and run succeed', async () => {
    const file = writeGraph(scratch(), tinyGptWithPrototypeNames());
    const validated = await cli(['validate', file]);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
    const ran = await cli(['run', file, '--input', 'hasOwnProperty=hello', '--json']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const out = JSON.parse(ran.stdout) as { outputs: Record<string, { shape: number[] }> };
    expect(out.outputs.probs!.shape).toEqual([1, 5, 64]);
  });

  it('a subgraph reference that names an Object.prototype member is an unknown subgraph (FW017), in every command', async () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__']) {
      const file = writeGraph(scratch(), { format: 'formwork.graph', version: 1, nodes: [{ id: 'a', subgraph: name }], edges: [] });
      for (const argv of [['validate', file], ['inspect', file], ['run', file, '--ids', '1']]) {
        const r = await cli(argv);
        expect(r.code, `${argv[0]} ${name}`).toBe(1);
        expect(r.stderr).toMatch(/^FW017 error node 'a'/);
        expect(r.stderr).not.toMatch(NO_STACK);
      }
    }
  });

  it('a token input named toString tokenizes and runs (no "raw.toLowerCase is not a function")', async () => {
    const file = writeGraph(scratch(), renameNode(example('tour-09-embeddings'), 'words', 'toString'));
    expect((await cli(['validate', file])).code).toBe(0);
    const ran = await cli(['run', file, '--text', 'the battery ran down']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const tokenized = await cli(['tokenize', file, '--input', 'toString=the battery']);
    expect(tokenized.code).toBe(0);
  });

  it('a layout keyed by a node named constructor is read (only __proto__ keys are refused, FW006)', async () => {
    const doc = renameNode(example('tour-09-embeddings'), 'embed', 'constructor');
    expect(JSON.stringify(doc.layout)).toContain('"constructor"');
    expect((await cli(['validate', writeGraph(scratch(), doc)])).code).toBe(0);
  });
});
