/**
 * A modal dialog frame: backdrop, title, body, and Escape / backdrop click to close.
 */
import { useEffect, useRef, type ReactNode } from 'react';

/** A centred dialog. */
export function Modal({ title, onClose, children, wide, label }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const el = ref.current;
    el?.querySelector<HTMLElement>('[data-autofocus], input, button.fw-button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        closeRef.current();
      }
    };
    el?.addEventListener('keydown', onKey);
    return () => el?.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="fw-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={`fw-modal${wide ? ' is-wide' : ''}`} role="dialog" aria-modal="true" aria-label={label ?? title}>
        <header className="fw-modal-header">
          <h2>{title}</h2>
          <button type="button" className="fw-icon-button" aria-label="Close dialog" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="fw-modal-body">{children}</div>
      </div>
    </div>
  );
}
