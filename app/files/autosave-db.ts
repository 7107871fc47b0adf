/**
 * The IndexedDB side of autosave: database `formwork`, one record per document id in the
 * `documents` store. Version 1 kept a single record (`autosave`/`current`); it is read once as
 * `LEGACY_KEY` so nothing saved by an older editor is lost.
 */
const DB_NAME = 'formwork';
const VERSION = 2;
const DOCUMENTS = 'documents';
const LEGACY_STORE = 'autosave';
/** The id under which the single record of the old format is returned by `idbGetAll`. */
export const LEGACY_KEY = '\u0000legacy';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(DOCUMENTS)) db.createObjectStore(DOCUMENTS);
      if (!db.objectStoreNames.contains(LEGACY_STORE)) db.createObjectStore(LEGACY_STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;
const db = () => (dbPromise ??= openDb());

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every stored document by id (plus the old single record under `LEGACY_KEY`). */
export async function idbGetAll(): Promise<Map<string, unknown>> {
  const database = await db();
  const tx = database.transaction([DOCUMENTS, LEGACY_STORE], 'readonly');
  const [keys, values, legacy] = await Promise.all([
    done(tx.objectStore(DOCUMENTS).getAllKeys()),
    done(tx.objectStore(DOCUMENTS).getAll()),
    done(tx.objectStore(LEGACY_STORE).get('current')),
  ]);
  const out = new Map<string, unknown>();
  keys.forEach((k, i) => {
    if (typeof k === 'string') out.set(k, values[i]);
  });
  if (legacy !== undefined) out.set(LEGACY_KEY, legacy);
  return out;
}

/** One stored document. */
export async function idbGet(id: string): Promise<unknown> {
  const database = await db();
  return done(database.transaction(DOCUMENTS, 'readonly').objectStore(DOCUMENTS).get(id));
}

function write(mode: (store: IDBObjectStore) => void): Promise<void> {
  return db().then(
    (database) =>
      new Promise((resolve, reject) => {
        const tx = database.transaction(DOCUMENTS, 'readwrite');
        mode(tx.objectStore(DOCUMENTS));
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

/** Stores a document under its id. */
export const idbPut = (id: string, value: unknown): Promise<void> => write((store) => store.put(value, id));

/** Deletes a stored document. */
export const idbDelete = (id: string): Promise<void> => write((store) => store.delete(id));
