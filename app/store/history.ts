/**
 * Undo/redo as a stack of documents. Edits are immutable, so keeping whole documents is cheap
 * (unchanged parts are shared). One user action is one step: a gesture (a drag) collects all its
 * intermediate documents into one step, and consecutive edits with the same coalescing key within a
 * short time (typing digits into one field) merge into one.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';

/** Undo/redo state. */
export interface History {
  readonly past: readonly GraphDocument[];
  readonly future: readonly GraphDocument[];
  /** Key and time of the last edit, for coalescing. */
  readonly last: { readonly key: string; readonly at: number } | null;
  /** The document before the current gesture started, while one is in progress. */
  readonly gestureBase: GraphDocument | null;
}

/** How many steps are kept. */
export const HISTORY_LIMIT = 200;
/** Edits with the same key closer together than this merge into one step. */
export const COALESCE_MS = 1200;

/** A history with nothing to undo or redo. */
export const emptyHistory: History = { past: [], future: [], last: null, gestureBase: null };

/**
 * Records that `before` became the current document through an edit. Returns the new history.
 * Inside a gesture nothing is pushed until the gesture ends.
 */
export function record(history: History, before: GraphDocument, key: string | undefined, now: number): History {
  if (history.gestureBase !== null) return { ...history, future: [] };
  const coalesce = key !== undefined && history.last?.key === key && now - history.last.at < COALESCE_MS;
  const past = coalesce ? history.past : [...history.past, before].slice(-HISTORY_LIMIT);
  return { past, future: [], last: key !== undefined ? { key, at: now } : null, gestureBase: null };
}

/** Starts a gesture at document `current`. */
export function beginGesture(history: History, current: GraphDocument): History {
  return history.gestureBase !== null ? history : { ...history, gestureBase: current };
}

/** Ends a gesture: one step if the document changed during it. */
export function endGesture(history: History, current: GraphDocument): History {
  const base = history.gestureBase;
  if (base === null) return history;
  if (base === current) return { ...history, gestureBase: null };
  return { past: [...history.past, base].slice(-HISTORY_LIMIT), future: [], last: null, gestureBase: null };
}

/** Steps back: returns the document to show and the new history, or null when there is nothing to undo. */
export function undo(history: History, current: GraphDocument): { doc: GraphDocument; history: History } | null {
  const settled = endGesture(history, current);
  const doc = settled.past[settled.past.length - 1];
  if (doc === undefined) return null;
  return { doc, history: { past: settled.past.slice(0, -1), future: [current, ...settled.future], last: null, gestureBase: null } };
}

/** Steps forward again. */
export function redo(history: History, current: GraphDocument): { doc: GraphDocument; history: History } | null {
  const doc = history.future[0];
  if (doc === undefined) return null;
  return { doc, history: { past: [...history.past, current], future: history.future.slice(1), last: null, gestureBase: null } };
}
