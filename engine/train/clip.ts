/**
 * Gradient clipping by global norm, as PyTorch's `torch.nn.utils.clip_grad_norm_(params, max_norm)`: one
 * L2 norm over all gradients together; when it exceeds `maxNorm` every gradient is scaled by
 * maxNorm / (norm + 1e-6), so the direction of the update is kept and only its length is bounded.
 */

/** The L2 norm of all gradients together, √(Σ g²) over every element of every tensor (float64 sum). */
export function globalNorm(gradients: ReadonlyMap<string, Float32Array>): number {
  let sum = 0;
  for (const g of gradients.values()) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  return Math.sqrt(sum);
}

/**
 * Scales the gradients in place so their global norm is at most about `maxNorm` (PyTorch's coefficient
 * maxNorm / (norm + 1e-6), applied only when it is below 1), and returns the norm before clipping.
 * A non-finite norm is returned as is and the gradients are left untouched (the trainer stops on it).
 */
export function clipGradNorm(gradients: ReadonlyMap<string, Float32Array>, maxNorm: number): number {
  const norm = globalNorm(gradients);
  if (!Number.isFinite(norm)) return norm;
  const coefficient = maxNorm / (norm + 1e-6);
  if (coefficient < 1) for (const g of gradients.values()) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coefficient;
  return norm;
}
