/**
 * A 2-D heatmap drawn on a <canvas>: values coloured on a sequential or diverging scale, optional
 * row/column labels (token texts, drawn as canvas text — never HTML), masked cells hatched, hover
 * reports the cell under the pointer. Used by the tensor inspector and the attention view.
 */
import { useEffect, useMemo, useRef } from 'react';
import { scaleFor } from './colour.ts';
import type { Slice2D } from './tensor-math.ts';

export interface HeatmapProps {
  readonly slice: Slice2D;
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  /** Cells to hatch (e.g. causally masked attention), row-major like `slice.values`. */
  readonly masked?: Uint8Array;
  /** Size of one cell in CSS pixels. */
  readonly cell?: number;
  /** Fixed value range (default: the slice's own). */
  readonly range?: readonly [number, number];
  /** Dim every row but this one. */
  readonly focusRow?: number | null;
  readonly onHover?: (cell: { row: number; col: number; value: number } | null) => void;
  readonly label?: string;
  readonly testId?: string;
}

const LABEL_W = 46;
const LABEL_H = 40;

function finiteRange(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) (lo = Math.min(lo, v), (hi = Math.max(hi, v)));
  return [lo, hi];
}

/** Visible form of a token for a label: spaces and newlines shown as symbols. */
export function tokenLabel(text: string): string {
  const shown = text.replace(/ /g, '␣').replace(/\n/g, '⏎').replace(/\t/g, '⇥');
  return shown.length > 6 ? `${shown.slice(0, 5)}…` : shown;
}

export function Heatmap({ slice, rowLabels, colLabels, masked, cell = 18, range, focusRow = null, onHover, label, testId }: HeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [lo, hi] = useMemo(() => range ?? finiteRange(slice.values), [range, slice]);
  const scale = useMemo(() => scaleFor(lo, hi), [lo, hi]);
  const left = rowLabels ? LABEL_W : 0;
  const top = colLabels ? LABEL_H : 0;
  const width = left + slice.cols * cell;
  const height = top + slice.rows * cell;

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.ceil(width * dpr);
    canvas.height = Math.ceil(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(canvas);
    const text = style.getPropertyValue('--text-muted').trim() || '#999';
    for (let r = 0; r < slice.rows; r++) {
      for (let c = 0; c < slice.cols; c++) {
        const v = slice.values[r * slice.cols + c]!;
        const x = left + c * cell;
        const y = top + r * cell;
        if (masked?.[r * slice.cols + c]) {
          ctx.fillStyle = 'rgba(128,128,140,0.18)';
          ctx.fillRect(x, y, cell, cell);
          ctx.strokeStyle = 'rgba(150,150,165,0.55)';
          ctx.lineWidth = 1;
          ctx.beginPath();
          for (let k = -cell; k < cell; k += 5) (ctx.moveTo(x + Math.max(0, k), y + Math.max(0, -k)), ctx.lineTo(x + Math.min(cell, k + cell), y + Math.min(cell, cell - k)));
          ctx.stroke();
          continue;
        }
        ctx.fillStyle = Number.isNaN(v) ? '#ff00ff' : scale.colour(Number.isFinite(v) ? v : v > 0 ? hi : lo);
        ctx.globalAlpha = focusRow === null || focusRow === r ? 1 : 0.25;
        ctx.fillRect(x, y, cell - (cell > 6 ? 1 : 0), cell - (cell > 6 ? 1 : 0));
        ctx.globalAlpha = 1;
      }
    }
    ctx.fillStyle = text;
    ctx.font = '10px ui-monospace, monospace';
    if (rowLabels) {
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      rowLabels.forEach((l, r) => {
        ctx.fillStyle = focusRow === r ? '#ffffff' : text;
        ctx.fillText(tokenLabel(l), left - 4, top + r * cell + cell / 2);
      });
    }
    if (colLabels) {
      ctx.fillStyle = text;
      colLabels.forEach((l, c) => {
        ctx.save();
        ctx.translate(left + c * cell + cell / 2, top - 4);
        ctx.rotate(-Math.PI / 3);
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(tokenLabel(l), 0, 0);
        ctx.restore();
      });
    }
  }, [slice, rowLabels, colLabels, masked, cell, scale, lo, hi, left, top, width, height, focusRow]);

  const cellAt = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - box.left - left) / cell);
    const row = Math.floor((e.clientY - box.top - top) / cell);
    if (row < 0 || row >= slice.rows || col >= slice.cols) return null;
    if (col < 0) return { row, col: -1, value: NaN }; // on a row label
    return { row, col, value: slice.values[row * slice.cols + col]! };
  };

  return (
    <canvas
      ref={ref}
      className="fw-heatmap"
      style={{ width, height }}
      aria-label={label ?? 'heatmap'}
      data-testid={testId}
      data-left={left}
      data-top={top}
      data-cell={cell}
      onMouseMove={(e) => onHover?.(cellAt(e))}
      onMouseLeave={() => onHover?.(null)}
    />
  );
}

/** A colour-scale legend for a value range. */
export function Legend({ min, max }: { min: number; max: number }) {
  const scale = scaleFor(min, max);
  const stops = Array.from({ length: 11 }, (_, i) => scale.colour(scale.lo + ((scale.hi - scale.lo) * i) / 10));
  return (
    <div className="fw-legend" aria-label="colour scale">
      <span>{scale.lo.toPrecision(3)}</span>
      <span className="fw-legend-bar" style={{ background: `linear-gradient(90deg, ${stops.join(',')})` }} />
      <span>{scale.hi.toPrecision(3)}</span>
    </div>
  );
}
