/**
 * Learning-rate schedules: the rate of each update as a pure function of its index, so a resumed run gets
 * the same rates without storing scheduler state. Linear warmup then constant, or then cosine decay (the
 * nanoGPT schedule).
 */

export interface ScheduleSettings {
  /** `constant`: the base rate after warmup; `cosine`: half a cosine from the base rate down to `minLr`. */
  readonly kind: 'constant' | 'cosine';
  /** Updates of linear warmup: update i (0-based) uses base·(i + 1)/warmup while i < warmup. */
  readonly warmup: number;
  /** Total number of updates (where the cosine reaches `minLr`). */
  readonly totalSteps: number;
  /** Rate at the end of the cosine (default 0). */
  readonly minLr?: number;
}

/**
 * The learning rate of update `step` (0-based). Warmup: base·(step + 1)/warmup. Then `constant`: base;
 * `cosine`: minLr + ½(1 + cos(π·progress))·(base − minLr) with progress = (step − warmup)/(totalSteps − warmup),
 * clamped to [0, 1] (so updates past totalSteps stay at minLr).
 */
export function learningRate(schedule: ScheduleSettings, baseLr: number, step: number): number {
  if (step < schedule.warmup) return (baseLr * (step + 1)) / schedule.warmup;
  if (schedule.kind === 'constant') return baseLr;
  const minLr = schedule.minLr ?? 0;
  const span = schedule.totalSteps - schedule.warmup;
  const progress = span <= 0 ? 1 : Math.min(1, Math.max(0, (step - schedule.warmup) / span));
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (baseLr - minLr);
}
