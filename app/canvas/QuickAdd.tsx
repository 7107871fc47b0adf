/**
 * Quick-add: a search box at the point where the canvas was double-clicked (or a connection was
 * dropped). Arrow keys move, Enter adds, Escape closes. When opened from a dropped connection it
 * lists only blocks that can take it, and connects the new block.
 */
import { own } from '../../graph-schema/own.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AnyBlock } from '../../graph-schema/block.ts';
import { getBody } from '../../graph-schema/edits.ts';
import { nodePorts } from '../../graph-schema/ports.ts';
import { scopeKey } from '../analysis/summary.ts';
import { offeredIn, searchScore } from '../components/Palette.tsx';
import { currentScope } from '../store/scope.ts';
import type { EditorState } from '../store/types.ts';
import { useEditor, useEditorStore } from '../store/use-editor.ts';

const MAX_RESULTS = 12;

/** The dtype at the far end of a pending connection, if known. */
function pendingDtype(s: EditorState): string | null {
  const p = s.ui.quickAdd?.pending;
  if (!p) return null;
  const scope = currentScope(s.ui);
  const summary = own(own(s.analysis?.bodies, scopeKey(scope)), p.ref.node);
  const known = p.side === 'output' ? summary?.outputs[p.ref.port] : summary?.inputs[p.ref.port];
  if (known) return known.dtype;
  const node = getBody(s.doc, scope).nodes.find((n) => n.id === p.ref.node);
  const ports = node ? nodePorts(node, s.doc, s.catalogue) : undefined;
  const spec = (p.side === 'output' ? ports?.outputs : ports?.inputs)?.find((x) => x.name === p.ref.port);
  return spec && spec.dtype !== 'any' ? spec.dtype : null;
}

/** Whether a block has a port that could take the pending connection. */
function fits(block: AnyBlock, side: 'output' | 'input', dtype: string | null): boolean {
  const ports = side === 'output' ? block.inputs : block.outputs;
  return ports.some((p) => dtype === null || p.dtype === 'any' || p.dtype === dtype);
}

/** The quick-add popup (rendered inside the canvas). */
export function QuickAddMenu() {
  const store = useEditorStore();
  const quickAdd = useEditor((s) => s.ui.quickAdd);
  const catalogue = useEditor((s) => s.catalogue);
  const inside = useEditor((s) => s.ui.openPath.length > 0);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!quickAdd) return;
    setQuery('');
    setActive(0);
    requestAnimationFrame(() => input.current?.focus());
  }, [quickAdd]);

  const results = useMemo(() => {
    if (!quickAdd) return [];
    const dtype = pendingDtype(store.getState());
    return catalogue
      .list()
      .map((b, order) => ({ b, order, score: searchScore(b, query) }))
      .filter(({ b, score }) => score > 0 && offeredIn(b, inside) && (!quickAdd.pending || fits(b, quickAdd.pending.side, dtype)))
      .sort((x, y) => y.score - x.score || x.order - y.order)
      .slice(0, MAX_RESULTS)
      .map(({ b }) => b);
  }, [catalogue, inside, query, quickAdd, store]);

  if (!quickAdd) return null;
  const close = () => store.getState().setQuickAdd(null);
  const choose = (block: AnyBlock | undefined) => {
    if (!block) return;
    const pending = quickAdd.pending;
    close();
    const offsetX = pending?.side === 'input' ? -240 : 0;
    store.getState().addBlock(block.id, { x: quickAdd.flow.x + offsetX, y: quickAdd.flow.y - 20 }, pending ? { connect: pending } : {});
  };

  return (
    <div
      className="fw-quickadd"
      // Kept inside the canvas (which clips its contents) however close to the edge it was opened.
      style={{ left: `max(8px, min(${quickAdd.screen.x}px, calc(100% - 352px)))`, top: `max(8px, min(${quickAdd.screen.y}px, calc(100% - 400px)))` }}
      role="dialog"
      aria-label="Quick add block"
    >
      <input
        ref={input}
        type="search"
        placeholder={quickAdd.pending ? 'Add and connect…' : 'Add a block…'}
        aria-label="Quick add search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(results.length - 1, a + 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
          else if (e.key === 'Enter') choose(results[active]);
          else if (e.key === 'Escape') close();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
        onBlur={(e) => {
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node | null)) setTimeout(close, 120);
        }}
      />
      <ul role="listbox" aria-label="Matching blocks">
        {results.length === 0 && <li className="fw-empty">No matching block</li>}
        {results.map((b, i) => (
          <li
            key={b.id}
            role="option"
            aria-selected={i === active}
            className={`fw-cat-${b.category}${i === active ? ' is-active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(b);
            }}
          >
            <span className="fw-swatch" />
            <span className="fw-qa-title">{b.title}</span>
            <span className="fw-qa-summary">{b.summary}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
