/**
 * Running a trainer without freezing its thread: updates run in slices of a few milliseconds, and between
 * slices the event loop gets control, so a Web Worker can receive "stop" and post progress, and the CLI can
 * react to Ctrl-C by saving a checkpoint. A stopped run can continue later from its checkpoint.
 */
import { fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { Trainer, TrainLog } from './trainer.ts';

/** Where a run reports: logged steps (every `logEvery`, those with a validation loss, the last) and periodic checkpoints. */
export interface TrainingHooks {
  onLog?(log: TrainLog): void;
  onCheckpoint?(checkpoint: Checkpoint): void;
}

/** How a background run ended: all steps done, or stopped early (`stopped`), with the logged steps. */
export interface TrainingOutcome {
  readonly logs: TrainLog[];
  readonly stopped: boolean;
}

/** A run in progress. */
export interface TrainingRun {
  /** Resolves after the last step, after `stop()`, or with FW063 when the run diverged. */
  readonly done: Promise<Result<TrainingOutcome>>;
  /** Ends the run after the update in progress. */
  stop(): void;
}

/** The part of the settings that decides when a run reports. */
export interface ReportSchedule {
  readonly steps: number;
  readonly logEvery: number;
  readonly checkpointEvery: number;
}

/** One update, then its reports; appends logged steps to `logs`. */
function stepAndReport(trainer: Trainer, schedule: ReportSchedule, hooks: TrainingHooks, logs: TrainLog[]): Result<true> {
  const log = trainer.next();
  if (!log.ok) return fail(log.diagnostics);
  const step = trainer.step;
  if (step % schedule.logEvery === 0 || step === schedule.steps || log.value.valLoss !== undefined) logs.push(log.value), hooks.onLog?.(log.value);
  if (schedule.checkpointEvery > 0 && step % schedule.checkpointEvery === 0) hooks.onCheckpoint?.(trainer.lastGood);
  return ok(true);
}

/** Runs `trainer` to `schedule.steps` in one go (tests, scripts); the logged steps, or FW063 on divergence. */
export function runTraining(trainer: Trainer, schedule: ReportSchedule, hooks: TrainingHooks = {}): Result<TrainLog[]> {
  const logs: TrainLog[] = [];
  while (trainer.step < schedule.steps) {
    const done = stepAndReport(trainer, schedule, hooks, logs);
    if (!done.ok) return fail(done.diagnostics);
  }
  return ok(logs);
}

/**
 * Runs `trainer` to `schedule.steps` in slices of about `sliceMs` milliseconds (at least one update each),
 * yielding to the event loop before the first slice and between slices.
 */
export function startTraining(trainer: Trainer, schedule: ReportSchedule, hooks: TrainingHooks = {}, sliceMs = 50): TrainingRun {
  let stopped = false;
  const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const loop = async (): Promise<Result<TrainingOutcome>> => {
    const logs: TrainLog[] = [];
    while (trainer.step < schedule.steps && !stopped) {
      const sliceEnd = performance.now() + sliceMs;
      do {
        const done = stepAndReport(trainer, schedule, hooks, logs);
        if (!done.ok) return fail(done.diagnostics);
      } while (trainer.step < schedule.steps && !stopped && performance.now() < sliceEnd);
      await yieldToEventLoop();
    }
    return ok({ logs, stopped: trainer.step < schedule.steps });
  };
  return {
    done: yieldToEventLoop().then(loop), // the first update runs after the caller has set up (e.g. its Ctrl-C handler)
    stop: () => {
      stopped = true;
    },
  };
}
