/**
 * Where you are: the top-level graph, then each open subgraph. Click a crumb to go back out.
 */
import { useEditor } from '../store/use-editor.ts';

/** Breadcrumb trail over the canvas. */
export function Breadcrumbs() {
  const path = useEditor((s) => s.ui.openPath);
  const title = useEditor((s) => s.doc.meta?.title ?? 'Graph');
  const closeTo = useEditor((s) => s.closeTo);
  if (path.length === 0) return null;
  return (
    <nav className="fw-breadcrumbs" aria-label="Subgraph path">
      <button type="button" onClick={() => closeTo(0)} aria-label={`Back to ${title}`}>
        {title}
      </button>
      {path.map((name, i) => (
        <span key={`${name}-${i}`} className="fw-crumb">
          <span className="fw-crumb-sep">›</span>
          {i === path.length - 1 ? (
            <span className="fw-crumb-current" aria-current="page">
              {name}
            </span>
          ) : (
            <button type="button" onClick={() => closeTo(i + 1)}>
              {name}
            </button>
          )}
        </span>
      ))}
      <span className="fw-crumb-hint">Esc to go back</span>
    </nav>
  );
}
