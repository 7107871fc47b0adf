/**
 * The share UI: creates and binds the share commands, follows `#g=…` links pasted into the address bar,
 * and draws the link popover and the read-only banner of a shared graph.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useCommands } from '../commands-context.ts';
import { CanvasPortal } from '../onnx/CanvasPortal.tsx';
import type { Flow } from '../commands.ts';
import { useEditor, useEditorStore } from '../store/use-editor.ts';
import { bindShareActions, createShareActions, problemLine, shareActions, shareUi } from './share-actions.ts';
import { DiffView } from './DiffView.tsx';
import './share.css';

/** Share commands, the link popover and the read-only banner. */
export function ShareLayer() {
  const store = useEditorStore();
  const commands = useCommands();
  const flow = useRef<Flow | null>(null);
  flow.current = useReactFlow() as Flow;
  // Created once per editor: it wraps commands.openFile (pictures), which must not be wrapped again.
  const actions = useMemo(() => createShareActions(store, commands, () => flow.current), [store, commands]);
  useEffect(() => bindShareActions(actions), [actions]);
  useEffect(() => {
    const onHashChange = () => void actions.openFragment(location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [actions]);
  return (
    <>
      <SharedBanner />
      <SharePopover />
      <DiffView />
    </>
  );
}

function SharedBanner() {
  const readOnly = useEditor((s) => s.readOnly);
  if (!readOnly) return null;
  return (
    <CanvasPortal>
      <div className="fw-shared-banner" role="status" data-testid="shared-banner">
        <strong>Shared graph · read-only</strong>
        <span>It came inside the link — nothing was sent to a server. Look, run and step through it; keep a copy to change it.</span>
        <button type="button" className="fw-button is-primary" onClick={shareActions.keepCopy}>
          Keep a copy
        </button>
      </div>
    </CanvasPortal>
  );
}

function SharePopover() {
  const popover = useStore(shareUi, (s) => s.popover);
  if (!popover) return null;
  return (
    <section className="fw-share-popover" aria-label="Share" data-testid="share-popover">
      <header>
        <strong>Share</strong>
        <button type="button" className="fw-icon-button" aria-label="Close share" onClick={shareActions.closePopover}>
          ×
        </button>
      </header>
      {'problems' in popover ? (
        <ul className="fw-share-problems">
          {popover.problems.map((d, i) => (
            <li key={i}>{problemLine(d)}</li>
          ))}
        </ul>
      ) : (
        <>
          <p className="fw-share-status">{popover.copied ? 'Link copied to the clipboard.' : 'Copy this link:'} The graph travels in the link; no server sees it.</p>
          <input className="fw-share-url" readOnly value={popover.url} aria-label="Share link" data-testid="share-url" onFocus={(e) => e.target.select()} />
          {popover.notices.map((n, i) => (
            <p key={i} className="fw-share-notice" role="alert">
              {n}
            </p>
          ))}
        </>
      )}
      <div className="fw-share-pictures">
        <span>Picture that opens as this graph:</span>
        <button type="button" className="fw-button" onClick={() => shareActions.exportPicture('png')}>
          PNG
        </button>
        <button type="button" className="fw-button" onClick={() => shareActions.exportPicture('svg')}>
          SVG
        </button>
      </div>
    </section>
  );
}
