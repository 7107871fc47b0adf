/**
 * Autosave: every edit is persisted locally (IndexedDB, with localStorage as a fallback and as a
 * synchronous last write when the tab is hidden or closed), so reloading or a crash restores the
 * document and the open subgraph exactly.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import type { EditorStore } from '../store/types.ts';

/** What is persisted. */
export interface Snapshot {
  readonly doc: GraphDocument;
  readonly openPath: readonly string[];
  /** Unsaved changes relative to the last Save/Open. */
  readonly dirty: boolean;
  readonly at: number;
}

const DB_NAME = 'formwork';
const STORE_NAME = 'autosave';
const KEY = 'current';
const LOCAL_KEY = 'formwork.autosave';
const LOCAL_LIMIT = 2_000_000;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;
const db = () => (dbPromise ??= openDb());

async function idbGet(): Promise<unknown> {
  const database = await db();
  return new Promise((resolve, reject) => {
    const request = database.transaction(STORE_NAME, 'readonly').objectStore(STORE_NAME).get(KEY);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function idbPut(value: unknown): Promise<void> {
  const database = await db();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(STORE_NAME, 'readwrite');
    tx.objectStore(STORE_NAME).put(value, KEY);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

/** Checks a stored value (it may come from an older Formwork). */
function asSnapshot(raw: unknown): Snapshot | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const checked = validateDocument(r.doc);
  if (!checked.ok) return null;
  const openPath = Array.isArray(r.openPath) ? r.openPath.filter((s): s is string => typeof s === 'string') : [];
  return { doc: checked.value, openPath, dirty: r.dirty === true, at: typeof r.at === 'number' ? r.at : 0 };
}

/** The last autosaved state, or null. Takes the newer of the IndexedDB and localStorage copies. */
export async function loadSnapshot(): Promise<Snapshot | null> {
  let fromDb: Snapshot | null = null;
  try {
    fromDb = asSnapshot(await idbGet());
  } catch {
    // IndexedDB unavailable (private mode, blocked): fall back to localStorage.
  }
  let fromLocal: Snapshot | null = null;
  try {
    const text = localStorage.getItem(LOCAL_KEY);
    fromLocal = text ? asSnapshot(JSON.parse(text)) : null;
  } catch {
    fromLocal = null;
  }
  if (fromDb && fromLocal) return fromLocal.at > fromDb.at ? fromLocal : fromDb;
  return fromDb ?? fromLocal;
}

function snapshotOf(store: EditorStore): Snapshot {
  const s = store.getState();
  return { doc: s.doc, openPath: s.ui.openPath, dirty: s.doc !== s.savedDoc, at: Date.now() };
}

function writeLocal(snapshot: Snapshot): void {
  try {
    const text = JSON.stringify(snapshot);
    if (text.length <= LOCAL_LIMIT) localStorage.setItem(LOCAL_KEY, text);
    else localStorage.removeItem(LOCAL_KEY);
  } catch {
    // Quota exceeded: IndexedDB still has it.
  }
}

/**
 * Persists the store's document and open subgraph after every change (debounced by `delayMs`),
 * and synchronously when the page is hidden. Returns a function that stops it. `onSaved` reports
 * each completed write.
 */
export function startAutosave(store: EditorStore, onSaved: (at: number) => void = () => {}, delayMs = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const snapshot = snapshotOf(store);
    idbPut(snapshot).then(
      () => onSaved(snapshot.at),
      () => writeLocal(snapshot),
    );
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc === previous.doc && state.ui.openPath === previous.ui.openPath && state.savedDoc === previous.savedDoc) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden' || timer !== null) {
      writeLocal(snapshotOf(store));
      if (timer !== null) {
        clearTimeout(timer);
        flush();
      }
    }
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onHide);
  };
}
