/**
 * Person-like interactions with the editor for e2e tests: drag from the palette, connect ports with
 * the mouse, read what the canvas shows.
 */
import type { Locator, Page } from 'playwright-core';

/** The canvas node with a given id. */
export const nodeLocator = (page: Page, id: string): Locator => page.locator(`[data-testid="rf__node-${id}"]`);

/** A port handle: `side` input = target handle (left), output = source handle (right). */
export function handleLocator(page: Page, node: string, port: string, side: 'input' | 'output'): Locator {
  return page.locator(`.react-flow__handle[data-nodeid="${node}"][data-handleid="${port}"].${side === 'input' ? 'target' : 'source'}`);
}

/** Ids of the nodes on the canvas. */
export async function nodeIds(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

/** The shape label on the edge from `from.port` to `to.port`. */
export async function edgeLabel(page: Page, from: string, fromPort: string, to: string, toPort: string): Promise<string | null> {
  const label = page.locator(`.fw-edge-label[data-edge-id="${from}:${fromPort}->${to}:${toPort}"] text`);
  return (await label.count()) > 0 ? label.textContent() : null;
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a block from the palette onto the canvas at a point relative to the canvas. */
export async function dragBlockToCanvas(page: Page, blockTitle: string, at: { x: number; y: number }): Promise<void> {
  const item = page.getByRole('button', { name: `Add ${blockTitle}`, exact: true });
  await item.scrollIntoViewIfNeeded();
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
}

/** Drags with the mouse from one port handle to another, in small steps like a hand would. */
export async function dragConnection(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await centreOf(from);
  const b = await centreOf(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + (b.x - a.x) * 0.3, a.y + (b.y - a.y) * 0.3, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/** Starts from an empty graph (New; discards changes if asked). */
export async function newGraph(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New graph' }).click();
  const discard = page.getByRole('button', { name: 'Discard changes' });
  if (await discard.isVisible().catch(() => false)) await discard.click();
  await page.waitForSelector('.fw-canvas-empty');
}

/** The status bar's node count. */
export async function statusNodeCount(page: Page): Promise<number> {
  const text = (await page.locator('[data-testid="status-nodes"] strong').textContent()) ?? '';
  return Number(text);
}
