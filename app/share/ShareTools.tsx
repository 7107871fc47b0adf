/**
 * The toolbar's Share button — one click copies the share link and opens the popover (link, notices,
 * PNG / SVG pictures) —, Diff…, which opens a second graph file to compare with, and PyTorch (a zip).
 */
import { useRef } from 'react';
import { useEditorStore } from '../store/use-editor.ts';
import { downloadPytorchZip } from './pytorch-zip.ts';
import { DiffFileInput } from './DiffView.tsx';
import { shareActions } from './share-actions.ts';

/** Share, Diff and PyTorch buttons for the toolbar. */
export function ShareTools() {
  const diffInput = useRef<HTMLInputElement>(null);
  const store = useEditorStore();
  return (
    <>
      <button type="button" className="fw-tool" aria-label="Share link" title="Copy a link that carries this graph; pictures (PNG, SVG)" onClick={shareActions.copyShareLink}>
        <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
        </svg>
        <span className="fw-tool-text">Share</span>
      </button>
      <button type="button" className="fw-tool" aria-label="Diff with a file" title="Compare this graph with another graph file: changes listed and marked on the canvas" onClick={() => diffInput.current?.click()}>
        <span className="fw-tool-text">Diff…</span>
      </button>
      <button type="button" className="fw-tool" aria-label="Export PyTorch" title="Download model.py, model.safetensors and train.py (torchrun) as a zip" onClick={() => downloadPytorchZip(store)}>
        <span className="fw-tool-text">PyTorch</span>
      </button>
      <DiffFileInput inputRef={diffInput} />
    </>
  );
}
