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
import { compile } from '../compile/compile.ts';
import type { Plan } from '../compile/plan.ts';
import { crossEntropy } from './losses.ts';

/** Options of {@link createPlanModel}. */
export interface PlanModelOptions {
  /** Weights by stable name from outside the document (a loaded .safetensors file). */
  readonly weights?: ReadonlyMap<string, Tensor>;
  /**
   * A second token input fed as given rather than trained on (an encoder's source ids, [B, S] with S = T):
   * its name. Without it the graph must have exactly one input.
   */
  readonly sourceInput?: string;
}

/** A model the trainer can optimise (see engine/train/model.ts for the contract). */
export interface PlanModel {
  readonly parameters: ReadonlyMap<string, Float32Array>;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  readonly vocabSize: number;
  readonly contextLength: number | null;
  /** As TrainableModel's; `source` ([B, T] ids) feeds `options.sourceInput` when the graph has one. */
  lossAndGradients(inputs: Int32Array, targets: Int32Array, batch: number, length: number, source?: Int32Array): { loss: number; gradients: ReadonlyMap<string, Float32Array> };
  loss(inputs: Int32Array, targets: Int32Array, batch: number, length: number, source?: Int32Array): number;
  /** Bytes of one forward + backward pass on a [batch, length] input: the peak of live tensors (see peakBytes). */
  estimateBytes(batch: number, length: number): number;
  /** Whether a [batch, length] input fits the graph (e.g. length ≤ a positional table's max_len). */
  checkSize(batch: number, length: number): Result<true>;
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
  const sourceIo = options.sourceInput !== undefined ? plan.inputs.find((io) => io.name === options.sourceInput && io.dtype === 'int64') : undefined;
  if (options.sourceInput !== undefined && !sourceIo)
    return fail([error('FW064', `the source input '${options.sourceInput}' is not a token input of this graph`, { param: 'source' })]);
  const tokens = plan.inputs.filter((io) => io.dtype === 'int64' && io !== sourceIo);
  const expected = sourceIo ? 2 : 1;
  if (plan.inputs.length !== expected || tokens.length !== 1)
    return fail([error('FW064', `training needs a graph with exactly one token input${sourceIo ? ' besides the source' : ''}; this one has ${plan.inputs.length} inputs`, { hint: 'encoder–decoder graphs are trained with their source input named' })]);
  // The scores to train: the one float output (an Argmax next to it, as in the tour, is an int output).
  const scores = plan.outputs.filter((io) => io.dtype === 'float32');
  const output = scores[0];
  if (scores.length !== 1 || !output)
    return fail([error('FW064', `training needs one float output of scores; this graph has ${scores.length}${scores.length > 1 ? ` (${scores.map((io) => io.name).join(', ')})` : ''}`, { hint: 'keep one Output of the de-embedding (or its softmax)' })]);
  const producer = plan.steps.find((s) => s.output === output.value);
  const target = producer?.op === 'Softmax' ? producer.inputs[0]! : output.value;
  const trial = buildBackward(plan, target, sizesFor(1, 2));
  if (!trial.ok) return trial;
  const targetShape = trial.value.types[target]!.shape;
  const vocabSize = targetShape[targetShape.length - 1]!;
  if (targetShape.length !== 3 || trial.value.gradients.size === 0)
    return fail([error('FW064', 'the output is not a [B, T, vocabulary] score tensor that depends on learned weights', { node: output.name, hint: 'end the graph with a De-embedding (and optionally a Softmax) before the Output' })]);

  const parameters = new Map<string, Float32Array>();
  const shapes = new Map<string, readonly number[]>();
  for (const name of trial.value.gradients.keys()) {
    const tensor = plan.weights.get(name)!.tensor;
    parameters.set(name, tensor.data as Float32Array);
    shapes.set(name, tensor.shape);
  }

  const built = new Map<string, { g: GradientPlan; release: number[][] }>();
  const prepare = (batch: number, length: number): Result<{ g: GradientPlan; release: number[][] }> => {
    const key = `${batch}x${length}`;
    const cached = built.get(key);
    if (cached) return ok(cached);
    const g = buildBackward(plan, target, sizesFor(batch, length));
    if (!g.ok) return g;
    const entry = { g: g.value, release: releasePoints(g.value.plan, new Set([...g.value.gradients.values(), target])) };
    built.set(key, entry);
    return ok(entry);
  };
  const backwardFor = (batch: number, length: number) => {
    const entry = prepare(batch, length);
    if (!entry.ok) throw new RangeError(entry.diagnostics.map((d) => d.message).join('; '));
    return entry.value;
  };

  const forward = (inputs: Int32Array, batch: number, length: number, source?: Int32Array) => {
    const entry = backwardFor(batch, length);
    const { g } = entry;
    const values: (Tensor | undefined)[] = new Array(g.plan.values.length);
    values[tokens[0]!.value] = { dtype: 'int64', shape: [batch, length], data: inputs };
    if (sourceIo) {
      if (source?.length !== batch * length) throw new RangeError(`the source needs ${batch * length} ids, got ${source?.length ?? 'none'}`);
      values[sourceIo.value] = { dtype: 'int64', shape: [batch, length], data: source };
    }
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
    estimateBytes: (batch, length) => {
      const entry = prepare(batch, length);
      return entry.ok ? peakBytes(entry.value.g, entry.value.release) : Infinity;
    },
    checkSize: (batch, length) => {
      const entry = prepare(batch, length);
      return entry.ok ? ok(true) : fail(entry.diagnostics);
    },
    loss(inputs, targets, batch, length, source) {
      const { logits } = forward(inputs, batch, length, source);
      return crossEntropy(logits, targets, vocabSize).loss;
    },
    lossAndGradients(inputs, targets, batch, length, source) {
      const { entry, values, logits } = forward(inputs, batch, length, source);
      const { g, release } = entry;
      const { loss, gradient } = crossEntropy(logits, targets, vocabSize);
      values[g.seed] = { dtype: 'float32', shape: [batch, length, vocabSize], data: gradient };
      runSteps(g.plan, values, g.forwardSteps, g.plan.steps.length, release);
      const gradients = new Map<string, Float32Array>();
      for (const [name, id] of g.gradients) gradients.set(name, values[id]!.data as Float32Array);
      return { loss, gradients };
    },
  });
}

const sizesFor = (batch: number, length: number): Map<string, number> => new Map([['B', batch], ['T', length], ['S', length]]);

/**
 * The most bytes alive at once while `g` runs with intermediates freed at `release`: weights, constants and the
 * seed throughout, each step's output from when it is computed until its last reader. From static types only.
 */
function peakBytes(g: GradientPlan, release: readonly (readonly number[])[]): number {
  const bytes = (id: number) => {
    const t = g.types[id];
    return t ? (t.dtype === 'bool' ? 1 : 4) * t.shape.reduce((a, b) => a * b, 1) : 0;
  };
  let live = 0;
  g.plan.values.forEach((v, id) => v.source.kind !== 'step' && (live += bytes(id)));
  let peak = live;
  g.plan.steps.forEach((step, i) => {
    live += bytes(step.output);
    peak = Math.max(peak, live);
    for (const id of release[i]!) live -= bytes(id);
  });
  return peak;
}
