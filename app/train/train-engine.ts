/**
 * What the train worker does, as a plain class so it can be tested without a worker: build a training
 * loop (training-loop.ts), take steps in short slices so pause/stop messages get in between, and post
 * batched progress, samples and checkpoints. A NaN loss stops the run and puts the last good
 * checkpoint's weights back; stopping posts the current weights as a final checkpoint, so nothing
 * trained is lost.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { LossPoint, TrainReply, TrainRequest, TrainSettings } from './protocol.ts';
import { createTrainingLoop, type Checkpoint, type TrainingLoop } from './training-loop.ts';

/** Posts a reply, transferring the buffers listed. */
export type Post = (reply: TrainReply, transfer: Transferable[]) => void;

/** Timing knobs (tests make them instant). */
export interface EngineTiming {
  /** Longest stretch of steps before yielding to the message queue. */
  readonly sliceMs: number;
  /** Least time between two progress messages. */
  readonly progressMs: number;
  readonly now: () => number;
  /** Lets queued messages (pause, stop) run. */
  readonly yieldToMessages: () => Promise<void>;
}

export const DEFAULT_TIMING: EngineTiming = {
  sliceMs: 40,
  progressMs: 500,
  now: () => performance.now(),
  yieldToMessages: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

interface Run {
  readonly id: number;
  readonly loop: TrainingLoop;
  readonly settings: TrainSettings;
  state: 'running' | 'paused' | 'done' | 'stopped' | 'failed';
  step: number;
  tokens: number;
  elapsedMs: number;
  lastGood: Checkpoint;
  pendingTrain: LossPoint[];
  pendingValidation: LossPoint[];
  lastPost: number;
  looping: boolean;
}

/** The engine side of the Train panel. */
export class TrainEngine {
  private run: Run | null = null;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly post: Post,
    private readonly timing: EngineTiming = DEFAULT_TIMING,
  ) {}

  async handle(request: TrainRequest): Promise<void> {
    if (request.type === 'start') return this.start(request);
    const run = this.run;
    if (!run || run.id !== request.run) return;
    if (request.type === 'pause' && run.state === 'running') {
      run.state = 'paused';
      this.flush(run);
      this.post({ type: 'state', run: run.id, state: 'paused' }, []);
    } else if (request.type === 'resume' && run.state === 'paused') {
      run.state = 'running';
      this.post({ type: 'state', run: run.id, state: 'running' }, []);
      await this.loop(run);
    } else if (request.type === 'stop' && (run.state === 'running' || run.state === 'paused')) {
      run.state = 'stopped';
      this.finish(run, 'stopped');
    }
  }

  private start(request: Extract<TrainRequest, { type: 'start' }>): Promise<void> {
    if (this.run && (this.run.state === 'running' || this.run.state === 'paused')) this.run.state = 'stopped';
    const built = createTrainingLoop(request.doc, this.catalogue, request.corpus, request.settings, request.weights ?? undefined);
    if (!built.ok) {
      this.post({ type: 'failed', run: request.run, step: null, diagnostics: built.diagnostics }, []);
      return Promise.resolve();
    }
    const loop = built.value;
    const first = loop.snapshot();
    const run: Run = {
      id: request.run,
      loop,
      settings: request.settings,
      state: 'running',
      step: 0,
      tokens: 0,
      elapsedMs: 0,
      lastGood: first,
      pendingTrain: [],
      pendingValidation: [{ step: 0, loss: loop.evaluate() }],
      lastPost: this.timing.now(),
      looping: false,
    };
    this.run = run;
    this.post({ type: 'started', run: run.id, parameterCount: loop.parameterCount, trainTokens: loop.trainTokens, validationTokens: loop.validationTokens }, []);
    this.postCheckpoint(run, first);
    this.postSample(run);
    this.flush(run);
    this.post({ type: 'state', run: run.id, state: 'running' }, []);
    return this.loop(run);
  }

  /** Steps in slices until the run is paused, stopped, done or failed. */
  private async loop(run: Run): Promise<void> {
    if (run.looping) return;
    run.looping = true;
    try {
      while (run.state === 'running' && this.run === run) {
        const sliceStart = this.timing.now();
        while (run.state === 'running' && run.step < run.settings.steps && this.timing.now() - sliceStart < this.timing.sliceMs) this.takeStep(run);
        run.elapsedMs += this.timing.now() - sliceStart;
        if (run.state === 'running' && run.step >= run.settings.steps) this.finish(run, 'done');
        if (this.timing.now() - run.lastPost >= this.timing.progressMs) this.flush(run);
        await this.timing.yieldToMessages();
      }
    } finally {
      run.looping = false;
    }
  }

  private takeStep(run: Run): void {
    let log;
    try {
      log = run.loop.step();
    } catch (e) {
      return this.fail(run, [error('FW099', `training step ${run.step + 1} failed: ${(e as Error).message}`)]);
    }
    if (!Number.isFinite(log.loss)) {
      run.loop.restore(run.lastGood);
      return this.fail(run, [
        error('FW063', `the loss became ${String(log.loss)} at step ${log.step}; training stopped`, {
          hint: `the weights are back at the last good checkpoint (step ${run.lastGood.step}); try a lower learning rate`,
        }),
      ]);
    }
    run.step = log.step;
    run.tokens += log.tokens;
    run.pendingTrain.push({ step: log.step, loss: log.loss });
    const { evalEvery, sampleEvery, checkpointEvery } = run.settings;
    if (run.step % evalEvery === 0) run.pendingValidation.push({ step: run.step, loss: run.loop.evaluate() });
    if (run.step % sampleEvery === 0) this.postSample(run);
    if (run.step % checkpointEvery === 0) this.checkpoint(run);
  }

  private checkpoint(run: Run): void {
    const c = run.loop.snapshot();
    run.lastGood = c;
    this.postCheckpoint(run, c);
  }

  private postCheckpoint(run: Run, c: Checkpoint): void {
    // A copy goes to the UI (its buffers are transferred); the worker keeps its own for NaN recovery.
    const weights = new Map([...c.weights].map(([name, t]) => [name, { ...t, data: t.data.slice() }]));
    this.post({ type: 'checkpoint', run: run.id, step: c.step, weights }, [...weights.values()].map((t) => t.data.buffer));
  }

  private postSample(run: Run): void {
    const s = run.loop.sample(run.settings.samplePrompt, run.settings.sampleLength, run.settings.seed);
    this.post({ type: 'sample', run: run.id, step: run.step, text: s.ok ? s.value : `(cannot sample: ${s.diagnostics[0]?.message ?? 'error'})` }, []);
  }

  private flush(run: Run): void {
    this.post({ type: 'progress', run: run.id, train: run.pendingTrain, validation: run.pendingValidation, step: run.step, elapsedMs: run.elapsedMs, tokens: run.tokens }, []);
    run.pendingTrain = [];
    run.pendingValidation = [];
    run.lastPost = this.timing.now();
  }

  /** Ends a run that trained: a last validation point, sample and checkpoint at the final step. */
  private finish(run: Run, state: 'done' | 'stopped'): void {
    run.state = state;
    if (run.step > 0 && run.pendingValidation.at(-1)?.step !== run.step && run.step % run.settings.evalEvery !== 0)
      run.pendingValidation.push({ step: run.step, loss: run.loop.evaluate() });
    if (run.step % run.settings.sampleEvery !== 0) this.postSample(run);
    if (run.lastGood.step !== run.step) this.checkpoint(run);
    this.flush(run);
    this.post({ type: 'state', run: run.id, state }, []);
  }

  private fail(run: Run, diagnostics: readonly Diagnostic[]): void {
    run.state = 'failed';
    this.flush(run);
    this.post({ type: 'failed', run: run.id, step: run.step + 1, diagnostics }, []);
  }
}
