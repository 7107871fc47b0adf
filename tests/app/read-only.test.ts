/**
 * A shared graph is read-only until "Keep a copy": every edit is refused (the document object stays the
 * same), opening another document leaves read-only mode, and autosave runs only while editable.
 */
import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../graph-schema/document.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';
import { autosaveWhileEditable } from '../../app/share/boot.ts';
import { catalogue, smallChain } from './fixtures.ts';

describe('read-only shared graph', () => {
  it('refuses edits while read-only, accepts them after', () => {
    const store = createEditorStore(catalogue, smallChain());
    const s = () => store.getState();
    s().setReadOnly(true);
    const before = s().doc;
    const first = before.nodes[0]!.id;
    expect(s().addBlock('Linear', { x: 0, y: 0 })).toBeNull();
    s().setSelection({ nodes: [first], edges: [] });
    s().deleteSelection();
    s().setTitle('changed');
    s().moveNodes({ [first]: { x: 999, y: 999 } });
    expect(s().doc).toBe(before);
    expect(s().history.past).toHaveLength(0);
    s().setReadOnly(false);
    s().setTitle('changed');
    expect(s().doc.meta?.title).toBe('changed');
  });

  it('opening another document leaves read-only mode', () => {
    const store = createEditorStore(catalogue, smallChain());
    store.getState().setReadOnly(true);
    store.getState().replaceDocument(emptyDocument('other'));
    expect(store.getState().readOnly).toBe(false);
    store.getState().replaceDocument(smallChain(), { readOnly: true });
    expect(store.getState().readOnly).toBe(true);
  });

  it('autosave runs only while the document is editable', () => {
    const store = createEditorStore(catalogue, smallChain());
    store.getState().setReadOnly(true);
    const log: string[] = [];
    const stopAll = autosaveWhileEditable(store, () => (log.push('start'), () => log.push('stop')));
    expect(log).toEqual([]);
    store.getState().setReadOnly(false);
    store.getState().setReadOnly(true);
    store.getState().setReadOnly(false);
    stopAll();
    expect(log).toEqual(['start', 'stop', 'start', 'stop']);
  });
});
