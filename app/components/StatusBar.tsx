/**
 * The status bar: node and parameter counts, FLOPs (when the engine's cost model is available),
 * analysis state, where you are.
 */
import { useRef } from 'react';
import { useEditor } from '../store/use-editor.ts';
import { formatCount } from './format.ts';

/** The bottom status bar. */
export function StatusBar() {
  const nodes = useEditor((s) => s.doc.nodes.length);
  const inner = useEditor((s) => Object.values(s.doc.subgraphs ?? {}).reduce((n, sg) => n + sg.nodes.length, 0));
  const analysis = useEditor((s) => s.analysis);
  const stale = useEditor((s) => s.analysisDoc !== s.doc);
  const busy = useEditor((s) => s.ui.busy);
  const errors = analysis?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  // FLOPs arrive a moment after the shapes; until then the previous figure is shown, dimmed.
  const last = useRef<{ text: string; note: string | null } | null>(null);
  let flops: { text: string; note: string | null; stale: boolean } = { text: '—', note: null, stale: false };
  if (analysis?.flops != null) {
    last.current = { text: formatCount(analysis.flops), note: analysis.flopsNote };
    flops = { ...last.current, stale: false };
  } else if (analysis?.ok && last.current && nodes > 0) flops = { ...last.current, stale: true };
  if (nodes === 0) last.current = null; // an empty graph has no cost: never show the previous graph's
  return (
    <footer className="fw-status" aria-label="Status">
      <span data-testid="status-nodes">
        <strong>{nodes}</strong> nodes{inner > 0 ? ` (+${inner} in subgraphs)` : ''}
      </span>
      <span data-testid="status-params" title={analysis ? `${analysis.parameterCount.toLocaleString()} learned parameters` : ''}>
        <strong>{analysis && nodes > 0 ? formatCount(analysis.parameterCount) : '—'}</strong> parameters
      </span>
      <span data-testid="status-flops" className={flops.stale ? 'fw-status-stale' : ''} title="FLOPs of one forward pass, from the engine's cost model (needs a valid graph)">
        <strong>{flops.text}</strong> FLOPs{flops.note ? ` (${flops.note})` : ''}
      </span>
      <span className={errors > 0 ? 'fw-status-error' : 'fw-status-ok'}>{errors > 0 ? `${errors} error${errors > 1 ? 's' : ''}` : nodes === 0 ? 'empty' : analysis ? 'valid' : ''}</span>
      <span className="fw-status-spacer" />
      {busy && <span className="fw-status-busy">{busy}</span>}
      <span className="fw-status-muted" data-testid="status-analysis">
        {stale ? 'analysing…' : analysis ? `analysed in ${analysis.millis.toFixed(0)} ms` : ''}
      </span>
    </footer>
  );
}
