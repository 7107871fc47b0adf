import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../graph-schema/document.ts';
import {
  addNode,
  canConnect,
  connect,
  copyFragment,
  disconnect,
  duplicate,
  groupIntoSubgraph,
  parseFragment,
  pasteFragment,
  removeNodes,
  renameNode,
  serializeFragment,
  setParam,
  setRepeat,
} from '../../graph-schema/edits.ts';
import { analyzeGraph, edgeType } from '../../graph-schema/infer.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import { add, catalogue, smallChain, wire } from './fixtures.ts';

const valid = (doc: unknown) => expect(validateDocument(doc).ok).toBe(true);

describe('addNode', () => {
  it('adds a node with a readable unique id and a position', () => {
    let doc = emptyDocument();
    const a = addNode(doc, catalogue, null, 'Linear', { x: 10.4, y: 20 });
    doc = a.doc;
    const b = addNode(doc, catalogue, null, 'Linear', { x: 300, y: 20 });
    expect(a.id).toBe('linear');
    expect(b.id).toBe('linear_2');
    expect(b.doc.layout?.nodes.linear).toEqual({ x: 10, y: 20 });
    expect(b.doc.nodes.map((n) => n.block)).toEqual(['Linear', 'Linear']);
    expect(doc.nodes).toHaveLength(1); // input untouched
    valid(b.doc);
  });

  it('throws on an unknown block (a programming error)', () => {
    expect(() => addNode(emptyDocument(), catalogue, null, 'Nope', { x: 0, y: 0 })).toThrow(/unknown block/);
  });
});

describe('connect', () => {
  it('connects ports and inference sees the new edge', () => {
    const doc = smallChain();
    valid(doc);
    const analysis = analyzeGraph(doc, catalogue);
    expect(analysis.ok).toBe(true);
    expect(edgeType(analysis.top, { node: 'lin', port: 'y' })?.shape).toEqual(['B', 'T', 32]);
  });

  it('refuses a cycle, with the loop in the reason', () => {
    let doc = smallChain();
    doc = disconnect(doc, null, [{ from: { node: 'src', port: 'out' }, to: { node: 'lin', port: 'x' } }]);
    const r = canConnect(doc, catalogue, { node: 'sm', port: 'probs' }, { node: 'lin', port: 'x' });
    expect(r).toMatchObject({ ok: false, code: 'FW016' });
    expect(!r.ok && r.reason).toContain('lin → sm → lin');
    expect(canConnect(doc, catalogue, { node: 'lin', port: 'y' }, { node: 'lin', port: 'x' })).toMatchObject({ ok: false, code: 'FW016' });
  });

  it('refuses an input that is already connected', () => {
    let doc = smallChain();
    let other;
    [doc, other] = add(doc, 'TestFeatures', 0, 200);
    const r = connect(doc, catalogue, { node: other, port: 'out' }, { node: 'lin', port: 'x' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/already connected to 'src'/);
  });

  it('refuses a dtype mismatch', () => {
    let doc = emptyDocument();
    let tokens, lin;
    [doc, tokens] = add(doc, 'TokenInput');
    [doc, lin] = add(doc, 'Linear', 300);
    const r = canConnect(doc, catalogue, { node: tokens, port: 'ids' }, { node: lin, port: 'x' });
    expect(r).toMatchObject({ ok: false, code: 'FW031' });
    expect(!r.ok && r.reason).toMatch(/takes float32, but 'token_input' gives int64/);
  });

  it('refuses a shape mismatch against the other connected input', () => {
    let doc = emptyDocument();
    let a, b, sum;
    [doc, a] = add(doc, 'TestFeatures');
    [doc, b] = add(doc, 'TestFeatures', 0, 200);
    doc = setParam(doc, null, b, 'features', 64);
    [doc, sum] = add(doc, 'Add', 300);
    doc = wire(doc, a, 'out', sum, 'a');
    const r = canConnect(doc, catalogue, { node: b, port: 'out' }, { node: sum, port: 'b' });
    expect(r).toMatchObject({ ok: false, code: 'FW030' });
    expect(!r.ok && r.reason).toContain('[B, T, 64]');
    doc = setParam(doc, null, b, 'features', 32);
    expect(canConnect(doc, catalogue, { node: b, port: 'out' }, { node: sum, port: 'b' }).ok).toBe(true);
  });

  it('uses the type lookup it is given instead of analysing', () => {
    let doc = emptyDocument();
    let a, lin;
    [doc, a] = add(doc, 'TestFeatures');
    [doc, lin] = add(doc, 'Linear', 300);
    const r = canConnect(doc, catalogue, { node: a, port: 'out' }, { node: lin, port: 'x' }, { typeOf: () => ({ dtype: 'bool', shape: ['B'] }) });
    expect(r).toMatchObject({ ok: false, code: 'FW031' });
  });
});

describe('setParam / removeNodes', () => {
  it('changing a param changes the inferred edge shape', () => {
    const doc = setParam(smallChain(), null, 'lin', 'out_features', 16);
    expect(edgeType(analyzeGraph(doc, catalogue).top, { node: 'lin', port: 'y' })?.shape).toEqual(['B', 'T', 16]);
    const back = setParam(doc, null, 'lin', 'out_features', undefined);
    expect(back.nodes.find((n) => n.id === 'lin')?.params).toBeUndefined();
  });

  it('removing nodes removes their edges and positions', () => {
    const doc = removeNodes(smallChain(), null, ['sm']);
    expect(doc.nodes.map((n) => n.id)).toEqual(['src', 'lin', 'probs']);
    expect(doc.edges).toHaveLength(1);
    expect(doc.layout?.nodes.sm).toBeUndefined();
  });
});

describe('renameNode', () => {
  it('updates edges and layout', () => {
    const r = renameNode(smallChain(), catalogue, null, 'lin', 'proj');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.edges.map((e) => `${e.from.node}->${e.to.node}`)).toEqual(['src->proj', 'proj->sm', 'sm->probs']);
    expect(r.doc.layout?.nodes.proj).toEqual({ x: 250, y: 0 });
    expect(r.doc.layout?.nodes.lin).toBeUndefined();
    expect(analyzeGraph(r.doc, catalogue).ok).toBe(true);
  });

  it('refuses taken and malformed ids', () => {
    expect(renameNode(smallChain(), catalogue, null, 'lin', 'sm')).toMatchObject({ ok: false });
    expect(renameNode(smallChain(), catalogue, null, 'lin', '9 lives')).toMatchObject({ ok: false });
  });

  it('renaming a subgraph input renames the instance port outside', () => {
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin', 'sm']);
    if (!g.ok) throw new Error(g.reason);
    const r = renameNode(g.doc, catalogue, g.subgraph, 'x', 'features');
    if (!r.ok) throw new Error(r.reason);
    expect(r.doc.edges.find((e) => e.to.node === g.instance)?.to.port).toBe('features');
    expect(analyzeGraph(r.doc, catalogue).ok).toBe(true);
  });
});

describe('fragments', () => {
  it('copy → text → paste gives fresh ids, keeps inner edges and is validated', () => {
    const doc = smallChain();
    const text = serializeFragment(copyFragment(doc, null, ['lin', 'sm']));
    const parsed = parseFragment(text);
    if (!parsed.ok) throw new Error('fragment did not parse');
    const { doc: pasted, ids } = pasteFragment(doc, null, parsed.value, { at: { x: 1000, y: 500 } });
    expect(ids).toEqual(['lin_2', 'sm_2']);
    expect(pasted.edges).toContainEqual({ from: { node: 'lin_2', port: 'y' }, to: { node: 'sm_2', port: 'x' } });
    expect(pasted.edges).toHaveLength(doc.edges.length + 1);
    expect(pasted.layout?.nodes.lin_2).toEqual({ x: 1000, y: 500 });
    valid(pasted);
  });

  it('rejects malformed or hostile clipboard text', () => {
    expect(parseFragment('not json').ok).toBe(false);
    expect(parseFragment('{"format":"something else"}').ok).toBe(false);
    expect(parseFragment('{"format":"formwork.fragment","version":1,"nodes":[{"id":"a b","block":"Linear"}],"edges":[]}').ok).toBe(false);
    expect(parseFragment('{"format":"formwork.fragment","version":1,"nodes":[],"edges":[],"__proto__":{}}').ok).toBe(false);
  });

  it('duplicate copies subgraph instances and reuses the identical subgraph', () => {
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin', 'sm']);
    if (!g.ok) throw new Error(g.reason);
    const d = duplicate(g.doc, null, [g.instance]);
    expect(Object.keys(d.doc.subgraphs ?? {})).toEqual([g.subgraph]);
    expect(d.doc.nodes.filter((n) => n.subgraph === g.subgraph)).toHaveLength(2);
  });
});

describe('groupIntoSubgraph', () => {
  it('moves nodes into a subgraph with interface nodes for the cut edges and computes the same shapes', () => {
    const before = smallChain();
    const g = groupIntoSubgraph(before, catalogue, null, ['lin', 'sm']);
    if (!g.ok) throw new Error(g.reason);
    const sg = g.doc.subgraphs?.[g.subgraph];
    expect(sg?.nodes.map((n) => n.id).sort()).toEqual(['lin', 'sm', 'x', 'x_out']);
    expect(g.doc.nodes.map((n) => n.id)).toEqual(['src', 'probs', g.instance]);
    // One in, one out: the output port is named like the input, so the layer can repeat.
    expect(g.doc.edges).toContainEqual({ from: { node: 'src', port: 'out' }, to: { node: g.instance, port: 'x' } });
    expect(g.doc.edges).toContainEqual({ from: { node: g.instance, port: 'x' }, to: { node: 'probs', port: 'x' } });
    valid(g.doc);
    const analysis = analyzeGraph(g.doc, catalogue);
    expect(analysis.diagnostics).toEqual([]);
    expect(edgeType(analysis.top, { node: g.instance, port: 'x' })?.shape).toEqual(['B', 'T', 32]);
    expect(analysis.parameterCount).toBe(analyzeGraph(before, catalogue).parameterCount);
    expect(g.doc.layout?.subgraphs?.[g.subgraph]?.x).toBeDefined();
  });

  it('a grouped shape-preserving layer repeats ×N with its own weights per repetition', () => {
    let doc = emptyDocument();
    let src, lin, out;
    [doc, src] = add(doc, 'TestFeatures', 0, 0, null, 'src');
    [doc, lin] = add(doc, 'Linear', 300, 0, null, 'lin');
    [doc, out] = add(doc, 'Output', 600, 0, null, 'out');
    doc = wire(doc, src, 'out', lin, 'x');
    doc = wire(doc, lin, 'y', out, 'x');
    const g = groupIntoSubgraph(doc, catalogue, null, [lin], { name: 'layer' });
    if (!g.ok) throw new Error(g.reason);
    const one = analyzeGraph(g.doc, catalogue);
    const three = analyzeGraph(setRepeat(g.doc, null, g.instance, 3), catalogue);
    expect(three.diagnostics).toEqual([]);
    expect(three.parameterCount).toBe(3 * one.parameterCount);
  });

  it('several cut edges give several interface ports; sources shared inside map to one input', () => {
    let doc = emptyDocument();
    let a, b, sum, sm;
    [doc, a] = add(doc, 'TestFeatures', 0, 0, null, 'a');
    [doc, b] = add(doc, 'TestFeatures', 0, 200, null, 'b');
    [doc, sum] = add(doc, 'Add', 300, 0, null, 'sum');
    [doc, sm] = add(doc, 'Softmax', 600, 0, null, 'sm');
    doc = wire(doc, a, 'out', sum, 'a');
    doc = wire(doc, b, 'out', sum, 'b');
    doc = wire(doc, sum, 'sum', sm, 'x');
    const g = groupIntoSubgraph(doc, catalogue, null, [sum]);
    if (!g.ok) throw new Error(g.reason);
    expect(g.doc.subgraphs?.[g.subgraph]?.nodes.map((n) => n.id)).toEqual(['x', 'x_2', 'sum', 'y']);
    expect(analyzeGraph(g.doc, catalogue).diagnostics).toEqual([]);
  });

  it("changing an interface node's port name follows on the instances", () => {
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin', 'sm']);
    if (!g.ok) throw new Error(g.reason);
    const doc = setParam(g.doc, g.subgraph, 'x_out', 'name', 'probs_out', catalogue);
    expect(doc.edges).toContainEqual({ from: { node: g.instance, port: 'probs_out' }, to: { node: 'probs', port: 'x' } });
    expect(analyzeGraph(doc, catalogue).ok).toBe(true);
  });

  it('grouping the end of a chain hands its dangling output out, paired with the input for ×N', () => {
    let doc = emptyDocument();
    let src, lin;
    [doc, src] = add(doc, 'TestFeatures', 0, 0, null, 'src');
    [doc, lin] = add(doc, 'Linear', 300, 0, null, 'lin');
    doc = wire(doc, src, 'out', lin, 'x');
    const g = groupIntoSubgraph(doc, catalogue, null, [lin], { name: 'layer' });
    if (!g.ok) throw new Error(g.reason);
    expect(g.doc.subgraphs?.layer?.nodes.find((n) => n.id === 'x_out')).toEqual({ id: 'x_out', block: 'SubgraphOutput', params: { name: 'x' } });
    const analysis = analyzeGraph(setRepeat(g.doc, null, g.instance, 2), catalogue);
    expect(edgeType(analysis.top, { node: g.instance, port: 'x' })?.shape).toEqual(['B', 'T', 32]);
  });

  it('renaming a subgraph renames its default title and keeps instances pointing at it', async () => {
    const { renameSubgraph } = await import('../../graph-schema/edits.ts');
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin']);
    if (!g.ok) throw new Error(g.reason);
    const r = renameSubgraph(g.doc, g.subgraph, 'decoder_layer');
    if (!r.ok) throw new Error(r.reason);
    expect(r.doc.subgraphs?.decoder_layer?.title).toBe('decoder_layer');
    expect(r.doc.nodes.find((n) => n.id === g.instance)?.subgraph).toBe('decoder_layer');
    expect(analyzeGraph(r.doc, catalogue).ok).toBe(true);
  });

  it('refuses an empty selection and sets repeat on the instance', () => {
    expect(groupIntoSubgraph(smallChain(), catalogue, null, []).ok).toBe(false);
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin']);
    if (!g.ok) throw new Error(g.reason);
    const doc = setRepeat(g.doc, null, g.instance, 4);
    expect(doc.nodes.find((n) => n.id === g.instance)?.repeat).toBe(4);
    expect(setRepeat(doc, null, g.instance, 1).nodes.find((n) => n.id === g.instance)?.repeat).toBeUndefined();
  });

  it('deleting the last instance drops the subgraph', () => {
    const g = groupIntoSubgraph(smallChain(), catalogue, null, ['lin']);
    if (!g.ok) throw new Error(g.reason);
    const doc = removeNodes(g.doc, null, [g.instance]);
    expect(doc.subgraphs?.[g.subgraph]).toBeUndefined();
    valid(doc);
  });
});

describe('analysis while editing', () => {
  it('infers shapes around an unconnected node and points diagnostics at the right node', async () => {
    const { analyzeGraph } = await import('../../graph-schema/infer.ts');
    let doc = emptyDocument();
    let norm, src, attn;
    [doc, norm] = add(doc, 'LayerNorm', 0, 0); // index 0, input left unconnected
    [doc, src] = add(doc, 'TestFeatures', 0, 200);
    [doc, attn] = add(doc, 'MultiHeadAttention', 300, 200);
    doc = setParam(doc, null, attn, 'heads', 5); // 32 is not divisible by 5
    doc = wire(doc, src, 'out', attn, 'x');
    const a = analyzeGraph(doc, catalogue);
    expect(a.ok).toBe(false);
    expect(a.diagnostics.find((d) => d.code === 'FW015')?.node).toBe(norm);
    const heads = a.diagnostics.find((d) => d.code === 'FW032');
    expect(heads?.node).toBe(attn);
    expect(heads?.path).toMatch(/^nodes\[2\]/);
    expect(edgeType(a.top, { node: src, port: 'out' })?.shape).toEqual(['B', 'T', 32]);
  });
});
