/**
 * Optimizers over named float32 weights, with PyTorch's exact update rules (torch.optim.SGD, Adam and AdamW,
 * single-tensor path) so a run can be checked step by step against PyTorch. Their state (moments, momentum
 * buffers, step count) is plain named tensors plus a number, so a checkpoint can store it and a resumed
 * run continues bit-identically. Per element the arithmetic is float64, stored back as float32.
 */

/** SGD with optional momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD). */
export interface SgdSettings {
  readonly kind: 'sgd';
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

/** Adam (L2 decay added to the gradient) or AdamW (decoupled decay `p -= lr·wd·p` before the Adam step). */
export interface AdamSettings {
  readonly kind: 'adam' | 'adamw';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
}

export type OptimizerSettings = SgdSettings | AdamSettings;

/** PyTorch's defaults, except AdamW's weight decay (PyTorch: 0.01, the same). */
export const DEFAULT_OPTIMIZERS = {
  sgd: { kind: 'sgd', momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
  adam: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
  adamw: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
} as const satisfies Record<string, OptimizerSettings>;

/**
 * Everything an optimizer remembers between steps: how many steps it took, and per slot (`exp_avg`,
 * `exp_avg_sq` for Adam, `momentum_buffer` for SGD) one tensor per weight name.
 */
export interface OptimizerState {
  readonly step: number;
  readonly slots: ReadonlyMap<string, ReadonlyMap<string, Float32Array>>;
}

export interface Optimizer {
  readonly settings: OptimizerSettings;
  /** Updates every weight in `parameters` in place from its gradient, with learning rate `lr`. */
  step(parameters: ReadonlyMap<string, Float32Array>, gradients: ReadonlyMap<string, Float32Array>, lr: number): void;
  /** A deep copy of the state, for a checkpoint. */
  state(): OptimizerState;
}

/** Slot names per optimizer kind (PyTorch's names). */
export function optimizerSlots(settings: OptimizerSettings): readonly string[] {
  if (settings.kind !== 'sgd') return ['exp_avg', 'exp_avg_sq'];
  return settings.momentum !== 0 ? ['momentum_buffer'] : [];
}

/**
 * Creates an optimizer, optionally continuing from a saved `state` (copied, never aliased).
 * Throws RangeError when a gradient is missing or its size differs from its weight's — the model's
 * gradients are built for its own parameters, so that is a bug, not bad input.
 */
export function createOptimizer(settings: OptimizerSettings, initial?: OptimizerState): Optimizer {
  let steps = initial?.step ?? 0;
  const slots = new Map<string, Map<string, Float32Array>>();
  for (const slot of optimizerSlots(settings)) {
    const saved = initial?.slots.get(slot);
    slots.set(slot, new Map([...(saved ?? [])].map(([name, t]) => [name, Float32Array.from(t)])));
  }
  const slotFor = (slot: string, name: string, size: number, first?: Float32Array): { buffer: Float32Array; fresh: boolean } => {
    const table = slots.get(slot)!;
    const existing = table.get(name);
    if (existing) {
      if (existing.length !== size) throw new RangeError(`optimizer state '${slot}' of '${name}' has ${existing.length} values, the weight ${size}`);
      return { buffer: existing, fresh: false };
    }
    const buffer = first ? Float32Array.from(first) : new Float32Array(size);
    table.set(name, buffer);
    return { buffer, fresh: true };
  };

  const step = (parameters: ReadonlyMap<string, Float32Array>, gradients: ReadonlyMap<string, Float32Array>, lr: number): void => {
    steps++;
    for (const [name, p] of parameters) {
      const g = gradients.get(name);
      if (!g || g.length !== p.length) throw new RangeError(`optimizer: gradient of '${name}' has ${g?.length ?? 'no'} values, the weight ${p.length}`);
      if (settings.kind === 'sgd') sgdStep(settings, p, g, lr, slotFor, name);
      else adamStep(settings, p, g, lr, steps, slotFor('exp_avg', name, p.length).buffer, slotFor('exp_avg_sq', name, p.length).buffer);
    }
  };

  const state = (): OptimizerState => ({
    step: steps,
    slots: new Map([...slots].map(([slot, table]) => [slot, new Map([...table].map(([name, t]) => [name, Float32Array.from(t)]))])),
  });
  return { settings, step, state };
}

type SlotGetter = (slot: string, name: string, size: number, first?: Float32Array) => { buffer: Float32Array; fresh: boolean };

/** torch.optim.SGD: d = g + wd·p; buf = d (first step) or μ·buf + (1 − dampening)·d; d = nesterov ? d + μ·buf : buf; p −= lr·d. */
function sgdStep(s: SgdSettings, p: Float32Array, g: Float32Array, lr: number, slotFor: SlotGetter, name: string): void {
  const n = p.length;
  const d = new Float32Array(n); // [n] the gradient with L2 decay
  for (let i = 0; i < n; i++) d[i] = s.weightDecay !== 0 ? g[i]! + s.weightDecay * p[i]! : g[i]!;
  if (s.momentum !== 0) {
    const { buffer, fresh } = slotFor('momentum_buffer', name, n, d);
    if (!fresh) for (let i = 0; i < n; i++) buffer[i] = s.momentum * buffer[i]! + (1 - s.dampening) * d[i]!;
    for (let i = 0; i < n; i++) d[i] = s.nesterov ? d[i]! + s.momentum * buffer[i]! : buffer[i]!;
  }
  for (let i = 0; i < n; i++) p[i] = p[i]! - lr * d[i]!;
}

/**
 * torch.optim.Adam / AdamW at step t (1-based): AdamW first decays p ← p·(1 − lr·wd), Adam adds wd·p to g;
 * m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; p −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps).
 */
function adamStep(s: AdamSettings, p: Float32Array, g: Float32Array, lr: number, t: number, m: Float32Array, v: Float32Array): void {
  const stepSize = lr / (1 - s.beta1 ** t);
  const correction2Sqrt = Math.sqrt(1 - s.beta2 ** t);
  const decoupled = s.kind === 'adamw' ? 1 - lr * s.weightDecay : 1;
  const l2 = s.kind === 'adam' ? s.weightDecay : 0;
  for (let i = 0; i < p.length; i++) {
    const param = Math.fround(p[i]! * decoupled); // PyTorch stores the decayed weight before the Adam step
    const grad = g[i]! + l2 * param;
    m[i] = s.beta1 * m[i]! + (1 - s.beta1) * grad;
    v[i] = s.beta2 * v[i]! + (1 - s.beta2) * grad * grad;
    p[i] = param - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / correction2Sqrt + s.eps);
  }
}
