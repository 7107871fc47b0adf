/**
 * While a connection is being dragged over a port that cannot take it, says why — right at the
 * pointer, before the user lets go.
 */
import { useConnection, useReactFlow, type Connection } from '@xyflow/react';
import type { RefObject } from 'react';
import type { ConnectCheck } from '../../graph-schema/edits.ts';

/** The refusal tooltip shown during a connection drag, positioned within `container` (the canvas). */
export function ConnectionHint({ check, container }: { check: (c: Connection) => ConnectCheck; container: RefObject<HTMLElement | null> }) {
  const connection = useConnection();
  const flow = useReactFlow();
  if (!connection.inProgress || !connection.toHandle || connection.isValid !== false) return null;
  const fromIsSource = connection.fromHandle.type === 'source';
  const from = fromIsSource ? connection.fromHandle : connection.toHandle;
  const to = fromIsSource ? connection.toHandle : connection.fromHandle;
  const r = check({ source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null });
  if (r.ok) return null;
  const screen = flow.flowToScreenPosition(connection.to);
  const box = container.current?.getBoundingClientRect();
  const left = Math.min(screen.x - (box?.left ?? 0) + 16, (box?.width ?? Infinity) - 360);
  return (
    <div className="fw-connection-hint" role="status" style={{ left: Math.max(8, left), top: screen.y - (box?.top ?? 0) + 16 }}>
      {r.reason}
    </div>
  );
}
