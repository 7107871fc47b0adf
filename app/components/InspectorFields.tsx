/**
 * Inspector fields that are not parameters: the node id (rename) and a subgraph instance's repeat count.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useEditor } from '../store/use-editor.ts';

/** An id field that renames on Enter or blur and shows why a name is refused. */
export function RenameField({
  id,
  onRename,
  label,
  focusOnRequest = false,
}: {
  id: string;
  onRename: (next: string) => { ok: boolean; reason?: string };
  label: string;
  /** Select this field when the user asks to rename (F2). */
  focusOnRequest?: boolean;
}) {
  const [draft, setDraft] = useState(id);
  const [problem, setProblem] = useState<string | null>(null);
  const renameRequest = useEditor((s) => s.ui.renameRequest);
  const ref = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  useEffect(() => {
    setDraft(id);
    setProblem(null);
  }, [id]);
  useEffect(() => {
    if (renameRequest > 0 && focusOnRequest) ref.current?.select();
  }, [renameRequest, focusOnRequest]);
  const commit = () => {
    if (draft === id) return setProblem(null);
    const r = onRename(draft.trim());
    setProblem(r.ok ? null : (r.reason ?? 'cannot rename'));
  };
  return (
    <div className={`fw-field${problem ? ' has-problem' : ''}`}>
      <div className="fw-field-head">
        <label htmlFor={fieldId}>{label}</label>
      </div>
      <input
        id={fieldId}
        ref={ref}
        className="fw-mono"
        aria-label={label}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(id);
            setProblem(null);
          }
        }}
      />
      {problem ? <p className="fw-field-problem">{problem}</p> : <p className="fw-field-help">Edges and references follow the new name.</p>}
    </div>
  );
}

/** The ×N repeat count of a subgraph instance (1–256). */
export function RepeatField({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const invalid = !Number.isInteger(n) || n < 1 || n > 256;
  return (
    <div className={`fw-field${invalid ? ' has-problem' : ''}`}>
      <div className="fw-field-head">
        <label htmlFor="fw-repeat">Repeat ×N</label>
      </div>
      <input
        id="fw-repeat"
        type="number"
        min={1}
        max={256}
        step={1}
        aria-label="Repeat count"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= 1 && v <= 256) onChange(v);
        }}
        onBlur={() => setText(String(value))}
      />
      <p className={invalid ? 'fw-field-problem' : 'fw-field-help'}>
        {invalid ? 'a whole number from 1 to 256' : 'Apply the subgraph this many times in sequence, each with its own weights.'}
      </p>
    </div>
  );
}
