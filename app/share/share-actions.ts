/**
 * The editor's share commands: copy a share link (the graph in the URL fragment), open a link as a
 * read-only shared graph, and "Keep a copy" to make it the user's own (editable, autosaved). What the
 * share UI draws lives in `shareUi`, a small store of its own.
 */
import { createStore } from 'zustand/vanilla';
import { formatDiagnostic, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { createShareLink, documentFromShareFragment } from '../../engine/share/share-link.ts';
import type { Commands, Flow } from '../commands.ts';
import { downloadFile } from '../files/file-io.ts';
import type { EditorStore } from '../store/types.ts';
import { graphTextFromPicture, pictureFileName, pictureKindOf, renderPicture, type PictureKind } from './picture-export.ts';
import { paletteFromCss, sceneFromFlow } from './picture-scene.ts';

/** What the share UI shows. */
export interface ShareUiState {
  /** The last link made (shown in a popover with its notices), or the reason none could be made. */
  readonly popover: { readonly url: string; readonly copied: boolean; readonly notices: readonly string[] } | { readonly problems: readonly Diagnostic[] } | null;
  /** Title of autosaved unsaved work that "Keep a copy" would replace, if any. */
  readonly unsavedWork: string | null;
}

/** The share UI store (one per page). */
export const shareUi = createStore<ShareUiState>()(() => ({ popover: null, unsavedWork: null }));

/** Removes the `#g=…` fragment from the address bar without reloading. */
function clearShareFragment(): void {
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
}

/** Share commands over one editor store. */
export function createShareActions(store: EditorStore, commands: Commands, flow: () => Flow | null) {
  const s = () => store.getState();
  const actions = {
    /** Downloads the canvas (or the selected nodes) as a PNG or SVG that carries the whole graph. */
    async exportPicture(kind: PictureKind) {
      const instance = flow();
      if (!instance) return;
      const doc = s().doc;
      const scene = sceneFromFlow(instance, s().ui.selection.nodes, doc.meta?.title ?? 'Untitled');
      const picture = await renderPicture(kind, scene, paletteFromCss(), doc);
      if (!picture.ok) return s().toast(picture.diagnostics[0]?.message ?? 'the picture could not be made', 'error');
      const name = pictureFileName(doc, kind);
      downloadFile(picture.value, name, kind === 'png' ? 'image/png' : 'image/svg+xml');
      const part = s().ui.selection.nodes.length > 0 ? `${scene.nodes.length} selected node(s)` : 'the canvas';
      s().toast(`Saved ${name}: a picture of ${part} that opens as the whole graph`);
    },

    /** Opens a PNG/SVG by the graph it carries; says so when it carries none. */
    async openPicture(file: File, kind: PictureKind) {
      const text = await graphTextFromPicture(file, kind);
      if (!text.ok) return s().setOverlay({ kind: 'open-error', fileName: file.name, diagnostics: text.diagnostics });
      commands.openText(text.value, file.name.replace(/\.(png|svg)$/i, ''));
    },

    /** Makes the link of the current graph and copies it; the popover shows it and any notice. */
    async copyShareLink() {
      const made = createShareLink(s().doc, location.href);
      if (!made.ok) return shareUi.setState({ popover: { problems: made.diagnostics } });
      const { url, warnings } = made.value;
      let copied = true;
      try {
        await navigator.clipboard.writeText(url);
      } catch {
        copied = false; // no clipboard permission: the popover's field still offers the link
      }
      shareUi.setState({ popover: { url, copied, notices: warnings.map((w) => w.message + (w.hint ? ` — ${w.hint}` : '')) } });
      if (copied) s().toast(`Link copied · ${url.length.toLocaleString('en')} characters`);
    },
    closePopover: () => shareUi.setState({ popover: null }),

    /** Shows a shared document read-only. */
    showShared(doc: GraphDocument) {
      commands.load(doc);
      s().setReadOnly(true);
    },

    /**
     * Opens the share link in `fragment` (from the address bar). Returns false when the fragment is not a
     * share link; a damaged link shows its problems and leaves the graph alone.
     */
    openFragment(fragment: string): boolean {
      const shared = documentFromShareFragment(fragment);
      if (!shared) return false;
      if (!shared.ok) {
        s().setOverlay({ kind: 'open-error', fileName: 'share link', diagnostics: shared.diagnostics });
        clearShareFragment();
        return true;
      }
      const open = () => actions.showShared(shared.value);
      if (s().doc === s().savedDoc || s().readOnly) open();
      else
        s().setOverlay({
          kind: 'confirm',
          title: 'Open the shared graph?',
          message: `“${s().doc.meta?.title ?? 'Untitled'}” has changes that are not saved to a file. Open the shared graph anyway?`,
          confirmLabel: 'Open shared graph',
          onConfirm: open,
        });
      return true;
    },

    /** Keep a copy: the shared graph becomes the user's own document (editable, unsaved, autosaved). */
    keepCopy() {
      const keep = () => {
        const { doc, ui } = s();
        s().setReadOnly(false); // first, so autosave is running when the document below becomes unsaved
        s().replaceDocument(doc, { saved: false, openPath: ui.openPath });
        shareUi.setState({ unsavedWork: null });
        clearShareFragment();
        s().toast('This copy is yours now — edits are autosaved in this browser; Save writes a file');
      };
      const replaced = shareUi.getState().unsavedWork;
      if (replaced === null) return keep();
      s().setOverlay({
        kind: 'confirm',
        title: 'Replace your unsaved graph?',
        message: `“${replaced}” has unsaved changes in this browser. Keeping the shared graph replaces them.`,
        confirmLabel: 'Keep the shared graph',
        onConfirm: keep,
      });
    },
  };
  /** Pictures go through openPicture; everything else through the editor's own open. */
  const openFile = commands.openFile;
  commands.openFile = async (file: File) => {
    const kind = pictureKindOf(file);
    return kind ? actions.openPicture(file, kind) : openFile(file);
  };
  return actions;
}

/** The share commands of one editor. */
export type ShareActions = ReturnType<typeof createShareActions>;

/** A diagnostic as one line for the popover. */
export const problemLine = (d: Diagnostic): string => formatDiagnostic(d);

let bound: ShareActions | null = null;

/** Makes `actions` the ones the toolbar and banner reach; returns an unbind. */
export function bindShareActions(actions: ShareActions): () => void {
  bound = actions;
  return () => {
    if (bound === actions) bound = null;
  };
}

/** The bound share commands (no-ops before the editor mounts). */
export const shareActions = {
  copyShareLink: () => void bound?.copyShareLink(),
  closePopover: () => shareUi.setState({ popover: null }),
  keepCopy: () => bound?.keepCopy(),
  exportPicture: (kind: PictureKind) => void bound?.exportPicture(kind),
  get current(): ShareActions | null {
    return bound;
  },
};
