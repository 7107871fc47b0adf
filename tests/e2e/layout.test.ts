/**
 * Auto-layout in Chromium (issue 15 items 4, 9, 14): a 1,000-block file without positions is shown
 * laid out within 3 s with no overlapping blocks, every edge runs forward, a 12-block graph fits at
 * a zoom where its text is drawn. (Unconnected blocks in reading order: tests/app/layered-layout.test.ts.)
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../graph-schema/parse.ts';
import { generateEditorGraph } from '../../bench/editor-graph.ts';
import { useEditorPage, waitForEditor } from './harness.ts';

const editor = useEditorPage({ width: 1440, height: 900 });
const files: string[] = [];
afterAll(() => Promise.all(files.map((f) => rm(f, { force: true }))));

async function openFile(page: Page, name: string, text: string): Promise<number> {
  const file = join(tmpdir(), `${process.pid}-${name}`);
  files.push(file);
  await writeFile(file, text);
  const started = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  const discard = page.getByRole('button', { name: 'Discard changes' });
  if (await discard.waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false)) await discard.click();
  return started;
}

async function positions(page: Page): Promise<Map<string, { x: number; y: number; w: number; h: number }>> {
  const boxes = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const m = /translate\((-?[\d.]+)px, ?(-?[\d.]+)px\)/.exec((e as HTMLElement).style.transform);
      return [e.getAttribute('data-id') ?? '', { x: Number(m?.[1]), y: Number(m?.[2]), w: (e as HTMLElement).offsetWidth, h: (e as HTMLElement).offsetHeight }] as const;
    }),
  );
  return new Map(boxes);
}

const zoom = (page: Page) => page.locator('.react-flow__viewport').evaluate((e) => Number(/scale\(([\d.]+)\)/.exec((e as HTMLElement).style.transform)?.[1]));

describe('auto-layout', () => {
  it('shows a 1,000-block file without positions laid out (was 45 s for 606), edges running forward', async () => {
    const { page, errors } = editor;
    const doc = generateEditorGraph(1000);
    const unplaced = { ...doc, layout: undefined };
    const started = await openFile(page, 'layout-1000.formwork.json', serializeDocument(unplaced));
    await page.waitForSelector('.react-flow__node[data-id="token_input"]', { timeout: 30_000 });
    await page.waitForSelector('.fw-canvas[data-layout="idle"]');
    const shownAfter = Date.now() - started;
    console.log(`1,000 blocks without positions: laid out and shown ${shownAfter} ms after choosing the file`);
    expect(shownAfter).toBeLessThan(20_000); // the 3 s target is measured by `npm run bench` (editor-bench), not asserted on a shared machine
    // The positions the editor chose for all 1,000 nodes: no two overlap and every edge runs forward.
    const drawn = await positions(page);
    expect(drawn.size).toBeGreaterThan(5);
    for (const e of doc.edges) {
      const a = drawn.get(e.from.node);
      const b = drawn.get(e.to.node);
      if (!a || !b) continue;
      expect(b.y > a.y + a.h || b.x > a.x, `${e.from.node} → ${e.to.node}`).toBe(true);
    }
    const list = [...drawn.entries()];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [, p] = list[i]!;
        const [, q] = list[j]!;
        const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
        expect(apart, `${list[i]![0]} and ${list[j]![0]} overlap`).toBe(true);
      }
    expect(errors).toEqual([]);
  }, 60_000);

  it('lays out a 12-block graph so its text stays drawn after Fit, every output right of its inputs', async () => {
    const { page } = editor;
    const text = await readFile(new URL('../../examples/tour-14-skip-connections.formwork.json', import.meta.url), 'utf8');
    const doc = JSON.parse(text) as { nodes: unknown[]; edges: { from: { node: string }; to: { node: string } }[] };
    expect(doc.nodes.length).toBe(12);
    await openFile(page, 'twelve.formwork.json', text);
    await waitForEditor(page);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.waitForSelector('.fw-canvas[data-layout="idle"]');
    await page.getByRole('toolbar').getByRole('button', { name: 'Fit view' }).click();
    await page.waitForTimeout(400);
    expect(await zoom(page)).toBeGreaterThanOrEqual(0.45);
    await expect.poll(() => page.locator('.fw-canvas').getAttribute('data-zoom')).toBe('near');
    await expect(page.locator('.fw-node-title').first().isVisible()).resolves.toBe(true);
    const drawn = await positions(page);
    for (const e of doc.edges) {
      const a = drawn.get(e.from.node)!;
      const b = drawn.get(e.to.node)!;
      expect(b.y > a.y + a.h || b.x >= a.x + a.w, `${e.from.node} → ${e.to.node} runs backwards`).toBe(true);
    }
  }, 60_000);
});
