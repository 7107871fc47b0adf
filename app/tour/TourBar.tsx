/**
 * The Tour bar: shown while the open graph is one of the seed tour's steps. Step N of 20, title,
 * description, ◀ previous / next ▶ (through the editor's open-template command, so unsaved edits are
 * asked about first), and what changed from the previous step, with added nodes highlighted on the canvas.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useCommands } from '../commands-context.ts';
import { replaceMarks } from '../onnx/onnx-actions.ts';
import { useEditor, useEditorStore } from '../store/use-editor.ts';
import { addedMarkKeys, summarizeDiff, TOUR, tourDiff, tourIndexOf } from './tour.ts';
import { CanvasPortal } from '../onnx/CanvasPortal.tsx';
import './tour.css';

/** The Tour bar (renders nothing outside the tour). */
export function TourBar() {
  const store = useEditorStore();
  const commands = useCommands();
  const index = useEditor((s) => tourIndexOf(s.doc));
  const [expanded, setExpanded] = useState(false);
  const flow = useReactFlow();
  const bar = useRef<HTMLElement>(null);
  const diff = useMemo(() => (index > 0 ? tourDiff(index) : null), [index]);
  const lines = useMemo(() => (diff ? summarizeDiff(diff) : []), [diff]);

  useEffect(() => {
    const doc = TOUR[index]?.doc;
    replaceMarks(store, 'added', diff && doc ? addedMarkKeys(doc, diff) : []);
  }, [store, diff, index]);
  useEffect(() => () => replaceMarks(store, 'added', []), [store]);
  // Once the canvas has fitted the new step, fit again below the bar so no node hides under it.
  useEffect(() => {
    if (index < 0) return;
    const timer = setTimeout(() => {
      const h = bar.current?.offsetHeight ?? 0;
      void flow.fitView({ padding: { top: `${h + 24}px`, left: '6%', right: '6%', bottom: '6%' }, maxZoom: 1, duration: 150 });
    }, 300);
    return () => clearTimeout(timer);
  }, [flow, index]);

  if (index < 0) return null;
  const step = TOUR[index]!;
  const go = (i: number) => {
    const t = TOUR[i];
    if (t) commands.openTemplate(t);
  };
  return (
    <CanvasPortal>
      <section ref={bar} className={`fw-tour${expanded ? ' is-expanded' : ''}`} aria-label="Tour" data-testid="tour-bar" data-step={index + 1}>
        <div className="fw-tour-head">
          <span className="fw-tour-step" data-testid="tour-step">
            Tour · step {index + 1} of {TOUR.length}
          </span>
          <span className="fw-tour-title" data-testid="tour-title">
            {step.title}
          </span>
          <div className="fw-tour-nav">
            <button type="button" className="fw-button is-quiet" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
              {expanded ? 'Less' : 'More'}
            </button>
            <button type="button" className="fw-button" aria-label="Previous tour step" disabled={index === 0} onClick={() => go(index - 1)}>
              ◀ previous
            </button>
            <button type="button" className="fw-button is-primary" aria-label="Next tour step" disabled={index === TOUR.length - 1} onClick={() => go(index + 1)}>
              next ▶
            </button>
          </div>
        </div>
        <p className="fw-tour-desc" title={expanded ? undefined : step.description}>
          {step.description}
        </p>
        {index > 0 && (
          <div data-testid="tour-changes">
            <span className="fw-tour-changes-label">What changed from step {index}:</span>
            <ul className="fw-tour-changes">
              {lines.map((l, i) => (
                <li key={i} className={`is-${l.kind}`}>
                  {l.text}
                </li>
              ))}
              {lines.length === 0 && <li>nothing (same graph)</li>}
            </ul>
          </div>
        )}
      </section>
    </CanvasPortal>
  );
}
