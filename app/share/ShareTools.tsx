/**
 * The toolbar's Share button: one click copies the share link and opens the popover (link, notices,
 * PNG / SVG pictures).
 */
import { shareActions } from './share-actions.ts';

/** Share button for the toolbar. */
export function ShareTools() {
  return (
    <button type="button" className="fw-tool" aria-label="Share link" title="Copy a link that carries this graph; pictures (PNG, SVG)" onClick={shareActions.copyShareLink}>
      <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
      </svg>
      <span className="fw-tool-text">Share</span>
    </button>
  );
}
