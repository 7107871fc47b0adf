/**
 * The problems list: every diagnostic of the graph, with code, message and hint. Clicking one
 * opens the subgraph it is in, selects the node and scrolls to it.
 */
import { useEditor } from '../store/use-editor.ts';
import { IconAlert, IconCheck } from './icons.tsx';
import type { LocatedDiagnostic } from '../analysis/summary.ts';

function where(d: LocatedDiagnostic): string {
  const last = d.locations[d.locations.length - 1];
  if (!last) return d.path ?? 'graph';
  return last.scope === null ? last.node : `${last.scope} › ${last.node}`;
}

/** The problems panel under the inspector. */
export function ProblemsPanel() {
  const analysis = useEditor((s) => s.analysis);
  const reveal = useEditor((s) => s.reveal);
  const diagnostics = analysis?.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="fw-problems" aria-label="Problems">
      <header className="fw-panel-header">
        Problems
        <span className={`fw-badge${errors > 0 ? ' is-error' : ''}`} data-testid="problem-count">
          {diagnostics.length}
        </span>
      </header>
      {analysis && diagnostics.length === 0 && (
        <p className="fw-problems-ok">
          <IconCheck /> No problems — every shape checks out.
        </p>
      )}
      <ul className="fw-problem-list">
        {diagnostics.map((d, i) => {
          const target = d.locations[d.locations.length - 1];
          return (
            <li key={`${d.code}-${i}`}>
              <button
                type="button"
                className={`fw-problem is-${d.severity}`}
                disabled={!target}
                onClick={() => target && reveal(target.scope, target.node)}
                title={d.hint ?? d.message}
              >
                <span className="fw-problem-icon">
                  <IconAlert />
                </span>
                <span className="fw-problem-main">
                  <span className="fw-problem-message">{d.message}</span>
                  <span className="fw-problem-meta">
                    <span className="fw-code">{d.code}</span> {where(d)}
                    {d.hint && <span className="fw-hint"> · {d.hint}</span>}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
