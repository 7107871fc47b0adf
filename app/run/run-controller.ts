/**
 * Drives the run worker from the UI: owns the worker (restarted on cancel), sends requests tagged
 * with a sequence number so answers about an older document or prompt are dropped, and folds the
 * replies into the run store. Editing the graph re-prepares with the previous session reused and
 * replays as many blocks as had run, so the panel says how many were reused.
 *
 * Replies arrive one per executed block (hundreds during Run all). They are queued and folded into
 * the store once per frame, at most `BLOCKS_PER_FRAME` blocks at a time, so the page re-renders a
 * bounded amount per frame instead of once per block and never freezes on a big graph.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { EditorStore } from '../store/types.ts';
import { activeWeights, type ActiveWeightsStore } from './active-weights.ts';
import type { Backend, GenerateSettings, RunReply, RunRequest } from './protocol.ts';
import type { BlockRecord } from './protocol.ts';
import { currentBlock, EMPTY_DONE, foldBlocks, type RunState, type RunStore } from './run-store.ts';

/** How many executed blocks one frame folds into the store (bounds the work of one render). */
export const BLOCKS_PER_FRAME = 40;

export interface RunController {
  setText(input: string, text: string): void;
  stepForward(): void;
  stepBack(): void;
  runTo(node: string): void;
  runAll(): void;
  reset(): void;
  cancel(): void;
  generate(settings?: Partial<GenerateSettings>): void;
  setBackend(backend: Backend): void;
  dispose(): void;
}

let active: RunController | null = null;
/** The controller of the mounted run panel (for keyboard shortcuts). */
export const activeRunController = (): RunController | null => active;

/** Creates a controller over a worker factory (a real Worker in the app). */
export function createRunController(editor: EditorStore, run: RunStore, makeWorker: () => Worker, debounceMs = 200, weights: ActiveWeightsStore = activeWeights): RunController {
  let worker = makeWorker();
  let seq = 0;
  let preparedSeq = -1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDoc: GraphDocument | null = null;
  const patch = (p: Partial<RunState>) => run.setState(p);

  const send = (request: RunRequest) => worker.postMessage(request);

  /** Replies received but not yet in the store, in arrival order, and the scheduled drain. */
  let queue: RunReply[] = [];
  let frame: { cancel(): void } | null = null;
  const drain = () => {
    frame = null;
    let budget = BLOCKS_PER_FRAME;
    while (queue.length > 0 && budget > 0) {
      const blocks: BlockRecord[] = [];
      let total = 0;
      while (queue[0]?.type === 'block' && blocks.length < budget) {
        const reply = queue.shift() as Extract<RunReply, { type: 'block' }>;
        blocks.push(reply.record);
        total = reply.total;
      }
      if (blocks.length > 0) {
        budget -= blocks.length;
        patch({ ...foldBlocks(run.getState(), blocks, total), phase: 'running' });
      } else apply(queue.shift()!);
    }
    if (queue.length > 0) frame = nextFrame(drain);
  };
  const dropQueued = () => {
    frame?.cancel();
    frame = null;
    queue = [];
  };

  const onReply = (event: MessageEvent<RunReply>) => {
    const reply = event.data;
    if (reply.seq !== seq) return; // about an older document or prompt
    queue.push(reply);
    frame ??= nextFrame(drain);
  };

  /** Folds one reply other than a block into the store. */
  const apply = (reply: RunReply) => {
    const s = run.getState();
    switch (reply.type) {
      case 'prepared': {
        preparedSeq = reply.seq;
        const then = deferred;
        deferred = null;
        if (then) queueMicrotask(then);
        const texts = { ...s.texts };
        for (const input of reply.inputs) texts[input.name] ??= '';
        patch({ inputs: reply.inputs, blocks: reply.blocks, generation: reply.generation, texts, phase: s.progress ? 'running' : 'idle', problems: null });
        break;
      }
      case 'failed':
        patch({ problems: { stage: reply.stage, diagnostics: reply.diagnostics }, phase: 'idle', progress: null, generated: { ...s.generated, running: false } });
        break;
      case 'outputs':
        patch({ outputs: reply.outputs });
        break;
      case 'idle':
        patch({ phase: 'idle', progress: null, lastRun: { reused: reply.reused, ran: reply.ran, backend: reply.backend, millis: reply.millis } });
        break;
      case 'token':
        patch({ generated: { ...s.generated, tokens: [...s.generated.tokens, { ...reply.token, probability: reply.probability, top: reply.top }] } });
        break;
      case 'generated':
        patch({ phase: 'idle', generated: { ...s.generated, running: false, note: reply.note, cached: reply.cached } });
        break;
    }
  };

  const attach = () => worker.addEventListener('message', onReply);
  attach();

  /** Starts a new session for the current document and prompt; replays `replay` blocks. */
  const prepare = (replay: number) => {
    seq++;
    dropQueued();
    lastDoc = editor.getState().doc;
    patch({ records: {}, trace: [], view: -1, done: EMPTY_DONE, outputs: null, edges: {}, phase: 'preparing', progress: replay > 0 ? { done: 0, total: replay } : null, lastRun: null });
    send({ type: 'prepare', seq, doc: lastDoc, texts: run.getState().texts, replay, weights: weights.getState().weights });
  };
  const schedule = (replay: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      prepare(replay);
    }, debounceMs);
  };
  const ready = () => preparedSeq === seq && timer === null;
  /** A step or Run all asked for while the prompt was still being prepared: done once it is. */
  let deferred: (() => void) | null = null;

  /** An opened document's sample prompts (meta.prompts) replace the prompt boxes' texts for those inputs. */
  const takePrompts = (doc: GraphDocument, previous: GraphDocument | null) => {
    const prompts = doc.meta?.prompts;
    if (!prompts || prompts === previous?.meta?.prompts) return;
    patch({ texts: { ...run.getState().texts, ...prompts } });
  };

  const unsubscribe = editor.subscribe((state) => {
    if (state.doc === lastDoc) return;
    takePrompts(state.doc, lastDoc);
    if (state.doc.nodes === lastDoc?.nodes && state.doc.subgraphs === lastDoc.subgraphs && state.doc.weights === lastDoc.weights && state.doc.seed === lastDoc.seed) {
      lastDoc = state.doc; // only positions or the title changed
      return;
    }
    schedule(run.getState().trace.length);
  });

  // A checkpoint picked in the Train panel: rerun what had run, with its weights.
  const unsubscribeWeights = weights.subscribe((now, before) => now.weights !== before.weights && schedule(run.getState().trace.length));

  const controller: RunController = {
    setText(input, text) {
      patch({ texts: { ...run.getState().texts, [input]: text } });
      schedule(0);
    },
    stepForward() {
      if (!run.getState().open) patch({ open: true });
      const s = run.getState();
      if (s.view < s.trace.length - 1) return patch({ view: s.view + 1 });
      if (!ready()) return void (deferred = () => controller.stepForward());
      if (s.phase !== 'idle' || s.problems) return;
      if (s.trace.length >= s.blocks.length && s.blocks.length > 0) return;
      patch({ phase: 'running' });
      send({ type: 'step', seq });
    },
    stepBack() {
      const s = run.getState();
      if (s.view > 0) patch({ view: s.view - 1 });
    },
    runTo(node) {
      if (!run.getState().open) patch({ open: true });
      const s = run.getState();
      const index = s.blocks.findIndex((b) => b.node === node || b.topNode === node);
      // A top-level instance: run to its last block.
      const last = s.blocks.reduce((at, b, i) => (b.topNode === node || b.node === node ? i : at), index);
      const target = s.blocks[last];
      if (!target) return;
      const position = s.trace.indexOf(last);
      if (position >= 0) return patch({ view: position });
      if (!ready()) return;
      patch({ phase: 'running' });
      send({ type: 'run-to', seq, node: target.node });
    },
    runAll() {
      if (!run.getState().open) patch({ open: true });
      if (!ready()) return void (deferred = () => controller.runAll());
      const s = run.getState();
      if (s.backend === 'ort') prepareThen(() => send({ type: 'run-all', seq, backend: 'ort' }));
      else {
        patch({ phase: 'running', progress: { done: s.trace.length, total: s.blocks.length } });
        send({ type: 'run-all', seq, backend: 'cpu' });
      }
    },
    reset() {
      deferred = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      prepare(0);
    },
    cancel() {
      worker.terminate();
      worker = makeWorker();
      attach();
      preparedSeq = -1;
      patch({ generated: { ...run.getState().generated, running: false } });
      prepare(0);
    },
    generate(settings) {
      if (!ready()) return;
      const s = run.getState();
      const merged = { ...s.settings, ...settings };
      patch({ settings: merged, phase: 'generating', tab: 'generate', generated: { tokens: [], note: null, cached: null, running: true } });
      send({ type: 'generate', seq, settings: merged });
    },
    setBackend(backend) {
      patch({ backend });
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      dropQueued();
      unsubscribe();
      unsubscribeWeights();
      worker.terminate();
      if (active === controller) active = null;
    },
  };

  /** ORT runs the whole graph at once: start from a clean trace, then run. */
  function prepareThen(then: () => void) {
    prepare(0);
    patch({ phase: 'running', progress: { done: 0, total: run.getState().blocks.length } });
    then();
  }

  active = controller;
  takePrompts(editor.getState().doc, null);
  prepare(0);
  return controller;
}

/** Calls `fn` at the next frame, or after a short timer where there are no frames (a hidden tab, Node). */
function nextFrame(fn: () => void): { cancel(): void } {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    clearTimeout(timer);
    if (handle !== null) cancelAnimationFrame(handle);
    fn();
  };
  const timer = setTimeout(once, 100);
  const handle = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(once) : null;
  return {
    cancel() {
      called = true;
      clearTimeout(timer);
      if (handle !== null) cancelAnimationFrame(handle);
    },
  };
}

export { currentBlock };
