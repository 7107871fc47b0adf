/**
 * Short messages: confirmations at the bottom, refusals (e.g. a connection that cannot be made)
 * next to the pointer.
 */
import { useEditor } from '../store/use-editor.ts';

/** The toast layer. */
export function Toasts() {
  const toasts = useEditor((s) => s.ui.toasts);
  const dismiss = useEditor((s) => s.dismissToast);
  return (
    <div className="fw-toasts" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === 'error' ? 'alert' : 'status'}
          className={`fw-toast is-${t.tone}${t.at ? ' is-pinned' : ''}`}
          style={t.at ? { left: Math.min(t.at.x + 14, window.innerWidth - 380), top: t.at.y + 14 } : undefined}
          onClick={() => dismiss(t.id)}
        >
          {t.text}
        </div>
      ))}
    </div>
  );
}
