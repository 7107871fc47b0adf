import type { ReactNode } from 'react';
import { formatDiagnostic, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import { Modal } from './Modal.tsx';

/** A dialog listing coded diagnostics (at most 20) under a short explanation, with an OK button. */
export function DiagnosticsModal(props: {
  title: string;
  label?: string;
  intro: ReactNode;
  listLabel: string;
  diagnostics: readonly Diagnostic[];
  onClose: () => void;
}) {
  return (
    <Modal title={props.title} onClose={props.onClose} label={props.label}>
      <p>{props.intro}</p>
      <DiagnosticList label={props.listLabel} diagnostics={props.diagnostics} />
      <div className="fw-modal-actions">
        <button type="button" className="fw-button is-primary" onClick={props.onClose}>
          OK
        </button>
      </div>
    </Modal>
  );
}

/** Coded diagnostics as a list (at most 20), one line each. */
export function DiagnosticList({ label, diagnostics }: { label: string; diagnostics: readonly Diagnostic[] }) {
  return (
    <ul className="fw-open-errors" aria-label={label}>
      {diagnostics.slice(0, 20).map((d, i) => (
        <li key={i} className="fw-mono">
          {formatDiagnostic(d)}
        </li>
      ))}
    </ul>
  );
}
