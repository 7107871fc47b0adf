/**
 * The block palette, generated from the catalogue: grouped by category, searchable, each block's
 * one-line summary on hover. Drag a block onto the canvas, or click it to add it at the centre.
 */
import { useMemo, useState } from 'react';
import type { AnyBlock } from '../../graph-schema/block.ts';
import { useCommands } from '../commands-context.ts';
import { useEditor } from '../store/use-editor.ts';
import { IconChevron, IconSearch } from './icons.tsx';

/** The drag-and-drop type carrying a block id from the palette to the canvas. */
export const BLOCK_DRAG_TYPE = 'application/x-formwork-block';

/**
 * How well a block matches a search, 0 for not at all: a title that starts with the query beats a
 * word of the title that does, beats the title or id containing it, beats the category, beats the
 * summary (so "add" finds Add before "Adds a position-dependent vector…").
 */
export function searchScore(block: AnyBlock, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const title = block.title.toLowerCase();
  if (title.startsWith(q) || block.id.toLowerCase().startsWith(q)) return 5;
  if (title.split(/[\s()-]+/).some((w) => w.startsWith(q))) return 4;
  if (title.includes(q) || block.id.toLowerCase().includes(q)) return 3;
  if (block.category.includes(q)) return 2;
  return block.summary.toLowerCase().includes(q) ? 1 : 0;
}

/** Whether a block matches a search (title, id, category, summary). */
export function matchesSearch(block: AnyBlock, query: string): boolean {
  return searchScore(block, query) > 0;
}

/** Whether a block belongs in the palette of this scope (subgraph interface blocks only inside subgraphs). */
export function offeredIn(block: AnyBlock, insideSubgraph: boolean): boolean {
  return insideSubgraph || (block.role !== 'subgraph-input' && block.role !== 'subgraph-output');
}

const label = (category: string) => category.charAt(0).toUpperCase() + category.slice(1);

/** The left-hand palette. */
export function Palette() {
  const catalogue = useEditor((s) => s.catalogue);
  const inside = useEditor((s) => s.ui.openPath.length > 0);
  const addBlock = useEditor((s) => s.addBlock);
  const commands = useCommands();
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(
    () =>
      catalogue
        .byCategory()
        .map((g) => ({ category: g.category, blocks: g.blocks.filter((b) => offeredIn(b, inside) && matchesSearch(b, query)) }))
        .filter((g) => g.blocks.length > 0),
    [catalogue, inside, query],
  );

  // The summary tooltip is one fixed element beside the list, so the scrolling list cannot clip it.
  const [tip, setTip] = useState<{ block: AnyBlock; left: number; top: number } | null>(null);
  const showTip = (block: AnyBlock, el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    setTip({ block, left: r.right + 10, top: r.top + r.height / 2 });
  };

  const addAtCentre = (block: AnyBlock) => {
    const c = commands.viewportCentre();
    addBlock(block.id, { x: c.x - 110 + Math.random() * 40, y: c.y - 50 + Math.random() * 40 });
  };

  return (
    <nav className="fw-palette" aria-label="Block palette">
      <div className="fw-search">
        <IconSearch />
        <input
          type="search"
          placeholder="Search blocks…"
          aria-label="Search blocks"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            const first = groups[0]?.blocks[0];
            if (e.key === 'Enter' && first) addAtCentre(first);
            if (e.key === 'Escape') setQuery('');
          }}
        />
      </div>
      <div className="fw-palette-list">
        {groups.length === 0 && <p className="fw-empty">No block matches “{query}”.</p>}
        {groups.map((g) => {
          const open = query.trim() !== '' || !collapsed.has(g.category);
          return (
            <section key={g.category} className={`fw-palette-group fw-cat-${g.category}`}>
              <button
                type="button"
                className="fw-palette-heading"
                aria-expanded={open}
                onClick={() => {
                  const next = new Set(collapsed);
                  if (next.has(g.category)) next.delete(g.category);
                  else next.add(g.category);
                  setCollapsed(next);
                }}
              >
                <IconChevron open={open} />
                <span>{label(g.category)}</span>
                <span className="fw-count">{g.blocks.length}</span>
              </button>
              {open &&
                g.blocks.map((b) => (
                  <div
                    key={b.id}
                    className="fw-palette-item"
                    role="button"
                    tabIndex={0}
                    draggable
                    aria-label={`Add ${b.title}`}
                    data-block={b.id}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(BLOCK_DRAG_TYPE, b.id);
                      e.dataTransfer.setData('text/plain', b.id);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => addAtCentre(b)}
                    onMouseEnter={(e) => showTip(b, e.currentTarget)}
                    onMouseLeave={() => setTip(null)}
                    onFocus={(e) => showTip(b, e.currentTarget)}
                    onBlur={() => setTip(null)}
                    onDragStartCapture={() => setTip(null)}
                    aria-describedby={tip?.block === b ? 'fw-palette-tip' : undefined}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        addAtCentre(b);
                      }
                    }}
                  >
                    <span className="fw-swatch" />
                    <span className="fw-palette-title">{b.title}</span>
                  </div>
                ))}
            </section>
          );
        })}
      </div>
      <p className="fw-palette-foot">Drag onto the canvas, or double-click the canvas to search.</p>
      {tip && (
        <div id="fw-palette-tip" className={`fw-palette-tip fw-cat-${tip.block.category}`} role="tooltip" style={{ left: tip.left, top: tip.top }}>
          <strong>{tip.block.title}</strong>
          <span>{tip.block.summary}</span>
        </div>
      )}
    </nav>
  );
}
