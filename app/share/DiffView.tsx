/**
 * The diff view: "Diff…" opens a second graph file; the panel lists what changed from it to the graph
 * on the canvas (the same lines as `formwork diff` and the Tour bar) and the canvas marks added and
 * changed nodes. It follows edits live, and closes with ×.
 */
import { useEffect, useMemo, useRef } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { diffDocuments } from '../../graph-schema/diff.ts';
import { summarizeDiff } from '../../graph-schema/diff-summary.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { CanvasPortal } from '../onnx/CanvasPortal.tsx';
import { replaceMarks } from '../onnx/onnx-actions.ts';
import { useEditor, useEditorStore } from '../store/use-editor.ts';
import type { EditorStore } from '../store/types.ts';
import { diffMarkKeys } from './diff-marks.ts';
import { graphTextFromPicture, pictureKindOf } from './picture-export.ts';

/** The file the canvas is compared with, if any. */
export const diffUi = createStore<{ readonly other: { readonly doc: GraphDocument; readonly name: string } | null }>()(() => ({ other: null }));

/** Reads a graph file (JSON, or a PNG/SVG that carries one) to compare with; problems go to the open-error dialog. */
export async function openDiffFile(store: EditorStore, file: File): Promise<void> {
  const kind = pictureKindOf(file);
  const text = kind ? await graphTextFromPicture(file, kind) : { ok: true as const, value: await file.text(), warnings: [] };
  const parsed = text.ok ? parseDocument(text.value) : text;
  if (!parsed.ok) return store.getState().setOverlay({ kind: 'open-error', fileName: file.name, diagnostics: parsed.diagnostics });
  diffUi.setState({ other: { doc: parsed.value, name: file.name } });
}

/** The hidden picker the Diff button clicks. */
export function DiffFileInput({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const store = useEditorStore();
  return (
    <input
      ref={inputRef}
      type="file"
      hidden
      accept=".json,.formwork.json,application/json,.png,.svg"
      aria-label="Graph file to compare with"
      data-testid="diff-file-input"
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) void openDiffFile(store, file);
        e.target.value = '';
      }}
    />
  );
}

/** The diff panel over the canvas (nothing while no file is being compared). */
export function DiffView() {
  const store = useEditorStore();
  const other = useStore(diffUi, (s) => s.other);
  const doc = useEditor((s) => s.doc);
  const diff = useMemo(() => (other ? diffDocuments(other.doc, doc) : null), [other, doc]);
  const lines = useMemo(() => (diff ? summarizeDiff(diff) : []), [diff]);
  const marked = useRef(false);
  useEffect(() => {
    if (!diff) {
      if (marked.current) (replaceMarks(store, 'added', []), replaceMarks(store, 'changed', []));
      marked.current = false;
      return;
    }
    const keys = diffMarkKeys(doc, diff);
    replaceMarks(store, 'added', keys.added);
    replaceMarks(store, 'changed', keys.changed);
    marked.current = true;
  }, [store, doc, diff]);
  if (!other || !diff) return null;
  return (
    <CanvasPortal>
      <section className="fw-diff" aria-label="Diff" data-testid="diff-view">
        <header>
          <strong>Changes from {other.name} to this graph</strong>
          <button type="button" className="fw-icon-button" aria-label="Close diff" onClick={() => diffUi.setState({ other: null })}>
            ×
          </button>
        </header>
        <ul className="fw-diff-lines" data-testid="diff-lines">
          {lines.map((l, i) => (
            <li key={i} className={`is-${l.kind}`}>
              {l.text}
            </li>
          ))}
          {lines.length === 0 && <li>no differences</li>}
        </ul>
        <p className="fw-diff-legend">
          <span className="is-added">■ added</span> <span className="is-changed">■ changed or renamed</span> · removed nodes are listed only
        </p>
      </section>
    </CanvasPortal>
  );
}
