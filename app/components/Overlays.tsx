/**
 * The modal overlays: help (shortcuts), templates gallery, save-as, confirmations and the
 * diagnostics of a file that could not be opened.
 */
import { useState } from 'react';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import { emptyDocument } from '../../graph-schema/document.ts';
import { useCommands } from '../commands-context.ts';
import { fileNameFor } from '../files/file-io.ts';
import { TEMPLATES } from '../files/templates.ts';
import { displayCombo, GESTURES, SHORTCUTS } from '../keyboard/shortcuts.ts';
import type { Overlay } from '../store/types.ts';
import { useEditor } from '../store/use-editor.ts';
import { DiagnosticList, DiagnosticsModal } from './DiagnosticsModal.tsx';
import { Modal } from './Modal.tsx';
import { RecentList } from './RecentList.tsx';

function Help({ close }: { close: () => void }) {
  const groups = ['File', 'Edit', 'Graph', 'View', 'Run'] as const;
  return (
    <Modal title="Keyboard shortcuts" onClose={close} wide>
      <div className="fw-help-grid">
        {groups.map((g) => (
          <section key={g}>
            <h3>{g}</h3>
            <dl>
              {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                <div key={s.label} className="fw-help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{displayCombo(k)}</kbd>
                    ))}
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <section className="fw-help-mouse">
          <h3>Mouse</h3>
          <dl>
            {GESTURES.map(([gesture, effect]) => (
              <div key={gesture} className="fw-help-row">
                <dt>{gesture}</dt>
                <dd>{effect}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </Modal>
  );
}

function Templates({ close }: { close: () => void }) {
  const commands = useCommands();
  return (
    <Modal title="Templates" onClose={close} wide>
      <div className="fw-template-grid">
        <button type="button" className="fw-template" onClick={() => (close(), commands.newDocument())}>
          <strong>Blank graph</strong>
          <span>Start from an empty canvas.</span>
        </button>
        {TEMPLATES.map((t) => (
          <button type="button" key={t.id} className="fw-template" disabled={!t.doc} aria-label={`Open template ${t.title}`} onClick={() => commands.openTemplate(t)}>
            <strong>{t.title}</strong>
            <span>{t.doc ? t.description || `${t.nodeCount} nodes` : `Cannot be opened: ${t.diagnostics[0]?.message ?? 'invalid'}`}</span>
            <code>{t.id}.formwork.json</code>
          </button>
        ))}
        {TEMPLATES.length === 0 && <p className="fw-empty">No examples found in examples/.</p>}
      </div>
    </Modal>
  );
}

function SaveAs({ close }: { close: () => void }) {
  const commands = useCommands();
  const title = useEditor((s) => s.doc.meta?.title ?? 'Untitled');
  const [draft, setDraft] = useState(title);
  const submit = () => {
    close();
    commands.saveAs(draft);
  };
  return (
    <Modal title="Save as" onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="fw-field">
          <span>Title</span>
          <input aria-label="File title" value={draft} autoFocus onChange={(e) => setDraft(e.target.value)} />
        </label>
        <p className="fw-field-help">
          Downloads <code>{fileNameFor({ ...emptyDocument(), meta: { title: draft } })}</code>
        </p>
        <div className="fw-modal-actions">
          <button type="button" className="fw-button is-quiet" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="fw-button is-primary">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Confirm({ overlay, close }: { overlay: Extract<Overlay, { kind: 'confirm' }>; close: () => void }) {
  return (
    <Modal title={overlay.title} onClose={close}>
      <p>{overlay.message}</p>
      <div className="fw-modal-actions">
        <button type="button" className="fw-button is-quiet" data-autofocus onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className="fw-button is-danger"
          onClick={() => {
            close();
            overlay.onConfirm();
          }}
        >
          {overlay.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

function OpenError({ overlay, close }: { overlay: Extract<Overlay, { kind: 'open-error' }>; close: () => void }) {
  return (
    <DiagnosticsModal
      title="This file cannot be opened"
      label="File cannot be opened"
      intro={<><code>{overlay.fileName}</code> is not a graph Formwork can read. Your current graph is unchanged.</>}
      listLabel="File problems"
      diagnostics={overlay.diagnostics}
      onClose={close}
    />
  );
}

/** Whichever overlay is open. */
export function Overlays() {
  const overlay = useEditor((s) => s.ui.overlay);
  const setOverlay = useEditor((s) => s.setOverlay);
  const close = () => setOverlay(null);
  if (!overlay) return null;
  switch (overlay.kind) {
    case 'help':
      return <Help close={close} />;
    case 'templates':
      return <Templates close={close} />;
    case 'save-as':
      return <SaveAs close={close} />;
    case 'fit':
      return <FitFromText close={close} />;
    case 'recent':
      return <RecentList close={close} />;
    case 'confirm':
      return <Confirm overlay={overlay} close={close} />;
    case 'open-error':
      return <OpenError overlay={overlay} close={close} />;
  }
}

const SAMPLE_CORPUS = '50 Show me my photos please\n30 Show me my files please\n20 Show me my directories please';

/** Counts a pasted corpus into the graph's first-order / second-order / skip-vote tables. */
function FitFromText({ close }: { close: () => void }) {
  const commands = useCommands();
  const [corpus, setCorpus] = useState(SAMPLE_CORPUS);
  const [problems, setProblems] = useState<readonly Diagnostic[]>([]);
  const submit = () => {
    const found = commands.fitFromText(corpus);
    if (found.length === 0) close();
    else setProblems(found);
  };
  return (
    <Modal title="Fit from text" onClose={close} wide>
      <p className="fw-field-help">
        One sentence per line, optionally after a weight (<code>40 Check whether the battery ran down please</code>). The counts
        fill the tables of the nodes named <code>first_order</code>, <code>second_order</code> or <code>skip_votes</code>, and the
        token input gets the corpus vocabulary. The tour templates 2–8 have such tables.
      </p>
      <label className="fw-field">
        <span>Corpus</span>
        <textarea aria-label="Corpus" rows={8} value={corpus} onChange={(e) => setCorpus(e.target.value)} spellCheck={false} />
      </label>
      {problems.length > 0 && <DiagnosticList label="Fit problems" diagnostics={problems} />}
      <div className="fw-modal-actions">
        <button type="button" className="fw-button is-quiet" onClick={close}>
          Cancel
        </button>
        <button type="button" className="fw-button is-primary" onClick={submit}>
          Fit
        </button>
      </div>
    </Modal>
  );
}
