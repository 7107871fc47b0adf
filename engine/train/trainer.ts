/**
 * One training step at a time over a TrainableModel: draw the step's batch, forward + backward, clip, update
 * with the scheduled learning rate, validate, keep checkpoints (driver.ts runs the steps and reports). Every update is a function of (weights, optimizer state,
 * settings, step), so the same seed, corpus and settings give bit-identical weights, and a run resumed from a
 * checkpoint continues exactly as if it had never stopped. A non-finite loss, gradient or weight stops the run
 * with FW063 naming the step, and the model is put back to the last good checkpoint.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { checkCorpusLength, checkTrainingSize, drawBatch, estimateTrainingBytes, validationBatches, type TokenBatch } from './batches.ts';
import type { Checkpoint } from './checkpoint.ts';
import { clipGradNorm, globalNorm } from './clip.ts';
import type { TrainableModel } from './model.ts';
import { createOptimizer, optimizerSlots, type Optimizer, type OptimizerSettings } from './optimizers.ts';
import { learningRate, type ScheduleSettings } from './schedule.ts';

/** How to train. The first group decides the weights; the second only what is reported and when. */
export interface TrainSettings {
  readonly batch: number;
  /** Tokens per sequence T. */
  readonly length: number;
  readonly seed: number;
  /** Base learning rate (the schedule scales it). */
  readonly lr: number;
  readonly optimizer: OptimizerSettings;
  readonly schedule: ScheduleSettings;
  /** Clip gradients to this global norm; null = no clipping. */
  readonly clip: number | null;
  /** Total updates of the run. */
  readonly steps: number;
  /** Log every N updates (and the last one). */
  readonly logEvery: number;
  /** Validation loss every N updates (and at the last); 0 = never. */
  readonly validateEvery: number;
  /** At most this many batches of held-out windows per validation. */
  readonly validationBatches: number;
  /** Keep a checkpoint every N updates (the last good state on divergence); 0 = only the starting state. */
  readonly checkpointEvery: number;
}

/** What one update reports. `step` counts updates done, from 1. */
export interface TrainLog {
  readonly step: number;
  readonly loss: number;
  readonly valLoss?: number;
  readonly lr: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  readonly tokensPerSecond: number;
}

/** The tokens to learn from and the held-out tail. */
export interface TrainData {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

export interface Trainer {
  /** Updates done so far. */
  readonly step: number;
  /** One update. FW063 when the loss, gradient or weights stop being finite (the model is then back at `lastGood`). */
  next(): Result<TrainLog>;
  /** Mean loss over the held-out windows (forward only), or null with no validation tokens. */
  validationLoss(): number | null;
  /** A snapshot of the current state (deep copy). */
  checkpoint(): Checkpoint;
  /** The last checkpoint taken with finite weights (the start, or every `checkpointEvery` updates). */
  readonly lastGood: Checkpoint;
}

/**
 * The settings that decide the weights, as canonical JSON: a resumed run must match them. The number of steps
 * is not among them unless the schedule depends on it (cosine), so a constant-rate run can be extended.
 */
export function trainingSettingsKey(s: TrainSettings): string {
  const schedule = s.schedule.kind === 'constant' ? { kind: s.schedule.kind, warmup: s.schedule.warmup } : s.schedule;
  return JSON.stringify({ batch: s.batch, length: s.length, seed: s.seed, lr: s.lr, optimizer: s.optimizer, schedule, clip: s.clip });
}

/**
 * Checks the settings, the corpus and the batch size against the model, and prepares the run (from `resume`
 * when given: weights, optimizer state and step are restored into the model). FW062/FW063 on problems.
 */
export function createTrainer(model: TrainableModel, data: TrainData, settings: TrainSettings, resume?: Checkpoint): Result<Trainer> {
  const checked = checkRun(model, data, settings, resume);
  if (checked.length > 0) return fail(checked);
  const { parameters } = model;
  const { batch, length, seed } = settings;
  const key = trainingSettingsKey(settings);
  const heldOut: TokenBatch[] = settings.validateEvery > 0 ? validationBatches(data.validation, batch, length, settings.validationBatches) : [];
  let optimizer: Optimizer;
  let step: number;
  const snapshot = (): Checkpoint => ({
    step,
    settings: key,
    parameters: new Map([...parameters].map(([name, p]) => [name, Float32Array.from(p)])),
    shapes: model.shapes,
    optimizer: optimizer.state(),
  });
  const restore = (c: Checkpoint): void => {
    for (const [name, p] of parameters) p.set(c.parameters.get(name)!);
    optimizer = createOptimizer(settings.optimizer, c.optimizer);
    step = c.step;
  };
  optimizer = createOptimizer(settings.optimizer);
  step = 0;
  if (resume) restore(resume);
  let lastGood = snapshot();

  const validationLoss = (): number | null => {
    let total = 0;
    let counted = 0;
    for (const b of heldOut) {
      const n = b.targets.reduce((c, t) => c + (t >= 0 ? 1 : 0), 0);
      total += model.loss(b.inputs, b.targets, b.batch, b.length) * n;
      counted += n;
    }
    return counted > 0 ? total / counted : null;
  };
  const diverged = (what: string, value: number): Result<TrainLog> => {
    const at = step + 1;
    restore(lastGood);
    return fail([
      error('FW063', `${what} is ${value} at step ${at}; the weights are back at the checkpoint of step ${lastGood.step}`, {
        hint: 'lower --lr, add warmup (--warmup) or clip gradients (--clip 1)',
      }),
    ]);
  };

  const next = (): Result<TrainLog> => {
    const started = performance.now();
    const lr = learningRate(settings.schedule, settings.lr, step);
    const b = drawBatch(data.train, batch, length, seed, step);
    const { loss, gradients } = model.lossAndGradients(b.inputs, b.targets, batch, length);
    if (!Number.isFinite(loss)) return diverged('the loss', loss);
    const gradNorm = settings.clip !== null ? clipGradNorm(gradients, settings.clip) : globalNorm(gradients);
    if (!Number.isFinite(gradNorm)) return diverged('the gradient norm', gradNorm);
    optimizer.step(parameters, gradients, lr);
    const broken = firstNonFinite(parameters);
    if (broken) return diverged(`weight '${broken.name}'`, broken.value);
    const seconds = Math.max(1e-9, (performance.now() - started) / 1000);
    step++;
    if (settings.checkpointEvery > 0 && step % settings.checkpointEvery === 0) lastGood = snapshot();
    const validate = settings.validateEvery > 0 && (step % settings.validateEvery === 0 || step === settings.steps);
    const valLoss = validate ? validationLoss() : null;
    return ok({ step, loss, ...(valLoss !== null ? { valLoss } : {}), lr, gradNorm, tokensPerSecond: (batch * length) / seconds });
  };

  return ok({
    get step() {
      return step;
    },
    get lastGood() {
      return lastGood;
    },
    next,
    validationLoss,
    checkpoint: snapshot,
  });
}

/** The first weight holding a NaN or infinity, and that value. */
function firstNonFinite(parameters: ReadonlyMap<string, Float32Array>): { name: string; value: number } | undefined {
  for (const [name, p] of parameters) for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i]!)) return { name, value: p[i]! };
  return undefined;
}

function checkRun(model: TrainableModel, data: TrainData, s: TrainSettings, resume?: Checkpoint): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const bad = (param: string, message: string) => problems.push(error('FW063', message, { param }));
  const whole = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  if (!whole(s.steps, 0)) bad('steps', `steps ${s.steps} must be a whole number, 0 or more`);
  if (!(Number.isFinite(s.lr) && s.lr > 0)) bad('lr', `learning rate ${s.lr} must be a number above 0`);
  if (!whole(s.seed, 0) || s.seed > 0xffffffff) bad('seed', `seed ${s.seed} must be a whole number from 0 to 2^32 − 1`);
  if (!whole(s.logEvery, 1)) bad('log-every', `log-every ${s.logEvery} must be a whole number, 1 or more`);
  for (const [name, n] of [['validate-every', s.validateEvery], ['checkpoint-every', s.checkpointEvery], ['warmup', s.schedule.warmup]] as const)
    if (!whole(n, 0)) bad(name, `${name} ${n} must be a whole number, 0 or more`);
  if (!whole(s.validationBatches, 1)) bad('validation-batches', `validation batches ${s.validationBatches} must be 1 or more`);
  if (s.clip !== null && !(Number.isFinite(s.clip) && s.clip > 0)) bad('clip', `clip ${s.clip} must be a number above 0`);
  const o = s.optimizer;
  if (!(o.weightDecay >= 0 && Number.isFinite(o.weightDecay))) bad('weight-decay', `weight decay ${o.weightDecay} must be 0 or more`);
  if (o.kind === 'sgd' && !(o.momentum >= 0 && o.momentum < 1)) bad('momentum', `momentum ${o.momentum} must be in [0, 1)`);
  if (o.kind !== 'sgd' && !(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1 && o.eps > 0)) bad('optimizer', 'betas must be in [0, 1) and eps above 0');
  if (model.contextLength !== null && s.length > model.contextLength)
    bad('context', `sequence length ${s.length} is longer than the ${model.contextLength} positions the model accepts`);
  if (problems.length > 0) return problems;
  const fits = model.checkSize?.(s.batch, s.length);
  if (fits && !fits.ok)
    return fits.diagnostics.map((d) =>
      error('FW063', `batches of ${s.batch} × ${s.length} tokens do not fit the graph: ${d.message}`, { ...(d.node !== undefined ? { node: d.node } : {}), param: 'context', hint: 'use a shorter --context (at most the positional encoding\'s max_len)' }),
    );
  const parameterCount = [...model.parameters.values()].reduce((n, p) => n + p.length, 0);
  const slots = optimizerSlots(o).length;
  const own = model.estimateBytes?.(s.batch, s.length);
  const bytes = own !== undefined ? own + 4 * parameterCount * slots : estimateTrainingBytes(parameterCount, slots, model.vocabSize, s.batch, s.length);
  const size = checkTrainingSize(s.batch, s.length, bytes);
  if (!size.ok) return size.diagnostics;
  const corpus = checkCorpusLength(data.train, s.length);
  if (!corpus.ok) return corpus.diagnostics;
  if (resume) problems.push(...checkResume(model, s, resume));
  return problems;
}

function checkResume(model: TrainableModel, s: TrainSettings, resume: Checkpoint): Diagnostic[] {
  const bad = (message: string) => [error('FW063', `cannot resume: ${message}`, { hint: 'resume with the settings and graph of the run that wrote the checkpoint' })];
  if (resume.settings !== trainingSettingsKey(s)) return bad(`the checkpoint was written with ${resume.settings}, this run has ${trainingSettingsKey(s)}`);
  if (resume.step > s.steps) return bad(`the checkpoint is at step ${resume.step}, past --steps ${s.steps}`);
  for (const [name, p] of model.parameters) {
    const saved = resume.parameters.get(name);
    if (!saved || saved.length !== p.length) return bad(`weight '${name}' is ${saved ? `${saved.length} values` : 'missing'} in the checkpoint, the model has ${p.length}`);
  }
  for (const name of resume.parameters.keys()) if (!model.parameters.has(name)) return bad(`the checkpoint has weight '${name}', which the model does not`);
  for (const [slot, table] of resume.optimizer.slots) {
    if (!optimizerSlots(s.optimizer).includes(slot)) return bad(`unexpected optimizer state '${slot}'`);
    for (const [name, t] of table)
      if (model.parameters.get(name)?.length !== t.length) return bad(`optimizer state '${slot}' of '${name}' does not match the model`);
  }
  return [];
}
