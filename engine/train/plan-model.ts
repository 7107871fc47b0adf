/**
 * A compiled graph as a trainable model: forward to the logits, next-token cross-entropy, and the backward
 * pass from the op definitions' gradients (autograd/backward.ts), run on the reference kernels with every
 * activation freed after its last use. The learned weights are the plan's own weight tensors, so an
 * optimizer updating `parameters` in place changes what the next forward pass computes.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { buildBackward, type GradientPlan } from '../autograd/backward.ts';
import { releasePoints, runSteps } from '../autograd/execute.ts';
import { compile } from '../compile.ts';
import type { Plan } from '../plan.ts';
import { crossEntropyFromLogits } from './cross-entropy.ts';

/** Options of {@link createPlanModel}. */
export interface PlanModelOptions {
  /** Weights by stable name from outside the document (a loaded .safetensors file). */
  readonly weights?: ReadonlyMap<string, Tensor>;
}

/** A model the trainer can optimise (see engine/train/model.ts for the contract). */
export interface PlanModel {
  readonly parameters: ReadonlyMap<string, Float32Array>;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly vocabSize: number;
  readonly contextLength: number | null;
  lossAndGradients(inputs: Int32Array, targets: Int32Array, batch: number, length: number): { loss: number; gradients: ReadonlyMap<string, Float32Array> };
  loss(inputs: Int32Array, targets: Int32Array, batch: number, length: number): number;
  /** The compiled forward plan whose weights are being trained. */
  readonly plan: Plan;
}

/**
 * Compiles `doc` and prepares it for next-token training: it must have one token input ([B, T] ids) and an
 * output of scores over the vocabulary ([B, T, V]); a final Softmax is trained through its input, the logits.
 */
export function createPlanModel(doc: GraphDocument, catalogue: Catalogue, options: PlanModelOptions = {}): Result<PlanModel> {
  const compiled = compile(doc, catalogue, options.weights ? { weights: options.weights } : {});
  if (!compiled.ok) return compiled;
  const { plan } = compiled.value;
  const tokens = plan.inputs.filter((io) => io.dtype === 'int64');
  if (plan.inputs.length !== 1 || tokens.length !== 1)
    return fail([error('FW080', `training needs a graph with exactly one token input; this one has ${plan.inputs.length} inputs`, { hint: 'encoder–decoder graphs cannot be trained here yet' })]);
  const output = plan.outputs[0];
  if (plan.outputs.length !== 1 || !output)
    return fail([error('FW080', `training needs exactly one Output block; this graph has ${plan.outputs.length}`)]);
  const producer = plan.steps.find((s) => s.output === output.value);
  const target = producer?.op === 'Softmax' ? producer.inputs[0]! : output.value;
  const trial = buildBackward(plan, target, sizesFor(1, 2));
  if (!trial.ok) return trial;
  const targetShape = trial.value.types[target]!.shape;
  const vocabSize = targetShape[targetShape.length - 1]!;
  if (targetShape.length !== 3 || trial.value.gradients.size === 0)
    return fail([error('FW080', 'the output is not a [B, T, vocabulary] score tensor that depends on learned weights', { node: output.name, hint: 'end the graph with a De-embedding (and optionally a Softmax) before the Output' })]);

  const parameters = new Map<string, Float32Array>();
  const shapes = new Map<string, readonly number[]>();
  for (const name of trial.value.gradients.keys()) {
    const tensor = plan.weights.get(name)!.tensor;
    parameters.set(name, tensor.data as Float32Array);
    shapes.set(name, tensor.shape);
  }

  const built = new Map<string, { g: GradientPlan; release: number[][] }>();
  const backwardFor = (batch: number, length: number) => {
    const key = `${batch}x${length}`;
    let entry = built.get(key);
    if (!entry) {
      const g = buildBackward(plan, target, sizesFor(batch, length));
      if (!g.ok) throw new RangeError(g.diagnostics.map((d) => d.message).join('; '));
      entry = { g: g.value, release: releasePoints(g.value.plan, new Set([...g.value.gradients.values(), target])) };
      built.set(key, entry);
    }
    return entry;
  };

  const forward = (inputs: Int32Array, batch: number, length: number) => {
    const entry = backwardFor(batch, length);
    const { g } = entry;
    const values: (Tensor | undefined)[] = new Array(g.plan.values.length);
    values[tokens[0]!.value] = { dtype: 'int64', shape: [batch, length], data: inputs };
    for (const { value, tensor } of g.plan.weights.values()) values[value] = tensor;
    g.plan.values.forEach((v) => v.source.kind === 'constant' && (values[v.id] = g.plan.constants[v.source.index]));
    runSteps(g.plan, values, 0, g.forwardSteps, entry.release);
    return { entry, values, logits: values[target]!.data as Float32Array };
  };

  return ok({
    plan,
    parameters,
    shapes,
    vocabSize,
    contextLength: null,
    loss(inputs, targets, batch, length) {
      const { logits } = forward(inputs, batch, length);
      return crossEntropyFromLogits(logits, targets, vocabSize, false).loss;
    },
    lossAndGradients(inputs, targets, batch, length) {
      const { entry, values, logits } = forward(inputs, batch, length);
      const { g, release } = entry;
      const { loss, gradient } = crossEntropyFromLogits(logits, targets, vocabSize, true);
      values[g.seed] = { dtype: 'float32', shape: [batch, length, vocabSize], data: gradient! };
      runSteps(g.plan, values, g.forwardSteps, g.plan.steps.length, release);
      const gradients = new Map<string, Float32Array>();
      for (const [name, id] of g.gradients) gradients.set(name, values[id]!.data as Float32Array);
      return { loss, gradients };
    },
  });
}

const sizesFor = (batch: number, length: number): Map<string, number> => new Map([['B', batch], ['T', length], ['S', length]]);
