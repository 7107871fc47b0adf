import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../graph-schema/document.ts';
import { copyFragment, edgeKey, getBody } from '../../graph-schema/edits.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';
import { currentScope } from '../../app/store/scope.ts';
import { catalogue, smallChain } from './fixtures.ts';

const make = (doc = smallChain()) => createEditorStore(catalogue, doc);

describe('editor store: undo/redo', () => {
  it('one action is one step: add, connect, undo, redo', () => {
    const store = make(emptyDocument());
    const s = () => store.getState();
    const a = s().addBlock('TestFeatures', { x: 0, y: 0 })!;
    const b = s().addBlock('Linear', { x: 300, y: 0 })!;
    expect(s().connectPorts({ node: a, port: 'out' }, { node: b, port: 'x' }).ok).toBe(true);
    expect(s().doc.edges).toHaveLength(1);
    s().undo();
    expect(s().doc.edges).toHaveLength(0);
    expect(s().doc.nodes).toHaveLength(2);
    s().undo();
    s().undo();
    expect(s().doc.nodes).toHaveLength(0);
    s().undo(); // nothing left: no-op
    s().redo();
    s().redo();
    s().redo();
    expect(s().doc.edges).toHaveLength(1);
  });

  it('a paste of 10 nodes is one undo step and selects the pasted nodes', () => {
    const store = make(emptyDocument());
    const s = () => store.getState();
    for (let i = 0; i < 10; i++) s().addBlock('Linear', { x: i * 10, y: 0 });
    const fragment = copyFragment(s().doc, null, s().doc.nodes.map((n) => n.id));
    const before = s().doc;
    s().paste(fragment, { x: 0, y: 500 });
    expect(s().doc.nodes).toHaveLength(20);
    expect(s().ui.selection.nodes).toHaveLength(10);
    s().undo();
    expect(s().doc).toBe(before);
    expect(s().ui.selection.nodes).toEqual([]);
  });

  it('a drag (gesture) of many moves is one step', () => {
    const store = make();
    const s = () => store.getState();
    const before = s().doc;
    s().beginGesture();
    for (let i = 1; i <= 30; i++) s().moveNodes({ lin: { x: 250 + i, y: i } });
    s().endGesture();
    expect(s().doc.layout?.nodes.lin).toEqual({ x: 280, y: 30 });
    s().undo();
    expect(s().doc).toBe(before);
    s().redo();
    expect(s().doc.layout?.nodes.lin).toEqual({ x: 280, y: 30 });
  });

  it('typing into one param field merges into one step; another field is another step', () => {
    const store = make();
    const s = () => store.getState();
    const before = s().doc;
    s().setParam('lin', 'out_features', 1);
    s().setParam('lin', 'out_features', 12);
    s().setParam('lin', 'out_features', 128);
    s().setParam('lin', 'bias', false);
    s().undo();
    expect(s().doc.nodes.find((n) => n.id === 'lin')?.params).toEqual({ out_features: 128 });
    s().undo();
    expect(s().doc).toBe(before);
  });

  it('analysis follows the document, with shapes even while an input is unconnected', () => {
    const store = make();
    const s = () => store.getState();
    expect(s().analysis?.bodies['']?.lin?.outputs.y?.shape).toEqual(['B', 'T', 32]);
    s().setParam('lin', 'out_features', 8);
    expect(s().analysis?.bodies['']?.lin?.outputs.y?.shape).toEqual(['B', 'T', 8]);
    s().addBlock('Add', { x: 0, y: 300 }); // two unconnected inputs: inference elsewhere goes on
    expect(s().analysis?.ok).toBe(false);
    expect(s().analysis?.diagnostics.some((d) => d.code === 'FW015')).toBe(true);
    expect(s().analysis?.bodies['']?.sm?.outputs.probs?.shape).toEqual(['B', 'T', 8]);
  });

  it('refused connections leave the document alone and explain why', () => {
    const store = make();
    const s = () => store.getState();
    const before = s().doc;
    const r = s().connectPorts({ node: 'sm', port: 'probs' }, { node: 'lin', port: 'x' });
    expect(r.ok).toBe(false);
    expect(s().doc).toBe(before);
  });
});

describe('editor store: subgraphs and selection', () => {
  it('groups the selection, opens it, and undo closes what no longer exists', () => {
    const store = make();
    const s = () => store.getState();
    s().setSelection({ nodes: ['lin', 'sm'], edges: [] });
    const r = s().groupSelection();
    if (!r.ok) throw new Error(r.reason);
    expect(s().ui.selection.nodes).toEqual([r.instance]);
    s().openSubgraph(r.subgraph);
    expect(currentScope(s().ui)).toBe(r.subgraph);
    s().setRepeat(r.instance, 3); // instance is not in this scope: no change
    s().undo();
    expect(currentScope(s().ui)).toBe(null);
    expect(s().doc.subgraphs).toBeUndefined();
  });

  it('deletes selected nodes and edges in one step', () => {
    const store = make();
    const s = () => store.getState();
    const edge = s().doc.edges.find((e) => e.from.node === 'src')!;
    s().setSelection({ nodes: ['probs'], edges: [edgeKey(edge)] });
    s().deleteSelection();
    expect(getBody(s().doc, null).nodes.map((n) => n.id)).toEqual(['src', 'lin', 'sm']);
    expect(s().doc.edges).toHaveLength(1);
    s().undo();
    expect(s().doc.edges).toHaveLength(3);
  });

  it('rename keeps the node selected and is undoable', () => {
    const store = make();
    const s = () => store.getState();
    s().setSelection({ nodes: ['lin'], edges: [] });
    expect(s().renameNode('lin', 'proj').ok).toBe(true);
    expect(s().ui.selection.nodes).toEqual(['proj']);
    s().undo();
    expect(s().doc.nodes.some((n) => n.id === 'lin')).toBe(true);
    expect(s().ui.selection.nodes).toEqual([]);
  });
});
