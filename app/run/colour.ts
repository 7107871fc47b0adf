/**
 * Colour scales for heatmaps: diverging (blue–white–red around 0) for signed tensors, sequential
 * (dark → bright) for non-negative ones such as attention patterns.
 */

/** An `rgb()` colour for `t` in [0, 1] on the sequential scale. */
export function sequential(t: number): string {
  const x = Math.max(0, Math.min(1, t));
  const r = Math.round(20 + 235 * Math.pow(x, 0.9));
  const g = Math.round(24 + 200 * Math.pow(x, 1.4));
  const b = Math.round(60 + 120 * Math.sin(Math.PI * x * 0.9));
  return `rgb(${r},${g},${b})`;
}

/** An `rgb()` colour for `t` in [-1, 1] on the diverging scale. */
export function diverging(t: number): string {
  const x = Math.max(-1, Math.min(1, t));
  const a = Math.abs(x);
  const base = 235;
  if (x >= 0) return `rgb(${base},${Math.round(base - 170 * a)},${Math.round(base - 190 * a)})`;
  return `rgb(${Math.round(base - 190 * a)},${Math.round(base - 120 * a)},${base})`;
}

/** The scale a value range calls for, and the colour of a value on it. */
export function scaleFor(min: number, max: number): { kind: 'sequential' | 'diverging'; colour: (v: number) => string; lo: number; hi: number } {
  if (min >= 0 || !Number.isFinite(min)) {
    const hi = Number.isFinite(max) && max > 0 ? max : 1;
    return { kind: 'sequential', colour: (v) => sequential(v / hi), lo: 0, hi };
  }
  const m = Math.max(Math.abs(min), Math.abs(max), 1e-12);
  return { kind: 'diverging', colour: (v) => diverging(v / m), lo: -m, hi: m };
}
