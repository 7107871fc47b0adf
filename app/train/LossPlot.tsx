/**
 * The live loss plot: training loss (averaged into at most {@link BUCKETS} buckets, so a long run
 * draws as cheaply as a short one) and validation loss as points, over steps 0…total, in plain SVG.
 */
import type { LossPoint } from './protocol.ts';

const BUCKETS = 300;
const W = 480;
const H = 170;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

/** Means of consecutive runs of points, at most `buckets` of them (each at its mean step). */
export function bucketMeans(points: readonly LossPoint[], buckets = BUCKETS): LossPoint[] {
  if (points.length <= buckets) return [...points];
  const size = points.length / buckets;
  const out: LossPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.floor((b + 1) * size);
    let step = 0;
    let loss = 0;
    for (let i = from; i < to; i++) (step += points[i]!.step, (loss += points[i]!.loss));
    out.push({ step: step / (to - from), loss: loss / (to - from) });
  }
  return out;
}

/** Rounded-out bounds of the losses shown. */
function lossRange(points: readonly LossPoint[]): [number, number] {
  if (points.length === 0) return [0, 5];
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) (lo = Math.min(lo, p.loss), (hi = Math.max(hi, p.loss)));
  lo = Math.floor(lo * 2) / 2;
  hi = Math.ceil(hi * 2) / 2;
  return hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

export function LossPlot({ train, validation, total, marker }: { train: readonly LossPoint[]; validation: readonly LossPoint[]; total: number; marker: number | null }) {
  const line = bucketMeans(train);
  const [lo, hi] = lossRange([...line, ...validation]);
  const x = (step: number) => PAD.left + (step / Math.max(1, total)) * (W - PAD.left - PAD.right);
  const y = (loss: number) => PAD.top + ((hi - loss) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const path = line.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join('');
  const validationPath = validation.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join('');
  const ticks = [lo, (lo + hi) / 2, hi];
  return (
    <svg className="fw-train-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training and validation loss by step" data-testid="loss-plot">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="fw-plot-grid" />
          <text x={PAD.left - 4} y={y(t) + 3} textAnchor="end" className="fw-plot-label">
            {t.toFixed(1)}
          </text>
        </g>
      ))}
      <text x={PAD.left} y={H - 6} className="fw-plot-label">
        0
      </text>
      <text x={W - PAD.right} y={H - 6} textAnchor="end" className="fw-plot-label">
        step {total}
      </text>
      {marker !== null && <line x1={x(marker)} x2={x(marker)} y1={PAD.top} y2={H - PAD.bottom} className="fw-plot-marker" />}
      <path d={path} className="fw-plot-train" />
      <path d={validationPath} className="fw-plot-validation" />
      {validation.map((p) => (
        <circle key={p.step} cx={x(p.step)} cy={y(p.loss)} r={2.5} className="fw-plot-validation-dot" />
      ))}
    </svg>
  );
}
