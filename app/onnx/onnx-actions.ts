/**
 * The editor's ONNX commands: Export ONNX (compile + export in a worker, download `<title>.onnx`), opening
 * `.onnx` files (only Formwork exports), and the Compare view's runs (CPU vs onnxruntime-web in a worker).
 * State the toolbar and the Compare panel draw lives in `onnxUi`, a small store of its own.
 */
import { createStore } from 'zustand/vanilla';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { ParityReport } from '../../engine/onnx/parity.ts';
import type { Commands } from '../commands.ts';
import { downloadFile } from '../files/file-io.ts';
import type { EditorStore, NodeMark } from '../store/types.ts';
import type { CompareDevice, CompareReply, OrtInfo } from './compare-protocol.ts';
import { overToleranceMarks, resolveNodePath } from './node-path.ts';
import { documentTextFromOnnx, formatBytes, isOnnxFileName, onnxFileNameFor } from './open-onnx.ts';

/** What the ONNX UI shows. */
export interface OnnxUiState {
  /** Export in progress: its phase. */
  readonly exporting: string | null;
  readonly lastExport: { readonly name: string; readonly size: number } | null;
  /** Problems of the last export (shown in a dialog until dismissed). */
  readonly exportErrors: readonly Diagnostic[] | null;
  readonly compareOpen: boolean;
  readonly prompt: string;
  /** max |Δ| allowed per tensor. */
  readonly tolerance: number;
  readonly comparing: string | null;
  readonly report: ParityReport | null;
  readonly reportDevice: CompareDevice | null;
  readonly reportMs: number;
  readonly compareErrors: readonly Diagnostic[] | null;
  readonly ortInfo: OrtInfo | null;
  /** null until checked; then whether `navigator.gpu` gave an adapter. */
  readonly webgpu: boolean | null;
}

/** The ONNX UI store (one per page). */
export const onnxUi = createStore<OnnxUiState>()(() => ({
  exporting: null,
  lastExport: null,
  exportErrors: null,
  compareOpen: false,
  prompt: 'hello world',
  tolerance: 1e-4,
  comparing: null,
  report: null,
  reportDevice: null,
  reportMs: 0,
  compareErrors: null,
  ortInfo: null,
  webgpu: null,
}));

/** Replaces the canvas marks of one kind, keeping the others. */
export function replaceMarks(store: EditorStore, kind: NodeMark, keys: readonly string[]): void {
  const current = store.getState().ui.marks;
  const kept = Object.fromEntries(Object.entries(current).filter(([, m]) => m !== kind));
  const next: Record<string, NodeMark> = { ...kept };
  for (const k of keys) next[k] = kind;
  if (Object.keys(current).length === 0 && keys.length === 0) return;
  store.getState().setMarks(next);
}

/** The ONNX commands over one editor store. */
export function createOnnxActions(store: EditorStore, commands: Commands) {
  const s = () => store.getState();
  let exportWorker: Worker | null = null;
  let compareWorker: Worker | null = null;
  let nextId = 1;
  let compareDoc: unknown = null;

  const compare = (): Worker => {
    if (compareWorker) return compareWorker;
    compareWorker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module', name: 'formwork-compare' });
    compareWorker.addEventListener('message', (event: MessageEvent<CompareReply>) => {
      const r = event.data;
      if ('phase' in r) return onnxUi.setState({ comparing: r.phase });
      onnxUi.setState({ ortInfo: r.info });
      if ('report' in r) {
        onnxUi.setState({ comparing: null, report: r.report, reportDevice: r.device, reportMs: r.ms, compareErrors: null });
        const first = r.report.firstOverTolerance;
        const doc = s().doc;
        replaceMarks(store, 'over', first && doc === compareDoc ? overToleranceMarks(doc, first.node) : []);
      } else if ('diagnostics' in r) {
        onnxUi.setState({ comparing: null, report: null, compareErrors: r.diagnostics });
        replaceMarks(store, 'over', []);
      }
    });
    return compareWorker;
  };

  const actions = {
    /** Compiles and exports the current document in a worker, then downloads `<title>.onnx`. */
    exportOnnx() {
      if (onnxUi.getState().exporting) return;
      const doc = s().doc;
      const name = onnxFileNameFor(doc);
      const id = nextId++;
      exportWorker ??= new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'formwork-export' });
      const worker = exportWorker;
      const started = performance.now();
      onnxUi.setState({ exporting: 'starting', exportErrors: null });
      const onMessage = (event: MessageEvent<{ id: number; phase?: string; bytes?: Uint8Array; diagnostics?: readonly Diagnostic[] }>) => {
        const r = event.data;
        if (r.id !== id) return;
        if (r.phase) return onnxUi.setState({ exporting: r.phase });
        worker.removeEventListener('message', onMessage);
        if (r.bytes) {
          downloadFile(r.bytes, name, 'application/octet-stream');
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          onnxUi.setState({ exporting: null, lastExport: { name, size: r.bytes.byteLength } });
          s().toast(`Exported ${name} · ${formatBytes(r.bytes.byteLength)} in ${seconds} s`);
        } else {
          onnxUi.setState({ exporting: null, exportErrors: r.diagnostics ?? [] });
        }
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage({ id, doc });
    },
    dismissExportErrors: () => onnxUi.setState({ exportErrors: null }),

    /** Opens a `.onnx` file: a Formwork export gives back its document; anything else explains why not. */
    async openOnnxFile(file: File) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const text = documentTextFromOnnx(bytes);
      if (!text.ok) {
        s().setOverlay({ kind: 'open-error', fileName: file.name, diagnostics: text.diagnostics });
        return;
      }
      commands.openText(text.value, file.name);
    },

    toggleCompare() {
      const open = !onnxUi.getState().compareOpen;
      onnxUi.setState({ compareOpen: open });
      if (!open) return replaceMarks(store, 'over', []);
      compare().postMessage({ id: nextId++, doc: s().doc, text: '', device: 'wasm', infoOnly: true });
      if (onnxUi.getState().webgpu === null) {
        const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
        if (!gpu) onnxUi.setState({ webgpu: false });
        else gpu.requestAdapter().then((a) => onnxUi.setState({ webgpu: a != null }), () => onnxUi.setState({ webgpu: false }));
      }
    },
    setPrompt: (prompt: string) => onnxUi.setState({ prompt }),
    setTolerance: (tolerance: number) => onnxUi.setState({ tolerance }),

    /** Runs the current document on both backends and lists max |Δ| per block. */
    runCompare(device: CompareDevice = 'wasm') {
      if (onnxUi.getState().comparing) return;
      compareDoc = s().doc;
      onnxUi.setState({ comparing: 'starting', compareErrors: null });
      compare().postMessage({ id: nextId++, doc: s().doc, text: onnxUi.getState().prompt, device, tolerance: onnxUi.getState().tolerance });
    },

    /** Selects (and opens the scope of) the canvas node behind a compared block. */
    revealBlock(nodePath: string) {
      const chain = resolveNodePath(s().doc, nodePath);
      const last = chain[chain.length - 1];
      if (last) s().reveal(last.scope, last.id);
    },

    dispose() {
      exportWorker?.terminate();
      compareWorker?.terminate();
      exportWorker = compareWorker = null;
    },
  };

  /** `.onnx` files go through openOnnxFile; everything else through the editor's own open. */
  const openFile = commands.openFile;
  commands.openFile = async (file: File) => (isOnnxFileName(file.name) ? actions.openOnnxFile(file) : openFile(file));

  // A document change makes an old report stale: drop its canvas highlight.
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc !== previous.doc && compareDoc !== null && state.doc !== compareDoc) {
      compareDoc = null;
      replaceMarks(store, 'over', []);
    }
  });
  return { ...actions, dispose: () => (unsubscribe(), actions.dispose()) };
}

/** The ONNX commands of one editor. */
export type OnnxActions = ReturnType<typeof createOnnxActions>;

let bound: OnnxActions | null = null;

/** Makes `actions` the ones the toolbar and shortcuts reach; returns an unbind. */
export function bindOnnxActions(actions: OnnxActions): () => void {
  bound = actions;
  return () => {
    if (bound === actions) bound = null;
  };
}

/** The bound ONNX commands (no-ops before the editor mounts). */
export const onnxActions = {
  exportOnnx: () => bound?.exportOnnx(),
  toggleCompare: () => bound?.toggleCompare(),
  get current(): OnnxActions | null {
    return bound;
  },
};
