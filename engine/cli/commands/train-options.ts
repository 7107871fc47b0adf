/**
 * `formwork train` options: the flag table and their translation into TrainSettings. Malformed values are
 * usage errors (exit 2); values that parse but do not fit the model or corpus are diagnostics later.
 */
import { DEFAULT_OPTIMIZERS, type OptimizerSettings } from '../../train/optimizers.ts';
import type { TrainSettings } from '../../train/trainer.ts';
import type { CommandOption } from '../command.ts';
import { UsageError } from './validate.ts';

export const TRAIN_OPTIONS = {
  corpus: { type: 'string', help: 'plain UTF-8 text to learn from, encoded with the graph\'s own tokenizer' },
  steps: { type: 'string', help: 'number of updates (default 1000)' },
  batch: { type: 'string', help: 'sequences per update B (default 16)' },
  context: { type: 'string', help: 'tokens per sequence T (default: the TokenInput\'s context)' },
  lr: { type: 'string', help: 'base learning rate (default 0.001)' },
  optimizer: { type: 'string', help: 'adamw (default), adam or sgd' },
  momentum: { type: 'string', help: 'SGD momentum (default 0)' },
  'weight-decay': { type: 'string', help: 'weight decay (default 0.01 for adamw, 0 otherwise); decoupled for adamw, L2 otherwise' },
  schedule: { type: 'string', help: 'constant or cosine (default): cosine decays to 0 at the last step' },
  warmup: { type: 'string', help: 'updates of linear learning-rate warmup (default 0)' },
  clip: { type: 'string', help: 'clip gradients to this global norm (default: no clipping)' },
  seed: { type: 'string', help: 'seed for the batch order and for weights the file does not give (default: the graph\'s seed)' },
  validation: { type: 'string', help: 'fraction of the corpus (its end) held out for validation (default 0.1)' },
  'log-every': { type: 'string', help: 'report every N updates (default 10)' },
  'validate-every': { type: 'string', help: 'validation loss every N updates (default 100; 0 = never)' },
  checkpoint: { type: 'string', help: 'write a checkpoint (weights + optimizer state + step) to this .safetensors file' },
  'checkpoint-every': { type: 'string', help: 'checkpoint every N updates (default 100) and at the end' },
  resume: { type: 'string', help: 'continue bit-identically from a checkpoint written with the same settings' },
  out: { type: 'string', short: 'o', help: 'write the trained graph here (.formwork.json)' },
  weights: { type: 'string', help: 'write the trained weights to this .safetensors file beside -o instead of inline' },
  json: { type: 'boolean', help: 'one JSON line per logged step on stdout, then a summary line' },
} as const satisfies Record<string, CommandOption>;

type Options = Readonly<Record<string, unknown>>;

/** A numeric option: its default when absent, a UsageError unless it is a finite number ≥ `min` (whole if asked). */
export function numberOption(options: Options, name: string, fallback: number, { min = 0, whole = false, above = false } = {}): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const okRange = above ? value > min : value >= min;
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !okRange || (whole && !Number.isSafeInteger(value)))
    throw new UsageError(`--${name} must be ${whole ? 'a whole number' : 'a number'} ${above ? 'above' : 'from'} ${min}${above ? '' : ' up'}, got '${String(raw)}'`);
  return value;
}

function choice<T extends string>(options: Options, name: string, allowed: readonly T[], fallback: T): T {
  const raw = options[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be ${allowed.join(', ')}`);
  return raw as T;
}

/** The optimizer from --optimizer, --momentum and --weight-decay (PyTorch's other defaults). */
export function optimizerOption(options: Options): OptimizerSettings {
  const kind = choice(options, 'optimizer', ['adamw', 'adam', 'sgd'] as const, 'adamw');
  const weightDecay = numberOption(options, 'weight-decay', DEFAULT_OPTIMIZERS[kind].weightDecay);
  if (kind !== 'sgd') {
    if (options.momentum !== undefined) throw new UsageError('--momentum is for --optimizer sgd');
    return { ...DEFAULT_OPTIMIZERS[kind], weightDecay };
  }
  const momentum = numberOption(options, 'momentum', 0);
  if (momentum >= 1) throw new UsageError('--momentum must be below 1');
  return { ...DEFAULT_OPTIMIZERS.sgd, momentum, weightDecay };
}

/** Train settings from the options; `defaultLength` is the TokenInput's context, `defaultSeed` the graph's seed. */
export function trainSettingsOption(options: Options, defaultLength: number, defaultSeed: number): TrainSettings {
  const steps = numberOption(options, 'steps', 1000, { whole: true });
  const warmup = numberOption(options, 'warmup', 0, { whole: true });
  const clip = options.clip === undefined ? null : numberOption(options, 'clip', 0, { above: true });
  const seed = numberOption(options, 'seed', defaultSeed, { whole: true });
  if (seed > 0xffffffff) throw new UsageError('--seed must be a whole number from 0 to 4294967295');
  return {
    batch: numberOption(options, 'batch', 16, { min: 1, whole: true }),
    length: numberOption(options, 'context', defaultLength, { min: 1, whole: true }),
    seed,
    lr: numberOption(options, 'lr', 1e-3, { above: true }),
    optimizer: optimizerOption(options),
    schedule: { kind: choice(options, 'schedule', ['constant', 'cosine'] as const, 'cosine'), warmup, totalSteps: steps },
    clip,
    steps,
    logEvery: numberOption(options, 'log-every', 10, { min: 1, whole: true }),
    validateEvery: numberOption(options, 'validate-every', 100, { whole: true }),
    validationBatches: 8,
    checkpointEvery: numberOption(options, 'checkpoint-every', 100, { whole: true }),
  };
}
