/**
 * Autosave, one record per document: every edit is persisted in IndexedDB under the document's own
 * id, so several tabs never overwrite each other, a "Recent" list can reopen any of the last graphs,
 * and a reload of the same tab restores the document, its open subgraph and its undo history.
 *
 * Each tab remembers its document id in sessionStorage. New / Open / a template start a new
 * document id; opening a recent one continues under its id. Writes start on the edit itself (no
 * debounce; while one is in flight the next waits and takes the latest state), and small documents
 * are also written synchronously to localStorage on every edit, before the editor goes on — so a
 * crash of the page loses nothing it had acknowledged. A stored record that fails validation is
 * never overwritten: the editor starts on a fresh document and offers to discard it.
 */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import { emptyHistory, type History } from '../store/history.ts';
import type { EditorStore } from '../store/types.ts';
import { idbDelete, idbGet, idbGetAll, idbPut, LEGACY_KEY } from './autosave-db.ts';

/** What is persisted per document. */
export interface Snapshot {
  readonly id: string;
  readonly doc: GraphDocument;
  readonly openPath: readonly string[];
  /** Unsaved changes relative to the last Save/Open. */
  readonly dirty: boolean;
  readonly at: number;
  /** Edit counter of the document: of two copies the higher is newer (ties go to IndexedDB, which keeps history). */
  readonly seq: number;
  /** Undo/redo steps (the most recent `HISTORY_KEPT` of each). */
  readonly history: Pick<History, 'past' | 'future'>;
}

/** A document of the Recent list. */
export interface RecentEntry {
  readonly id: string;
  readonly title: string;
  readonly nodes: number;
  readonly at: number;
}

/** What the editor starts with. */
export interface Restored {
  readonly snapshot: Snapshot | null;
  /** A stored record that could not be loaded (kept until the user discards it). */
  readonly bad: { readonly id: string; readonly diagnostics: readonly Diagnostic[] } | null;
}

const SESSION_KEY = 'formwork.documentId';
const LOCAL_PREFIX = 'formwork.autosave.';
const LOCAL_LIMIT = 1_000_000;
/** Undo steps kept across reloads (each is a whole document, sharing unchanged parts). */
export const HISTORY_KEPT = 50;
/** Documents listed under Recent. */
export const RECENT_COUNT = 12;

const newId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** Checks a stored value (it may come from an older Formwork, or be damaged). */
function asSnapshot(raw: unknown, fallbackId: string): { ok: true; value: Snapshot } | { ok: false; diagnostics: readonly Diagnostic[] } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, diagnostics: [{ code: 'FW005', severity: 'error', message: 'the autosaved record is not an object' }] };
  const r = raw as Record<string, unknown>;
  const checked = validateDocument(r.doc);
  if (!checked.ok) return { ok: false, diagnostics: checked.diagnostics };
  const openPath = Array.isArray(r.openPath) ? r.openPath.filter((s): s is string => typeof s === 'string') : [];
  const h = (typeof r.history === 'object' && r.history !== null ? r.history : {}) as Record<string, unknown>;
  const steps = (list: unknown) => (Array.isArray(list) ? list.slice(-HISTORY_KEPT).map((d) => validateDocument(d)).flatMap((v) => (v.ok ? [v.value] : [])) : []);
  return {
    ok: true,
    value: {
      id: typeof r.id === 'string' ? r.id : fallbackId,
      doc: checked.value,
      openPath,
      dirty: r.dirty === true,
      at: typeof r.at === 'number' ? r.at : 0,
      seq: typeof r.seq === 'number' ? r.seq : 0,
      history: { past: steps(h.past), future: steps(h.future) },
    },
  };
}

function readLocal(id: string): unknown {
  try {
    const text = localStorage.getItem(LOCAL_PREFIX + id);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The records in IndexedDB by id (empty when it is unavailable). */
async function allRecords(): Promise<Map<string, unknown>> {
  try {
    return await idbGetAll();
  } catch {
    return new Map();
  }
}

/**
 * What this tab should show: its own document after a reload, else the most recently edited one;
 * the newer of the IndexedDB and localStorage copies. A record that does not validate is reported,
 * not loaded.
 */
export async function loadSnapshot(): Promise<Restored> {
  const records = await allRecords();
  const legacy = records.get(LEGACY_KEY);
  records.delete(LEGACY_KEY);
  if (legacy !== undefined && records.size === 0) records.set(newId(), legacy); // from before per-document autosave
  let id = sessionStorage.getItem(SESSION_KEY);
  if (id === null || (!records.has(id) && readLocal(id) === null)) {
    let newest = -1;
    id = null;
    for (const [key, raw] of records) {
      const at = (raw as { at?: unknown } | null)?.at;
      if (typeof at === 'number' && at > newest) (newest = at), (id = key);
    }
    if (id === null && records.size > 0) id = [...records.keys()][0]!;
  }
  if (id === null) return { snapshot: null, bad: null };
  const fromDb = records.has(id) ? asSnapshot(records.get(id), id) : null;
  const local = readLocal(id);
  const fromLocal = local !== null ? asSnapshot(local, id) : null;
  const good = [fromDb, fromLocal].flatMap((s) => (s?.ok ? [s.value] : [])).sort((a, b) => b.seq - a.seq); // stable: IndexedDB first on a tie
  if (good[0]) return { snapshot: { ...good[0], id }, bad: null };
  const failed = fromDb && !fromDb.ok ? fromDb : fromLocal && !fromLocal.ok ? fromLocal : null;
  return { snapshot: null, bad: failed ? { id, diagnostics: failed.diagnostics } : null };
}

/** The most recently edited documents, newest first (unreadable records are left out). */
export async function listRecent(): Promise<RecentEntry[]> {
  const out: RecentEntry[] = [];
  for (const [id, raw] of await allRecords()) {
    if (id === LEGACY_KEY) continue;
    const r = raw as { doc?: { meta?: { title?: unknown }; nodes?: unknown }; at?: unknown } | null;
    if (!r || typeof r.at !== 'number' || !Array.isArray(r.doc?.nodes)) continue;
    out.push({ id, title: typeof r.doc.meta?.title === 'string' ? r.doc.meta.title : 'Untitled', nodes: r.doc.nodes.length, at: r.at });
  }
  return out.sort((a, b) => b.at - a.at).slice(0, RECENT_COUNT);
}

/** One stored document, validated (null when missing or unreadable). */
export async function readRecent(id: string): Promise<Snapshot | null> {
  const raw = await idbGet(id).catch(() => readLocal(id));
  const checked = raw === undefined || raw === null ? null : asSnapshot(raw, id);
  return checked?.ok ? checked.value : null;
}

/** Deletes a stored document (e.g. a damaged autosave the user chose to discard). */
export async function discardRecord(id: string): Promise<void> {
  try {
    localStorage.removeItem(LOCAL_PREFIX + id);
  } catch {
    // Storage unavailable: nothing to remove there.
  }
  await idbDelete(id).catch(() => undefined);
}

function snapshotOf(store: EditorStore, id: string, seq: number): Snapshot {
  const s = store.getState();
  return {
    id,
    seq,
    doc: s.doc,
    openPath: s.ui.openPath,
    dirty: s.doc !== s.savedDoc,
    at: Date.now(),
    history: { past: s.history.past.slice(-HISTORY_KEPT), future: s.history.future.slice(0, HISTORY_KEPT) },
  };
}

/** The undo history a restored snapshot gives back to the store. */
export function restoredHistory(snapshot: Snapshot): History {
  return { ...emptyHistory, past: snapshot.history.past, future: snapshot.history.future };
}

/** Autosave of one tab; `adopt` makes the next New/Open/template continue an existing record instead. */
export interface Autosave {
  /** The id the current document is saved under. */
  readonly id: () => string;
  /** The next document shown (through `replaceDocument`) is saved under `id`, counting edits on from `seq`. */
  adopt(id: string, seq: number): void;
  stop(): void;
}

/**
 * Persists the store's document after every change under the tab's document id. `onSaved` reports
 * each completed IndexedDB write (for tests and the status bar).
 */
export function startAutosave(store: EditorStore, start: Pick<Snapshot, 'id' | 'seq'> | null, onSaved: (at: number) => void = () => {}): Autosave {
  let id = start?.id ?? newId();
  let seq = start?.seq ?? 0;
  let adopted: { id: string; seq: number } | null = null;
  sessionStorage.setItem(SESSION_KEY, id);
  let writing = false;
  let again = false;

  const writeLocal = (snapshot: Snapshot) => {
    try {
      const text = JSON.stringify({ ...snapshot, history: { past: [], future: [] } });
      if (text.length <= LOCAL_LIMIT) localStorage.setItem(LOCAL_PREFIX + snapshot.id, text);
      else localStorage.removeItem(LOCAL_PREFIX + snapshot.id);
    } catch {
      // Quota exceeded: IndexedDB still has it.
    }
  };
  const flush = () => {
    if (writing) return void (again = true);
    writing = true;
    again = false;
    const snapshot = snapshotOf(store, id, seq);
    idbPut(snapshot.id, snapshot)
      .then(
        () => onSaved(snapshot.at),
        () => writeLocal(snapshot),
      )
      .finally(() => {
        writing = false;
        if (again) flush();
      });
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc === previous.doc && state.ui.openPath === previous.ui.openPath && state.savedDoc === previous.savedDoc && state.history === previous.history) return;
    if (state.doc !== previous.doc && state.history === emptyHistory) {
      // New / Open / template: a document of its own (or the recent one being reopened).
      id = adopted?.id ?? newId();
      seq = adopted?.seq ?? 0;
      adopted = null;
      sessionStorage.setItem(SESSION_KEY, id);
    }
    seq++;
    if (state.history.gestureBase === null) writeLocal(snapshotOf(store, id, seq)); // synchronous: survives a crash
    flush();
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden') writeLocal(snapshotOf(store, id, seq));
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  return {
    id: () => id,
    adopt(next, from) {
      adopted = { id: next, seq: from };
    },
    stop() {
      unsubscribe();
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    },
  };
}
