/**
 * Training checkpoints: everything a run needs to continue bit-identically — the weights, the optimizer's
 * state, the number of updates done, and the settings (which hold the seed; the batch stream of each step
 * is derived from seed and step, see batches.ts) — in one `.safetensors` file: tensors `weight/<name>` and
 * `<slot>/<name>` (optimizer state), scalars in the header's `__metadata__`.
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { readSafetensors, readSafetensorsMetadata, writeSafetensors } from '../io/safetensors.ts';
import type { OptimizerState } from './optimizers.ts';

/** A snapshot of a training run after `step` updates. */
export interface Checkpoint {
  /** Updates applied so far (the next update is number `step`, 0-based). */
  readonly step: number;
  /** The run's settings as canonical JSON (`trainingSettingsKey`); a resume must use the same. */
  readonly settings: string;
  readonly parameters: ReadonlyMap<string, Float32Array>;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly optimizer: OptimizerState;
}

const WEIGHT = 'weight/';
const FORMAT = 'formwork.checkpoint.v1';

/** The checkpoint as `.safetensors` bytes. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const tensors = new Map<string, Tensor>();
  for (const [name, data] of checkpoint.parameters)
    tensors.set(WEIGHT + name, { dtype: 'float32', shape: checkpoint.shapes.get(name) ?? [data.length], data });
  for (const [slot, table] of checkpoint.optimizer.slots)
    for (const [name, data] of table) tensors.set(`${slot}/${name}`, { dtype: 'float32', shape: [data.length], data });
  const metadata = new Map([
    ['formwork', FORMAT],
    ['step', String(checkpoint.step)],
    ['optimizer_step', String(checkpoint.optimizer.step)],
    ['settings', checkpoint.settings],
  ]);
  return writeSafetensors(tensors, metadata);
}

/** Reads a checkpoint written by `encodeCheckpoint`; FW063 when the file is not one. */
export function decodeCheckpoint(bytes: Uint8Array): Result<Checkpoint> {
  const bad = (message: string) => fail<Checkpoint>([error('FW063', `checkpoint: ${message}`, { hint: 'resume from a file written by formwork train --checkpoint' })]);
  const metadata = readSafetensorsMetadata(bytes);
  if (!metadata.ok) return bad(metadata.diagnostics[0]!.message);
  const meta = metadata.value;
  if (meta.get('formwork') !== FORMAT) return bad('not a Formwork training checkpoint');
  const step = Number(meta.get('step'));
  const optimizerStep = Number(meta.get('optimizer_step'));
  const settings = meta.get('settings');
  if (!Number.isSafeInteger(step) || step < 0 || !Number.isSafeInteger(optimizerStep) || optimizerStep < 0 || settings === undefined)
    return bad('malformed step or settings');
  const tensors = readSafetensors(bytes);
  if (!tensors.ok) return bad(tensors.diagnostics[0]!.message);
  const parameters = new Map<string, Float32Array>();
  const shapes = new Map<string, readonly number[]>();
  const slots = new Map<string, Map<string, Float32Array>>();
  for (const [key, tensor] of tensors.value) {
    const data = tensor.data as Float32Array;
    if (key.startsWith(WEIGHT)) {
      parameters.set(key.slice(WEIGHT.length), data);
      shapes.set(key.slice(WEIGHT.length), tensor.shape);
      continue;
    }
    const slash = key.indexOf('/');
    if (slash < 1) return bad(`unexpected tensor '${key}'`);
    const slot = key.slice(0, slash);
    if (!slots.has(slot)) slots.set(slot, new Map());
    slots.get(slot)!.set(key.slice(slash + 1), data);
  }
  return ok({ step, settings, parameters, shapes, optimizer: { step: optimizerStep, slots } });
}
