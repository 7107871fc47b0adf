/**
 * Level of detail: when zoomed far out, the canvas is marked `data-zoom="far"` and CSS drops what
 * cannot be read at that size anyway (port text, chips, edge labels, shadows). Layout stays the
 * same, so nothing is re-measured.
 */
import { useStore } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';

const FAR_BELOW = 0.45;

/** Keeps `data-zoom` on the canvas element in step with the zoom level. */
export function ZoomLevel({ target }: { target: RefObject<HTMLElement | null> }) {
  const far = useStore((s) => s.transform[2] < FAR_BELOW);
  useEffect(() => {
    target.current?.setAttribute('data-zoom', far ? 'far' : 'near');
  }, [far, target]);
  return null;
}
