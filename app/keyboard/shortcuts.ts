/**
 * Keyboard shortcuts: one table, read both by the key handler and by the help overlay (`?`), so
 * the help can never drift from what the keys do.
 */
import type { Commands } from '../commands.ts';
import { activeRunController } from '../run/run-controller.ts';
import { onnxActions } from '../onnx/onnx-actions.ts';

/** A keyboard shortcut and the command it runs. */
export interface Shortcut {
  /** Key combinations, e.g. `Mod+Z` (Mod = Ctrl, or ⌘ on a Mac). */
  readonly keys: readonly string[];
  readonly label: string;
  readonly group: 'File' | 'Edit' | 'Graph' | 'View' | 'Run';
  /** Runs the command; copy/cut/paste go through the clipboard events instead (see `useShortcuts`). */
  readonly run?: (c: Commands) => void;
}

/** Every shortcut, in help-overlay order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Alt+N'], label: 'New graph', group: 'File', run: (c) => c.newDocument() },
  { keys: ['Mod+O'], label: 'Open a .formwork.json or Formwork .onnx file', group: 'File', run: (c) => c.openFilePicker() },
  { keys: ['Mod+S'], label: 'Save (download)', group: 'File', run: (c) => c.save() },
  { keys: ['Mod+Shift+S'], label: 'Save as…', group: 'File', run: (c) => c.showSaveAs() },
  { keys: ['Mod+Shift+E'], label: 'Export ONNX (download)', group: 'File', run: () => onnxActions.exportOnnx() },
  { keys: ['Mod+Z'], label: 'Undo', group: 'Edit', run: (c) => c.undo() },
  { keys: ['Mod+Shift+Z', 'Mod+Y'], label: 'Redo', group: 'Edit', run: (c) => c.redo() },
  { keys: ['Mod+C'], label: 'Copy selected nodes', group: 'Edit' },
  { keys: ['Mod+X'], label: 'Cut', group: 'Edit' },
  { keys: ['Mod+V'], label: 'Paste (at the pointer; also from another tab)', group: 'Edit' },
  { keys: ['Mod+D'], label: 'Duplicate', group: 'Edit', run: (c) => c.duplicate() },
  { keys: ['Delete', 'Backspace'], label: 'Delete selection', group: 'Edit', run: (c) => c.deleteSelection() },
  { keys: ['Mod+A'], label: 'Select all', group: 'Edit', run: (c) => c.selectAll() },
  { keys: ['F2'], label: 'Rename selected node', group: 'Edit', run: (c) => c.rename() },
  { keys: ['/', 'Shift+A'], label: 'Quick-add a block at the pointer', group: 'Graph', run: (c) => c.quickAdd() },
  { keys: ['Mod+G'], label: 'Group selection into a subgraph', group: 'Graph', run: (c) => c.group() },
  { keys: ['Enter'], label: 'Open selected subgraph', group: 'Graph', run: (c) => c.openSelected() },
  { keys: ['Escape'], label: 'Close / deselect / leave subgraph', group: 'Graph', run: (c) => c.escape() },
  { keys: ['Alt+ArrowUp'], label: 'Leave subgraph', group: 'Graph', run: (c) => c.leaveSubgraph() },
  { keys: ['L'], label: 'Auto-layout', group: 'View', run: (c) => void c.autoLayout() },
  { keys: ['F'], label: 'Fit view', group: 'View', run: (c) => c.fitView() },
  { keys: ['=', '+'], label: 'Zoom in', group: 'View', run: (c) => c.zoomIn() },
  { keys: ['-'], label: 'Zoom out', group: 'View', run: (c) => c.zoomOut() },
  { keys: ['T'], label: 'Toggle light / dark theme', group: 'View', run: (c) => c.toggleTheme() },
  { keys: ['?'], label: 'Show this help', group: 'View', run: (c) => c.showHelp() },
  { keys: ['F10'], label: 'Step: run the next block', group: 'Run', run: () => activeRunController()?.stepForward() },
  { keys: ['Shift+F10'], label: 'Step back through the trace', group: 'Run', run: () => activeRunController()?.stepBack() },
  { keys: ['F5'], label: 'Run all', group: 'Run', run: () => activeRunController()?.runAll() },
  { keys: ['Shift+T'], label: 'Train panel: train the graph on a text (open / close)', group: 'Run', run: (c) => c.toggleTrain() },
];

/** Mouse gestures, for the help overlay. */
export const GESTURES: ReadonlyArray<readonly [string, string]> = [
  ['Drag a block from the palette', 'add it to the canvas (or click it to add at the centre)'],
  ['Double-click the canvas', 'quick-add search at that point'],
  ['Drag from an output (right) to an input (left)', 'connect; refused connections say why'],
  ['Drop a connection on empty canvas', 'pick a block to add, already connected'],
  ['Drag on empty canvas', 'box-select'],
  ['Shift/Ctrl + click', 'add to the selection'],
  ['Space + drag, or middle/right-button drag', 'pan'],
  ['Scroll wheel / pinch', 'zoom'],
  ['Double-click a subgraph', 'open it; the breadcrumb leads back out'],
  ['Drop a .formwork.json file on the canvas', 'open it'],
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** `Mod+Shift+Z` for a KeyboardEvent (letters upper-cased; Shift kept only where it matters). */
export function comboOf(e: KeyboardEvent): string {
  const parts: string[] = [];
  if (isMac ? e.metaKey : e.ctrlKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  const symbol = e.key.length === 1 && !/[a-z0-9]/i.test(e.key);
  if (e.shiftKey && !symbol) parts.push('Shift');
  parts.push(key === ' ' ? 'Space' : key);
  return parts.join('+');
}

/** How a combo is shown to the user. */
export function displayCombo(combo: string): string {
  return combo.replace('Mod', isMac ? '⌘' : 'Ctrl').replace('ArrowUp', '↑').replace(/\+(?=.)/g, ' + ');
}

const byCombo = new Map<string, Shortcut>();
for (const s of SHORTCUTS) for (const k of s.keys) byCombo.set(k, s);

/** The shortcut a key event triggers, if any. */
export function shortcutFor(e: KeyboardEvent): Shortcut | undefined {
  return byCombo.get(comboOf(e));
}
