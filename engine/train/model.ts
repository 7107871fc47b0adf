/**
 * The contract between the trainer and a model: learned weights by stable name and one forward + backward
 * pass. The trainer, optimizers, batches and CLI are written against this interface only, so the autograd
 * (a backward plan derived from the forward plan) plugs in through `createTrainableModel` without them
 * knowing how gradients are computed.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { GraphAnalysis, WeightInfo } from '../../graph-schema/infer.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { createPlanModel } from './plan-model.ts';

/** A model the trainer can optimise: its learned weights and one forward+backward pass. */
export interface TrainableModel {
  /** Learned weights by stable name (e.g. `layers.0.attn.W_q`), float32, updated in place by the optimizer. */
  readonly parameters: ReadonlyMap<string, Float32Array>;
  /** Shapes of the parameters, same keys. */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** Vocabulary size V of the output, context length T the model accepts (null = any). */
  readonly vocabSize: number;
  readonly contextLength: number | null;
  /**
   * Forward + backward on a batch of token ids `inputs` (int32, [B, T] row-major) with next-token `targets`
   * ([B, T], -1 = ignore / padding). Returns the mean cross-entropy over non-ignored positions and the gradient
   * of that loss with respect to every parameter (same keys as `parameters`).
   */
  lossAndGradients(inputs: Int32Array, targets: Int32Array, batch: number, length: number): { loss: number; gradients: ReadonlyMap<string, Float32Array> };
  /** Forward only: the same mean loss (for validation). */
  loss(inputs: Int32Array, targets: Int32Array, batch: number, length: number): number;
  /**
   * Optional: whether a [batch, length] input fits the model (e.g. length within a positional table), with
   * the reason when not. The trainer asks before the first step, so a misfit is a diagnostic, not a throw.
   */
  checkSize?(batch: number, length: number): Result<true>;
  /**
   * Optional: bytes one `lossAndGradients` call needs for a [batch, length] input (weights, activations kept
   * for the backward pass, their gradients, the gradients of the parameters); the trainer adds the optimizer
   * state. When absent it estimates the whole from the parameter count and the logits (`estimateTrainingBytes`).
   */
  estimateBytes?(batch: number, length: number): number;
}

/** Options for building a trainable model from a graph document. */
export interface TrainableModelOptions {
  /** Weights from outside the document (a loaded `.safetensors` beside it), as for `compile`. */
  readonly weights?: ReadonlyMap<string, Tensor>;
}

/**
 * Builds the trainable model of a graph: its learned weights (tied weights once, under the owner's name)
 * and next-token cross-entropy on the logits feeding its final softmax, with gradients from the autograd
 * (engine/train/plan-model.ts). FW064 for graphs that cannot be trained this way.
 */
export function createTrainableModel(doc: GraphDocument, catalogue: Catalogue, options: TrainableModelOptions = {}): Result<TrainableModel> {
  return createPlanModel(doc, catalogue, options);
}

/**
 * The weights a graph learns: every weight its blocks declare, except those tied to another weight (a tied
 * de-embedding reuses the embedding table, so the table is learned once, from both of its uses).
 */
export function learnedWeights(analysis: GraphAnalysis): WeightInfo[] {
  return analysis.top.order.flatMap((node) => node.weights).filter((w) => w.tiedTo === undefined);
}
