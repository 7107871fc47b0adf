/**
 * An edge labelled with the shape of the tensor it carries (`[B, T, 32]`), coloured by dtype.
 * The label is plain SVG sized from its character count (the font is monospace), so a thousand
 * labels cost nothing to lay out and nothing on pan or zoom.
 */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from './flow-model.ts';
import { useEdgeRunSummary } from '../run/canvas-hooks.ts';
import { EdgeRunBadge } from '../run/EdgeRunBadge.tsx';

/** Width of one character of the 10px monospace label font, and the label padding. */
const CHAR_WIDTH = 6.05;
const PAD_X = 6;
const HEIGHT = 15;

/** Draws one edge of the graph with its inferred shape. */
export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps<FlowEdge>) {
  const { id, source, sourceHandleId, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const runSummary = useEdgeRunSummary(source, sourceHandleId);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const tone = `fw-dtype-${data?.dtype ?? 'unknown'}${data?.problem ? ' has-problem' : ''}${selected ? ' is-selected' : ''}`;
  const label = data?.label ?? '';
  const width = label.length * CHAR_WIDTH + 2 * PAD_X;
  return (
    <>
      <BaseEdge id={id} path={path} className={`fw-edge ${tone}`} interactionWidth={16} />
      {label && (
        <g className={`fw-edge-label ${tone}`} data-edge-id={id}>
          <title>{`${data?.dtype} ${label}`}</title>
          <rect x={labelX - width / 2} y={labelY - HEIGHT / 2} width={width} height={HEIGHT} rx={HEIGHT / 2} />
          <text x={labelX} y={labelY + 0.5} textAnchor="middle" dominantBaseline="middle">
            {label}
          </text>
        </g>
      )}
      {runSummary && <EdgeRunBadge summary={runSummary} x={labelX} y={labelY + HEIGHT / 2 + 2} />}
    </>
  );
});
