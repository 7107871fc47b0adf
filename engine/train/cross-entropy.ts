/**
 * Next-token cross-entropy from logits: mean over the positions whose target is not −1 (padding) of
 * −log softmax(logits)[target], with a numerically stable log-sum-exp, and its gradient
 * (softmax − one-hot) / count with respect to the logits.
 */

/** Loss, and the gradient with respect to the logits when asked for. */
export interface CrossEntropy {
  readonly loss: number;
  readonly gradient?: Float32Array;
}

/**
 * `logits` is [N, V] row-major (N = targets.length), `targets` holds class ids or −1 to ignore. With no
 * counted position the loss is 0 and the gradient all zeros.
 */
export function crossEntropyFromLogits(logits: Float32Array, targets: Int32Array, vocab: number, withGradient: boolean): CrossEntropy {
  const rows = targets.length;
  if (logits.length !== rows * vocab) throw new RangeError(`cross-entropy: ${logits.length} logits for ${rows} targets of ${vocab} classes`);
  const gradient = withGradient ? new Float32Array(logits.length) : undefined;
  let counted = 0;
  for (const t of targets) if (t >= 0) counted++;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const t = targets[r]!;
    if (t < 0) continue;
    if (t >= vocab) throw new RangeError(`cross-entropy: target ${t} is outside the ${vocab} classes`);
    const base = r * vocab;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) max = Math.max(max, logits[base + v]!);
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(logits[base + v]! - max);
    const logSum = max + Math.log(sum);
    total += logSum - logits[base + t]!;
    if (gradient) {
      for (let v = 0; v < vocab; v++) gradient[base + v] = Math.exp(logits[base + v]! - logSum) / counted; // softmax / count
      gradient[base + t] = gradient[base + t]! - 1 / counted;
    }
  }
  return gradient ? { loss: counted === 0 ? 0 : total / counted, gradient } : { loss: counted === 0 ? 0 : total / counted };
}
