/**
 * The Train panel's state and its worker side, headless: replies fold into the store (other runs
 * ignored, checkpoints bounded, the selection following the latest); the engine runs to the end with
 * batched progress, stops keeping the weights, and recovers from a NaN loss; the controller hands the
 * chosen checkpoint to the Run panel and keeps weights in the graph as one undo step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { readSafetensors } from '../../engine/io/safetensors.ts';
import { createActiveWeights } from '../../app/run/active-weights.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';
import type { TrainReply, TrainRequest, TrainSettings } from '../../app/train/protocol.ts';
import { createTrainController } from '../../app/train/train-controller.ts';
import { TrainEngine } from '../../app/train/train-engine.ts';
import { applyReply, createTrainStore, DEFAULT_TRAIN_SETTINGS, etaMs, initialTrainState, thinCheckpoints, tokensPerSecond, type StoredCheckpoint } from '../../app/train/train-store.ts';

const catalogue = standardCatalogue();
const parsed = parseDocument(readFileSync(new URL('../../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('tiny-gpt');
const doc: GraphDocument = parsed.value;
const corpus = readFileSync(new URL('../../examples/corpora/lighthouse.txt', import.meta.url), 'utf8');
const small: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, steps: 12, batchSize: 2, contextLength: 8, evalEvery: 4, sampleEvery: 6, checkpointEvery: 5, sampleLength: 5 };
const weightsOf = (step: number): ReadonlyMap<string, Tensor> => new Map([['w', { dtype: 'float32', shape: [1], data: new Float32Array([step]) }]]);
const ckpt = (step: number): StoredCheckpoint => ({ step, weights: weightsOf(step) });

describe('train store', () => {
  it('ignores replies of another run and appends batched losses', () => {
    const s = { ...initialTrainState(), run: 2 };
    expect(applyReply(s, { type: 'state', run: 1, state: 'done' })).toEqual({});
    const p = applyReply(s, { type: 'progress', run: 2, train: [{ step: 1, loss: 4 }, { step: 2, loss: 3.5 }], validation: [{ step: 2, loss: 3.6 }], step: 2, elapsedMs: 500, tokens: 64 });
    expect(p.train).toHaveLength(2);
    expect(p.validation).toEqual([{ step: 2, loss: 3.6 }]);
    const next = { ...s, ...p, settings: { ...s.settings, steps: 10 } };
    expect(tokensPerSecond(next)).toBe(128);
    expect(etaMs(next)).toBe(2000);
  });

  it('follows the latest checkpoint until the user picks another, and reports failures with their step', () => {
    let s = { ...initialTrainState(), run: 1 };
    s = { ...s, ...applyReply(s, { type: 'checkpoint', run: 1, step: 0, weights: weightsOf(0) }) };
    s = { ...s, ...applyReply(s, { type: 'checkpoint', run: 1, step: 5, weights: weightsOf(5) }) };
    expect(s.selectedStep).toBe(5);
    s = { ...s, selectedStep: 0, followLatest: false };
    s = { ...s, ...applyReply(s, { type: 'checkpoint', run: 1, step: 10, weights: weightsOf(10) }) };
    expect(s.selectedStep).toBe(0);
    expect(s.checkpoints.map((c) => c.step)).toEqual([0, 5, 10]);
    const failed = applyReply(s, { type: 'failed', run: 1, step: 7, diagnostics: [{ code: 'FW063', severity: 'error', message: 'NaN' }] });
    expect(failed).toMatchObject({ status: 'failed', problems: { step: 7 } });
  });

  it('keeps at most the allowed number of checkpoints, always the first and the last', () => {
    const thinned = thinCheckpoints(Array.from({ length: 101 }, (_, i) => ckpt(i * 10)), 40);
    expect(thinned.length).toBeLessThanOrEqual(40);
    expect(thinned[0]!.step).toBe(0);
    expect(thinned.at(-1)!.step).toBe(1000);
    expect(new Set(thinned.map((c) => c.step)).size).toBe(thinned.length);
  });
});

/** Runs an engine with instant timing, collecting its replies. */
function engine() {
  const replies: TrainReply[] = [];
  const e = new TrainEngine(catalogue, (r) => replies.push(r), { sliceMs: 5, progressMs: 0, now: () => performance.now(), yieldToMessages: () => new Promise((r) => setTimeout(r, 0)) });
  const of = <T extends TrainReply['type']>(type: T) => replies.filter((r): r is Extract<TrainReply, { type: T }> => r.type === type);
  return { e, replies, of };
}
const start = (run: number, settings: TrainSettings, text = corpus): TrainRequest => ({ type: 'start', run, doc, corpus: text, settings, weights: null });

describe('TrainEngine', () => {
  it('trains to the end: every loss reported once, validation, samples and checkpoints on their steps', async () => {
    const { e, of } = engine();
    await e.handle(start(1, small));
    const train = of('progress').flatMap((p) => p.train);
    expect(train.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(of('progress').flatMap((p) => p.validation).map((p) => p.step)).toEqual([0, 4, 8, 12]);
    expect(of('sample').map((s) => s.step)).toEqual([0, 6, 12]);
    expect(of('checkpoint').map((c) => c.step)).toEqual([0, 5, 10, 12]);
    expect(of('state').at(-1)!.state).toBe('done');
    expect(of('started')[0]!.parameterCount).toBe(18_880);
  });

  it('stops when asked, posting the weights reached as a last checkpoint', async () => {
    const { e, of } = engine();
    const running = e.handle(start(1, { ...small, steps: 10_000 }));
    await new Promise((r) => setTimeout(r, 50));
    await e.handle({ type: 'stop', run: 1 });
    await running;
    const last = of('checkpoint').at(-1)!;
    expect(of('state').at(-1)!.state).toBe('stopped');
    expect(last.step).toBe(of('progress').at(-1)!.step);
    expect(last.step).toBeGreaterThan(0);
  });

  it('names the corpus problem when the text cannot be encoded', async () => {
    const { e, of } = engine();
    await e.handle(start(3, small, `${corpus}\nthe end — really`));
    expect(of('failed')[0]).toMatchObject({ run: 3, step: null });
    expect(of('failed')[0]!.diagnostics[0]!.message).toContain(`corpus line ${corpus.split('\n').length + 1}`);
    expect(of('failed')[0]!.diagnostics[0]!.message).toContain('"—"');
  });

  it('stops on a NaN loss, says at which step, and keeps the last good checkpoint', async () => {
    const { e, of } = engine();
    await e.handle(start(1, { ...small, steps: 40, learningRate: 1e30, warmupSteps: 0, checkpointEvery: 1, evalEvery: 100, sampleEvery: 100 }));
    const failed = of('failed')[0]!;
    expect(failed.diagnostics[0]!.message).toMatch(new RegExp(`loss became (NaN|Infinity) at step ${failed.step}`));
    const good = of('checkpoint').at(-1)!;
    expect(good.step).toBe(failed.step! - 1);
    expect([...good.weights.values()].every((t) => t.data.every(Number.isFinite))).toBe(true);
  });
});

/** A worker stand-in: records requests, lets the test post replies. */
function fakeWorker() {
  const sent: TrainRequest[] = [];
  let listener: ((e: MessageEvent<TrainReply>) => void) | null = null;
  const worker = {
    postMessage: (r: TrainRequest) => sent.push(r),
    addEventListener: (_: string, l: (e: MessageEvent<TrainReply>) => void) => (listener = l),
    terminate: () => {},
  } as unknown as Worker;
  return { worker, sent, reply: (r: TrainReply) => listener?.({ data: r } as MessageEvent<TrainReply>) };
}

describe('train controller', () => {
  const setup = (embedLimit?: number) => {
    const editor = createEditorStore(catalogue, doc);
    const train = createTrainStore();
    const weights = createActiveWeights();
    const fake = fakeWorker();
    const downloads: { data: Uint8Array; name: string }[] = [];
    const c = createTrainController(editor, train, () => fake.worker, { weights, download: (data, name) => downloads.push({ data, name }), ...(embedLimit !== undefined ? { embedLimit } : {}) });
    return { editor, train, weights, fake, downloads, c };
  };
  const planWeights = (value: number): ReadonlyMap<string, Tensor> => new Map([['embed.table', { dtype: 'float32', shape: [64, 32], data: new Float32Array(64 * 32).fill(value) }]]);

  it('asks for a text first, then starts a run with the Run panel’s current weights', () => {
    const { train, weights, fake, c } = setup();
    c.start();
    expect(train.getState().problems?.diagnostics[0]!.message).toMatch(/choose, drop or paste/);
    expect(fake.sent).toHaveLength(0);
    c.setCorpus({ name: 'x.txt', text: corpus });
    weights.setState({ weights: planWeights(0.5), label: 'kept' });
    c.start();
    expect(fake.sent[0]).toMatchObject({ type: 'start', run: 1, corpus, weights: planWeights(0.5) });
    expect(train.getState().status).toBe('starting');
  });

  it('hands the chosen checkpoint to the Run panel (the latest once paused), and the document’s weights when none is chosen', () => {
    const { train, weights, fake, c } = setup();
    c.setCorpus({ name: 'x.txt', text: corpus });
    c.start();
    fake.reply({ type: 'checkpoint', run: 1, step: 0, weights: planWeights(0) });
    fake.reply({ type: 'checkpoint', run: 1, step: 50, weights: planWeights(1) });
    expect(weights.getState().weights).toBeNull(); // following the latest waits for the run to pause or end
    fake.reply({ type: 'state', run: 1, state: 'paused' });
    expect(weights.getState()).toMatchObject({ weights: planWeights(1), label: 'checkpoint at step 50' });
    c.selectCheckpoint(0);
    expect(weights.getState().weights).toEqual(planWeights(0));
    expect(train.getState().followLatest).toBe(false);
    c.selectCheckpoint(null);
    expect(weights.getState().weights).toBeNull();
  });

  it('keeps small weights inside the document as one undoable edit', () => {
    const { editor, train, weights, fake, c } = setup();
    c.setCorpus({ name: 'x.txt', text: corpus });
    c.start();
    fake.reply({ type: 'checkpoint', run: 1, step: 10, weights: planWeights(0.25) });
    fake.reply({ type: 'state', run: 1, state: 'done' });
    expect(c.keepWeights()).toMatch(/step 10/);
    const kept = editor.getState().doc.weights?.['embed.table'];
    expect(kept?.shape).toEqual([64, 32]);
    expect(kept?.data.every((v) => v === 0.25)).toBe(true);
    expect(weights.getState().weights).toBeNull(); // the document holds them now
    expect(train.getState().selectedStep).toBeNull();
    editor.getState().undo();
    expect(editor.getState().doc.weights).toBeUndefined();
  });

  it('keeps large weights as a .safetensors download linked from the document', () => {
    const { editor, fake, downloads, c } = setup(100);
    c.setCorpus({ name: 'x.txt', text: corpus });
    c.start();
    fake.reply({ type: 'checkpoint', run: 1, step: 30, weights: planWeights(0.5) });
    c.keepWeights();
    expect(downloads[0]!.name).toBe('Tiny GPT (character-level decoder).safetensors');
    const read = readSafetensors(downloads[0]!.data);
    expect(read.ok && read.value.get('embed.table')!.data[5]).toBe(0.5);
    expect(editor.getState().doc.weightsFile).toBe(downloads[0]!.name);
    editor.getState().undo();
    expect(editor.getState().doc.weightsFile).toBeUndefined();
  });
});
