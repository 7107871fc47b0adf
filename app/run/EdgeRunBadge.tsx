/**
 * The compact summary drawn under an edge's shape label once its source block has run: min … max
 * and a 16-cell heat strip of the values (blue negative, red positive). Plain SVG, no HTML.
 */
import { diverging } from './colour.ts';
import type { EdgeSummary } from './run-store.ts';
import { formatValue } from './tensor-math.ts';

const CELL = 4;

export function EdgeRunBadge({ summary, x, y }: { summary: EdgeSummary; x: number; y: number }) {
  const text = `${formatValue(summary.min)} … ${formatValue(summary.max)}`;
  const stripWidth = summary.strip.length * CELL;
  const width = Math.max(stripWidth, text.length * 5.5) + 10;
  return (
    <g className="fw-edge-run" data-testid="edge-run-summary" transform={`translate(${x - width / 2}, ${y})`}>
      <title>{`min ${summary.min}\nmax ${summary.max}`}</title>
      <rect className="fw-edge-run-bg" width={width} height={22} rx={4} />
      <text x={width / 2} y={9} textAnchor="middle">
        {text}
      </text>
      {summary.strip.map((v, i) => (
        <rect key={i} x={(width - stripWidth) / 2 + i * CELL} y={13} width={CELL} height={5} fill={diverging(v)} />
      ))}
    </g>
  );
}
