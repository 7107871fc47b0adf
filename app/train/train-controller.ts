/**
 * Drives the train worker from the UI: starts a run (tagged with a run number so replies from an older
 * run are dropped), pauses, resumes and stops it, folds the worker's batched replies into the train
 * store, hands the chosen checkpoint's weights to the Run panel (active-weights.ts), and keeps weights
 * in the document as one undoable edit.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { writeSafetensors } from '../../engine/io/safetensors.ts';
import { downloadFile, fileNameFor } from '../files/file-io.ts';
import { activeWeights, type ActiveWeightsStore } from '../run/active-weights.ts';
import type { EditorStore } from '../store/types.ts';
import type { TrainReply, TrainRequest, TrainSettings } from './protocol.ts';
import { applyReply, initialTrainState, selectedCheckpoint, type Corpus, type StoredCheckpoint, type TrainState, type TrainStore } from './train-store.ts';

/** Models with at most this many weights are kept inside the document; larger ones go to a .safetensors file. */
export const EMBED_LIMIT = 250_000;

export interface TrainController {
  setCorpus(corpus: Corpus): void;
  setSettings(patch: Partial<TrainSettings>): void;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Uses a checkpoint's weights in the Run panel (null: the document's own). */
  selectCheckpoint(step: number | null): void;
  /** Stores the selected checkpoint's weights in the graph (one undo step); returns what it did. */
  keepWeights(): string | null;
  dispose(): void;
}

/** Options for tests. */
export interface TrainControllerOptions {
  readonly weights?: ActiveWeightsStore;
  readonly download?: (data: Uint8Array, name: string) => void;
  readonly embedLimit?: number;
}

/** Creates a controller over a worker factory (a real Worker in the app); the worker starts on first use. */
export function createTrainController(editor: EditorStore, train: TrainStore, makeWorker: () => Worker, options: TrainControllerOptions = {}): TrainController {
  const weights = options.weights ?? activeWeights;
  const download = options.download ?? ((data, name) => downloadFile(data, name, 'application/octet-stream'));
  const embedLimit = options.embedLimit ?? EMBED_LIMIT;
  let worker: Worker | null = null;
  let trainedDoc: GraphDocument | null = null;
  const s = () => train.getState();

  const onReply = (event: MessageEvent<TrainReply>) => {
    const patch = applyReply(s(), event.data);
    if (Object.keys(patch).length > 0) train.setState(patch);
  };
  const send = (request: TrainRequest, transfer: Transferable[] = []) => {
    if (!worker) {
      worker = makeWorker();
      worker.addEventListener('message', onReply);
    }
    worker.postMessage(request, transfer);
  };

  // The Run panel follows the selected checkpoint — but not every new one while training runs (each change
  // re-prepares the Run panel and redraws the canvas): following the latest applies when the run pauses or ends.
  let applied: StoredCheckpoint | null = null;
  const wanted = (st: TrainState): StoredCheckpoint | null | undefined =>
    st.followLatest && (st.status === 'running' || st.status === 'starting') ? undefined : selectedCheckpoint(st);
  const unsubscribeTrain = train.subscribe((now) => {
    const c = wanted(now);
    if (c === undefined || c === applied) return;
    applied = c;
    weights.setState(c ? { weights: c.weights, label: `checkpoint at step ${c.step}` } : { weights: null, label: null });
  });

  // Checkpoints belong to the graph they were trained on: a structural edit lets the Run panel go back to the document's weights.
  const unsubscribeEditor = editor.subscribe((state) => {
    if (!trainedDoc || (state.doc.nodes === trainedDoc.nodes && state.doc.subgraphs === trainedDoc.subgraphs)) return;
    trainedDoc = null;
    if (s().selectedStep !== null) train.setState({ selectedStep: null, followLatest: false });
  });

  return {
    setCorpus(corpus) {
      train.setState({ corpus, problems: null });
    },
    setSettings(patch) {
      train.setState({ settings: { ...s().settings, ...patch } });
    },
    start() {
      const { corpus, settings, status } = s();
      if (status === 'running' || status === 'starting' || status === 'paused') return;
      if (!corpus || corpus.text.trim() === '') {
        train.setState({ problems: { step: null, diagnostics: [{ code: 'FW062', severity: 'error', message: 'choose, drop or paste a text to train on first' }] } });
        return;
      }
      const run = s().run + 1;
      const start = weights.getState().weights;
      trainedDoc = editor.getState().doc;
      const fresh = initialTrainState();
      train.setState({ ...fresh, open: true, corpus, settings, run, status: 'starting', followLatest: true });
      send({ type: 'start', run, doc: trainedDoc, corpus: corpus.text, settings, weights: start });
    },
    pause() {
      if (s().status === 'running') send({ type: 'pause', run: s().run });
    },
    resume() {
      if (s().status === 'paused') send({ type: 'resume', run: s().run });
    },
    stop() {
      if (s().status === 'running' || s().status === 'paused') send({ type: 'stop', run: s().run });
    },
    selectCheckpoint(step) {
      train.setState({ selectedStep: step, followLatest: false }); // a choice pins it: new checkpoints do not move it
    },
    keepWeights() {
      const c = selectedCheckpoint(s()) ?? s().checkpoints.at(-1);
      if (!c) return null;
      const count = [...c.weights.values()].reduce((n, t) => n + t.data.length, 0);
      const ed = editor.getState();
      if (count <= embedLimit) {
        const embedded = Object.fromEntries([...c.weights].map(([name, t]) => [name, { shape: [...t.shape], data: Array.from(t.data) }]));
        ed.edit((doc) => ({ ...doc, weights: { ...doc.weights, ...embedded } }));
        train.setState({ selectedStep: null, followLatest: false }); // the document now holds them
        const text = `Kept the weights of step ${c.step} in the graph (${count.toLocaleString('en')} numbers) — Ctrl+Z undoes it`;
        ed.toast(text);
        return text;
      }
      const name = fileNameFor(ed.doc).replace(/\.formwork\.json$/, '') + '.safetensors';
      download(writeSafetensors(c.weights as ReadonlyMap<string, Tensor>), name);
      ed.edit((doc) => ({ ...withoutNames(doc, c.weights), weightsFile: name }));
      const text = `Saved the weights of step ${c.step} as ${name} (keep it beside the graph file) — Ctrl+Z undoes the link`;
      ed.toast(text);
      return text;
    },
    dispose() {
      unsubscribeTrain();
      unsubscribeEditor();
      worker?.terminate();
      worker = null;
    },
  };
}

/** The document without explicit weights for `names` (they would override the file). */
function withoutNames(doc: GraphDocument, names: ReadonlyMap<string, unknown>): GraphDocument {
  if (!doc.weights) return doc;
  return { ...doc, weights: Object.fromEntries(Object.entries(doc.weights).filter(([name]) => !names.has(name))) };
}
