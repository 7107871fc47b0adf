/**
 * Graph actions: what the user does to the document, in the open scope. Each is one call to a pure
 * edit from `graph-schema/edits.ts` through `edit()`, so each is one undo step.
 */
import { own } from '../../graph-schema/own.ts';
import type { StateCreator } from 'zustand/vanilla';
import type { TensorType } from '../../graph-schema/block.ts';
import type { PortRef } from '../../graph-schema/document.ts';
import * as edits from '../../graph-schema/edits.ts';
import { scopeKey } from '../analysis/summary.ts';
import { currentScope } from './scope.ts';
import type { EditorState, GraphActions } from './types.ts';
import { vocabularyDefaults } from '../analysis/vocab-check.ts';

/** Creates the graph actions. */
export function graphActions(): StateCreator<EditorState, [], [], GraphActions> {
  return (set, get) => {
    const scope = () => currentScope(get().ui);
    const select = (nodes: readonly string[], edges: readonly string[] = []) => set({ ui: { ...get().ui, selection: { nodes, edges } } });
    /** Output types from the latest analysis (possibly a few edits old: good enough to vet a connection). */
    const typeOf = (ref: PortRef): TensorType | undefined => own(own(own(get().analysis?.bodies, scopeKey(scope())), ref.node)?.outputs, ref.port);
    const options = () => ({ scope: scope(), ...(get().analysis ? { typeOf } : {}) });

    return {
      addBlock(blockId, position, opts = {}) {
        const { catalogue } = get();
        if (!catalogue.has(blockId)) return null;
        let id = '';
        const pending = opts.connect;
        const changed = get().edit((doc, s) => {
          const defaults = s === null ? vocabularyDefaults(doc, catalogue, blockId) : {};
          const added = edits.addNode(doc, catalogue, s, blockId, position, Object.keys(defaults).length > 0 ? { params: defaults } : {});
          id = added.id;
          if (!pending) return added.doc;
          // Connect the new node to the port the connection was dragged from, on its first compatible port.
          const ports = catalogue.get(blockId)!;
          const candidates = pending.side === 'output' ? ports.inputs : ports.outputs;
          for (const p of candidates) {
            const from = pending.side === 'output' ? pending.ref : { node: id, port: p.name };
            const to = pending.side === 'output' ? { node: id, port: p.name } : pending.ref;
            const r = edits.connect(added.doc, catalogue, from, to, { scope: s, ...(pending.side === 'output' ? { typeOf } : {}) });
            if (r.ok) return r.doc;
          }
          return added.doc;
        });
        if (!changed) return null; // refused (a shared graph shown read-only)
        select([id]);
        return id;
      },

      checkConnection: (from, to) => edits.canConnect(get().doc, get().catalogue, from, to, options()),

      connectPorts(from, to) {
        const check = edits.canConnect(get().doc, get().catalogue, from, to, options());
        if (check.ok) get().edit((doc, s) => edits.withBody(doc, s, [...edits.getBody(doc, s).nodes], [...edits.getBody(doc, s).edges, { from, to }]));
        return check;
      },

      deleteSelection() {
        const { nodes, edges } = get().ui.selection;
        if (nodes.length === 0 && edges.length === 0) return;
        get().edit((doc, s) => {
          const body = edits.getBody(doc, s);
          const gone = new Set(edges);
          const withoutEdges = edits.disconnect(doc, s, body.edges.filter((e) => gone.has(edits.edgeKey(e))));
          return edits.removeNodes(withoutEdges, s, nodes);
        });
        select([]);
      },

      setParam(nodeId, name, value) {
        get().edit((doc, s) => edits.setParam(doc, s, nodeId, name, value, get().catalogue), { key: `param:${scope()}:${nodeId}:${name}` });
      },

      renameNode(oldId, newId) {
        const r = edits.renameNode(get().doc, get().catalogue, scope(), oldId, newId);
        if (r.ok && r.doc !== get().doc) {
          get().edit(() => r.doc);
          select(get().ui.selection.nodes.map((id) => (id === oldId ? newId : id)).concat(get().ui.selection.nodes.includes(oldId) ? [] : [newId]));
        }
        return r;
      },

      moveNodes(positions) {
        get().edit((doc, s) => edits.moveNodes(doc, s, positions));
      },

      duplicateSelection() {
        const ids = get().ui.selection.nodes;
        if (ids.length === 0) return;
        let created: string[] = [];
        get().edit((doc, s) => {
          const r = edits.duplicate(doc, s, ids);
          created = r.ids;
          return r.doc;
        });
        select(created);
      },

      paste(fragment, at) {
        if (fragment.nodes.length === 0) return;
        let created: string[] = [];
        get().edit((doc, s) => {
          const r = edits.pasteFragment(doc, s, fragment, at ? { at } : {});
          created = r.ids;
          return r.doc;
        });
        select(created);
      },

      groupSelection() {
        const r = edits.groupIntoSubgraph(get().doc, get().catalogue, scope(), get().ui.selection.nodes);
        if (r.ok) {
          get().edit(() => r.doc);
          select([r.instance]);
        }
        return r;
      },

      setRepeat(nodeId, repeat) {
        get().edit((doc, s) => edits.setRepeat(doc, s, nodeId, repeat), { key: `repeat:${scope()}:${nodeId}` });
      },

      renameSubgraph(oldName, newName) {
        const r = edits.renameSubgraph(get().doc, oldName, newName);
        if (r.ok && r.doc !== get().doc) {
          const ui = get().ui;
          // Keep the open path pointing at the renamed subgraph.
          set({ ui: { ...ui, openPath: ui.openPath.map((n) => (n === oldName ? newName : n)) } });
          get().edit(() => r.doc);
        }
        return r;
      },

      applyLayout(positions, target, opts = {}) {
        const change = (doc: EditorState['doc']) => edits.withPositions(doc, target, { ...edits.getPositions(doc, target), ...positions });
        if (opts.record !== false) {
          get().edit(change);
          return;
        }
        // Layout of a freshly opened file: not an undo step, and it does not make the file "unsaved".
        const { doc, savedDoc } = get();
        const next = change(doc);
        set({ doc: next, savedDoc: savedDoc === doc ? next : savedDoc });
      },

      setTitle(title) {
        get().edit((doc) => edits.setMeta(doc, { title: title.slice(0, 200) }), { key: 'title' });
      },
    };
  };
}
