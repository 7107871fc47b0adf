/**
 * Loss functions with their gradients, written directly (not through autograd) because every training step
 * ends in one and the fused form is both faster and more stable: cross-entropy from logits uses a
 * max-shifted log-softmax, so large logits never overflow. Sums run in float64; results are float32.
 */

/** Target id that contributes nothing to the loss (padding), as PyTorch's `ignore_index`. */
export const IGNORE_INDEX = -1;

/** A mean loss and its gradient with respect to the prediction (same layout as the prediction). */
export interface LossWithGradient {
  readonly loss: number;
  readonly gradient: Float32Array;
}

/**
 * Mean cross-entropy of `logits` ([N, classes] row-major, unnormalised scores) against `targets` ([N], a class
 * id or IGNORE_INDEX), as PyTorch's `F.cross_entropy(logits, targets, ignore_index=-1)`; the mean is over the
 * `counted` non-ignored rows. `gradient` is dLoss/dLogits = (softmax(row) − one_hot(target)) / counted on
 * counted rows and 0 on ignored ones. With no counted row the loss is 0 and the gradient 0 (PyTorch gives NaN:
 * here an all-padding batch teaches nothing instead of stopping the run).
 * Throws RangeError on sizes that do not match or a target outside [0, classes) — callers build targets
 * from their own tokenizer, so that is a bug, not bad input.
 */
export function crossEntropy(logits: Float32Array, targets: Int32Array, classes: number): LossWithGradient & { readonly counted: number } {
  const rows = targets.length;
  if (!Number.isInteger(classes) || classes < 1 || logits.length !== rows * classes)
    throw new RangeError(`crossEntropy: ${logits.length} logits for ${rows} targets × ${classes} classes`);
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    const t = targets[r]!;
    if (t === IGNORE_INDEX) continue;
    if (t < 0 || t >= classes) throw new RangeError(`crossEntropy: target ${t} at row ${r} is outside [0, ${classes})`);
    counted++;
  }
  const gradient = new Float32Array(logits.length);
  if (counted === 0) return { loss: 0, gradient, counted };
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const t = targets[r]!;
    if (t === IGNORE_INDEX) continue;
    const row = r * classes; // logits[row .. row + classes)
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
    const logSum = Math.log(sum) + max; // log Σ exp(logits)
    total += logSum - logits[row + t]!; // −log softmax(row)[t]
    for (let c = 0; c < classes; c++) gradient[row + c] = Math.exp(logits[row + c]! - logSum) / counted;
    gradient[row + t] = (Math.exp(logits[row + t]! - logSum) - 1) / counted;
  }
  return { loss: total / counted, gradient, counted };
}

/**
 * Mean squared error over all elements, as PyTorch's `F.mse_loss(prediction, target)` (reduction 'mean');
 * `gradient` is dLoss/dPrediction = 2 (prediction − target) / n. An empty prediction has loss 0.
 * Throws RangeError when the lengths differ.
 */
export function meanSquaredError(prediction: Float32Array, target: Float32Array): LossWithGradient {
  const n = prediction.length;
  if (target.length !== n) throw new RangeError(`meanSquaredError: ${n} predictions, ${target.length} targets`);
  const gradient = new Float32Array(n);
  if (n === 0) return { loss: 0, gradient };
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = prediction[i]! - target[i]!;
    total += d * d;
    gradient[i] = (2 * d) / n;
  }
  return { loss: total / n, gradient };
}
