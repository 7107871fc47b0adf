/**
 * Untrusted graph files: every malformed case is rejected with its own coded diagnostic pointing
 * at what is wrong — never an exception.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { clone, edge, smallDocument } from '../helpers/docs.ts';

const catalogue = standardCatalogue();

/** Parse + analyse, as `formwork validate` does. */
function check(text: string): Diagnostic[] {
  const parsed = parseDocument(text);
  if (!parsed.ok) return parsed.diagnostics;
  return analyzeGraph(parsed.value, catalogue).diagnostics.filter((d) => d.severity === 'error');
}

const fromDoc = (mutate: (d: ReturnType<typeof smallDocument>) => void) => {
  const d = clone(smallDocument());
  mutate(d);
  return JSON.stringify(d);
};

const mha = (heads: number, d: number) =>
  fromDoc((doc) => {
    doc.nodes = [
      doc.nodes[0]!,
      { id: 'embed', block: 'Embedding', params: { vocab_size: 3, d_model: d } },
      { id: 'mha1', block: 'MultiHeadAttention', params: { heads } },
      { id: 'probs', block: 'Output' },
    ];
    doc.edges = [edge('tokens', 'ids', 'embed', 'ids'), edge('embed', 'embedded', 'mha1', 'x'), edge('mha1', 'y', 'probs', 'x')];
  });

interface Case {
  readonly name: string;
  readonly text: () => string;
  readonly code: string;
  /** Where the diagnostic must point. */
  readonly where?: Partial<Pick<Diagnostic, 'node' | 'port' | 'param' | 'path'>>;
}

const cases: Case[] = [
  { name: 'not JSON', text: () => '{"format": "formwork.graph", nodes: [', code: 'FW001' },
  { name: 'wrong format', text: () => fromDoc((d) => ((d as Record<string, unknown>).format = 'netron.graph')), code: 'FW003', where: { path: 'format' } },
  { name: 'future version', text: () => fromDoc((d) => ((d as Record<string, unknown>).version = 99)), code: 'FW004', where: { path: 'version' } },
  { name: 'unknown block', text: () => fromDoc((d) => (d.nodes[3]!.block = 'Softmaxx')), code: 'FW010', where: { node: 'softmax', path: 'nodes[3].block' } },
  { name: 'unknown port', text: () => fromDoc((d) => (d.edges[1]!.to.port = 'input')), code: 'FW013', where: { node: 'dense', port: 'input' } },
  { name: 'duplicate node id', text: () => fromDoc((d) => d.nodes.push({ id: 'dense', block: 'ReLU' })), code: 'FW011', where: { node: 'dense' } },
  { name: 'edge to a missing node', text: () => fromDoc((d) => d.edges.push(edge('softmax', 'probs', 'ghost', 'x'))), code: 'FW012', where: { path: 'edges[4]' } },
  {
    name: 'cycle',
    text: () =>
      fromDoc((d) => {
        d.nodes.push({ id: 'loop', block: 'Add' });
        d.edges[1] = edge('loop', 'sum', 'dense', 'x');
        d.edges.push(edge('onehot', 'onehot', 'loop', 'a'), edge('dense', 'y', 'loop', 'b'));
        d.nodes[2]!.params = { out_features: 3 };
      }),
    code: 'FW016',
  },
  {
    name: 'shape mismatch',
    text: () =>
      fromDoc((d) => {
        d.nodes.push({ id: 'skip', block: 'Add' });
        d.edges.push(edge('onehot', 'onehot', 'skip', 'a'), edge('dense', 'y', 'skip', 'b')); // [B,T,3] + [B,T,4]
      }),
    code: 'FW030',
    where: { node: 'skip', port: 'b' },
  },
  { name: 'heads not dividing d_model', text: () => mha(4, 30), code: 'FW032', where: { node: 'mha1' } },
  {
    name: 'a dimension over the size limit, rejected before allocating',
    text: () => fromDoc((d) => (d.nodes[2]!.params = { out_features: 1 << 20 })) .replace('"depth":3', '"depth":65536'),
    code: 'FW034',
    where: { node: 'dense' },
  },
  { name: '__proto__ key', text: () => fromDoc((d) => d.nodes[3]!).replace('"block":"Softmax"', '"block":"Softmax","__proto__":{"polluted":1}'), code: 'FW006' },
  { name: 'constructor key (an ordinary name; here an unknown field)', text: () => fromDoc(() => {}).replace('"seed":0', '"seed":0,"meta2":{"constructor":{"prototype":{}}}'), code: 'FW005' },
  { name: 'a 2 MB string', text: () => fromDoc((d) => (d.meta = { title: 'x'.repeat(2 * 1024 * 1024) })), code: 'FW007', where: { path: 'meta.title' } },
  {
    name: 'a negative repeat count',
    text: () => fromDoc((d) => ((d.nodes as unknown[]).push({ id: 'stack', subgraph: 'layer', repeat: -2 }))),
    code: 'FW005',
    where: { path: 'nodes[5].repeat' },
  },
  { name: 'a param of the wrong type', text: () => fromDoc((d) => (d.nodes[2]!.params = { out_features: 'four' })), code: 'FW020', where: { node: 'dense', param: 'out_features', path: 'nodes[2].params.out_features' } },
  { name: 'an unknown param', text: () => fromDoc((d) => (d.nodes[2]!.params = { out_feature: 4 })), code: 'FW021', where: { node: 'dense', param: 'out_feature' } },
  { name: 'an input left unconnected', text: () => fromDoc((d) => d.edges.splice(1, 1)), code: 'FW015', where: { node: 'dense', port: 'x' } },
  { name: 'an input connected twice', text: () => fromDoc((d) => d.edges.push(edge('onehot', 'onehot', 'softmax', 'x'))), code: 'FW014', where: { node: 'softmax', port: 'x' } },
  { name: 'int ids into a float port', text: () => fromDoc((d) => (d.edges[1] = edge('tokens', 'ids', 'dense', 'x'))), code: 'FW031', where: { node: 'dense', port: 'x' } },
  { name: 'unknown subgraph', text: () => fromDoc((d) => (d.nodes as unknown[]).push({ id: 'stack', subgraph: 'nowhere' })), code: 'FW017', where: { node: 'stack' } },
  { name: 'file too large', text: () => ' '.repeat(64 * 1024 * 1024 + 1), code: 'FW002' },
  { name: 'top level is an array', text: () => '[1, 2, 3]', code: 'FW003' },
  { name: 'explicit weight with the wrong number of values', text: () => fromDoc((d) => ((d as Record<string, unknown>).weights = { 'dense.W': { shape: [3, 4], data: [1, 2] } })), code: 'FW005' },
  { name: 'nesting too deep', text: () => fromDoc(() => {}).replace('"seed":0', `"seed":0,"meta2":${'['.repeat(100)}${']'.repeat(100)}`), code: 'FW008' },
];

describe('malformed graph files', () => {
  it.each(cases)('$name → $code', ({ text, code, where }) => {
    let diagnostics: Diagnostic[] = [];
    expect(() => (diagnostics = check(text()))).not.toThrow();
    expect(diagnostics.map((d) => d.code)).toContain(code);
    const d = diagnostics.find((x) => x.code === code)!;
    expect(d.message.length).toBeGreaterThan(10);
    if (where) expect(d).toMatchObject(where);
  });

  it('covers at least 15 distinct codes', () => {
    expect(new Set(cases.map((c) => c.code)).size).toBeGreaterThanOrEqual(15);
  });

  it('the valid base document has no errors (so each case breaks exactly one thing)', () => {
    expect(check(JSON.stringify(smallDocument()))).toEqual([]);
  });

  it('the heads message names the node and the numbers', () => {
    const d = check(mha(4, 30)).find((x) => x.code === 'FW032')!;
    expect(d.message).toContain("'mha1'");
    expect(d.message).toContain('d_model 30 is not divisible by heads 4');
  });

  it('a prototype key never pollutes Object.prototype', () => {
    check('{"__proto__": {"polluted": true}, "format": "formwork.graph", "version": 1, "nodes": [], "edges": []}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
