/**
 * The Compare view (CPU backend vs onnxruntime-web, block by block) and the Export ONNX error dialog.
 */
import { useSyncExternalStore } from 'react';
import { formatDiagnostic } from '../../graph-schema/diagnostics.ts';
import type { TensorComparison } from '../../engine/onnx/parity.ts';
import { DiagnosticsModal } from '../components/DiagnosticsModal.tsx';
import { CanvasPortal } from './CanvasPortal.tsx';
import { onnxActions, onnxUi, type OnnxUiState } from './onnx-actions.ts';
import './onnx.css';

/** Reads the ONNX UI store. */
export function useOnnxUi<T>(pick: (s: OnnxUiState) => T): T {
  return useSyncExternalStore(onnxUi.subscribe, () => pick(onnxUi.getState()));
}

const fmt = (d: number) => (Number.isFinite(d) ? d.toExponential(2) : '∞');

function Row({ c, tolerance, first }: { c: TensorComparison; tolerance: number; first: boolean }) {
  const over = !(c.maxAbsDiff <= tolerance);
  return (
    <tr
      className={`fw-cmp-row ${over ? 'is-over' : 'is-ok'}${first ? ' is-first' : ''}`}
      data-testid="compare-row"
      data-node={c.node}
      title={c.problem ?? `${c.node} (${c.block}) ${c.kind} '${c.port}' [${c.shape.join(', ')}] — click to select the node`}
      onClick={() => c.kind !== 'graph-output' && onnxActions.current?.revealBlock(c.node)}
    >
      <td className="fw-cmp-node">
        {c.node} <span className="fw-cmp-sub">{c.block}</span>
      </td>
      <td>{c.port}</td>
      <td className="fw-cmp-diff">{fmt(c.maxAbsDiff)}</td>
    </tr>
  );
}

function Compare() {
  const st = useOnnxUi((s) => s);
  const actions = onnxActions.current;
  const report = st.report;
  const rows = report ? [...report.blocks, ...report.outputs] : [];
  const overCount = report ? rows.filter((c) => !(c.maxAbsDiff <= report.tolerance)).length : 0;
  const info = st.ortInfo;
  return (
    <section className="fw-cmp" aria-label="Compare backends" data-testid="compare-panel">
      <header className="fw-cmp-header">
        <strong>Compare backends</strong>
        <span className="fw-cmp-sub">our CPU backend vs onnxruntime-web, block by block</span>
        <button type="button" className="fw-icon-button" aria-label="Close compare" onClick={() => onnxActions.toggleCompare()}>
          ×
        </button>
      </header>
      <form
        className="fw-cmp-form"
        onSubmit={(e) => {
          e.preventDefault();
          actions?.runCompare('wasm');
        }}
      >
        <input aria-label="Compare prompt" value={st.prompt} placeholder="prompt text" onChange={(e) => actions?.setPrompt(e.target.value)} />
        <select aria-label="Tolerance" title="max |Δ| allowed per tensor" value={String(st.tolerance)} onChange={(e) => actions?.setTolerance(Number(e.target.value))}>
          {[1e-4, 1e-5, 1e-6, 1e-7].map((t) => (
            <option key={t} value={String(t)}>
              |Δ| ≤ {t.toExponential(0)}
            </option>
          ))}
        </select>
        <button type="submit" className="fw-button is-primary" disabled={st.comparing !== null}>
          Run on wasm
        </button>
        {st.webgpu && (
          <button type="button" className="fw-button" disabled={st.comparing !== null} onClick={() => actions?.runCompare('webgpu')}>
            Run on WebGPU
          </button>
        )}
      </form>
      <p className="fw-cmp-info" data-testid="compare-info">
        onnxruntime-web: {info ? `${info.numThreads} thread${info.numThreads === 1 ? '' : 's'}${info.initialised ? '' : ' (requested)'}` : '…'}
        {info && (info.crossOriginIsolated ? ' · cross-origin isolated' : ' · not cross-origin isolated (1 thread)')}
        {' · WebGPU: '}
        {st.webgpu === null ? 'checking…' : st.webgpu ? 'available' : 'not available'}
      </p>
      {st.comparing && (
        <p className="fw-cmp-status" role="status">
          <span className="fw-spinner" /> {st.comparing}…
        </p>
      )}
      {st.compareErrors && (
        <ul className="fw-cmp-errors" aria-label="Compare problems">
          {st.compareErrors.slice(0, 10).map((d, i) => (
            <li key={i} className="fw-mono">
              {formatDiagnostic(d)}
            </li>
          ))}
        </ul>
      )}
      {report && (
        <>
          <p className={`fw-cmp-verdict ${overCount ? 'is-over' : 'is-ok'}`} data-testid="compare-verdict">
            {overCount === 0
              ? `All ${rows.length} tensors within tolerance ${report.tolerance} (max |Δ| ${fmt(report.maxAbsDiff)})`
              : `${overCount} of ${rows.length} tensors over tolerance ${report.tolerance}; first: ${report.firstOverTolerance?.node} (${report.firstOverTolerance?.block})`}
            <span className="fw-cmp-sub">
              {' '}
              · {st.reportDevice} · {Math.round(st.reportMs)} ms
            </span>
          </p>
          <div className="fw-cmp-table-wrap">
            <table className="fw-cmp-table">
              <thead>
                <tr>
                  <th>node</th>
                  <th>port</th>
                  <th>max |Δ|</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c, i) => (
                  <Row key={i} c={c} tolerance={report.tolerance} first={c === report.firstOverTolerance} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ExportErrors() {
  const errors = useOnnxUi((s) => s.exportErrors);
  if (!errors) return null;
  const close = () => onnxActions.current?.dismissExportErrors();
  return (
    <DiagnosticsModal title="Export ONNX failed" intro="The graph could not be exported to ONNX:" listLabel="Export problems" diagnostics={errors} onClose={close} />
  );
}

/** The Compare panel (when open) and export errors. */
export function OnnxPanel() {
  const open = useOnnxUi((s) => s.compareOpen);
  return (
    <>
      {open && (
        <CanvasPortal>
          <Compare />
        </CanvasPortal>
      )}
      <ExportErrors />
    </>
  );
}
