/**
 * The background driver: training runs in slices that leave the event loop free, stops on request after the
 * update in progress, and a stopped run continues to the same weights as one never stopped.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIMIZERS } from '../../engine/train/optimizers.ts';
import { runTraining, startTraining } from '../../engine/train/driver.ts';
import { createTrainer, type TrainSettings } from '../../engine/train/trainer.ts';
import { bigramModel } from './hand-models.ts';

const tokens = Int32Array.from({ length: 400 }, (_, i) => (i * i + 3 * i) % 11);
const SETTINGS: TrainSettings = {
  batch: 4, length: 8, seed: 2, lr: 0.05, optimizer: DEFAULT_OPTIMIZERS.adam,
  schedule: { kind: 'constant', warmup: 0, totalSteps: 400 }, clip: null,
  steps: 400, logEvery: 100, validateEvery: 0, validationBatches: 1, checkpointEvery: 0,
};
const trainerFor = (model = bigramModel(11)) => {
  const t = createTrainer(model, { train: tokens, validation: new Int32Array(0) }, SETTINGS);
  if (!t.ok) throw new Error(JSON.stringify(t.diagnostics));
  return { model, trainer: t.value };
};

describe('startTraining', () => {
  it('yields to the event loop before the first update and between slices', async () => {
    const { trainer } = trainerFor();
    let stepAtStart = -1;
    let stepWhenTimerFired = -1;
    const run = startTraining(trainer, SETTINGS, { onLog: (log) => log.step === 100 && setTimeout(() => (stepWhenTimerFired = trainer.step), 0) }, 0); // 0 ms slices: one update each
    stepAtStart = trainer.step;
    const outcome = await run.done;
    expect(outcome.ok && outcome.value).toMatchObject({ stopped: false });
    expect(stepAtStart).toBe(0);
    expect(stepWhenTimerFired).toBe(100); // fired at the yield right after that slice, long before the end
  });

  it('stop() ends after the update in progress; continuing gives the weights of a run never stopped', async () => {
    const straight = trainerFor();
    runTraining(straight.trainer, SETTINGS);
    const { model, trainer } = trainerFor();
    const first = startTraining(trainer, SETTINGS, { onLog: (log) => log.step === 100 && first.stop() }, 0);
    const outcome = await first.done;
    expect(outcome.ok && outcome.value.stopped).toBe(true);
    expect(trainer.step).toBe(100);
    const rest = await startTraining(trainer, SETTINGS).done;
    expect(rest.ok && rest.value.logs.map((l) => l.step)).toEqual([200, 300, 400]);
    expect(Array.from(model.parameters.get('table')!)).toEqual(Array.from(straight.model.parameters.get('table')!));
  });
});
