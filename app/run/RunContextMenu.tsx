/**
 * Right-click on a canvas node: a small menu with "Run to here" and "Inspect output". Listens on the
 * document so the canvas needs no knowledge of running.
 */
import { useEffect, useState } from 'react';
import { useRunController } from './RunProvider.tsx';
import { useRunStoreApi } from './run-store.ts';

export function RunContextMenu() {
  const controller = useRunController();
  const store = useRunStoreApi();
  const [menu, setMenu] = useState<{ x: number; y: number; node: string } | null>(null);
  useEffect(() => {
    const onContext = (e: MouseEvent) => {
      const el = (e.target as Element | null)?.closest?.('.react-flow__node');
      const node = el?.getAttribute('data-id');
      if (!node) return;
      e.preventDefault();
      setMenu({ x: e.clientX, y: e.clientY, node });
    };
    const close = () => setMenu(null);
    document.addEventListener('contextmenu', onContext);
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('contextmenu', onContext);
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, []);
  if (!menu) return null;
  const s = store.getState();
  const has = s.blocks.some((b) => b.node === menu.node || b.topNode === menu.node);
  return (
    <div className="fw-run-menu" role="menu" style={{ left: menu.x, top: menu.y }} onPointerDown={(e) => e.stopPropagation()}>
      <button
        type="button"
        role="menuitem"
        disabled={!has || !controller}
        onClick={() => {
          controller?.runTo(menu.node);
          store.setState({ open: true });
          setMenu(null);
        }}
      >
        ⇥ Run to here
      </button>
    </div>
  );
}
