/**
 * Autosave per document in Chromium (issue 15 item 3 and "undo survives a reload"; issue 13's
 * autosave items): two tabs never overwrite each other and Recent reopens either graph; undo
 * history survives a reload; a damaged autosave leaves a usable canvas, is never overwritten and
 * can be discarded; an edit survives a crash of the page right after it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, openEditor, startEditorServer, waitForEditor, type BrowserSession, type EditorServer } from './harness.ts';
import { dragBlockToCanvas, newGraph, nodeIds, nodeLocator } from './editor-helpers.ts';

let server: EditorServer;
let session: BrowserSession | null = null;

beforeAll(async () => {
  server = await startEditorServer();
}, 60_000);
afterEach(async () => {
  await session?.close();
  session = null;
});
afterAll(async () => {
  await server?.close();
});

async function setTitle(page: Page, title: string): Promise<void> {
  const field = page.getByLabel('Graph title');
  await field.fill(title);
  await field.press('Enter');
}

/** Runs `edit`, then waits until IndexedDB has a write that started after it. */
async function savedAfter(page: Page, edit: () => Promise<void>): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __before: number }).__before = Date.now()));
  await edit();
  await page.waitForFunction(() => Number(document.documentElement.getAttribute('data-autosaved') ?? 0) >= (window as unknown as { __before: number }).__before, null, { timeout: 10_000 });
}

describe('autosave per document', () => {
  it('two tabs keep their own graphs; after closing both, Recent reopens either', async () => {
    session = await launchChromium({ viewport: { width: 1440, height: 900 } });
    const a = session.page;
    await openEditor(a, server.url);
    await savedAfter(a, () => setTitle(a, 'Graph X'));

    const b = await session.context.newPage();
    await openEditor(b, server.url);
    await newGraph(b);
    await dragBlockToCanvas(b, 'Token input', { x: 200, y: 200 });
    await savedAfter(b, () => setTitle(b, 'Graph Y'));
    await b.close(); // close B first …

    await a.bringToFront();
    await nodeLocator(a, 'embed').click();
    await savedAfter(a, () => a.keyboard.press('Delete'));
    await a.close(); // … then A

    const c = await session.context.newPage();
    await openEditor(c, server.url);
    expect(await c.getByLabel('Graph title').inputValue()).toBe('Graph X');
    expect(await nodeIds(c)).not.toContain('embed');
    await c.getByRole('button', { name: 'Recent graphs' }).click();
    await c.getByRole('button', { name: 'Reopen Graph Y' }).click();
    await waitForEditor(c);
    await expect.poll(() => c.getByLabel('Graph title').inputValue()).toBe('Graph Y');
    expect(await nodeIds(c)).toEqual(['token_input']);
    await c.getByRole('button', { name: 'Recent graphs' }).click();
    await expect.poll(() => c.getByRole('button', { name: 'Reopen Graph X' }).isEnabled()).toBe(true);
  }, 90_000);

  it('undo history survives a reload of the same document', async () => {
    session = await launchChromium({ viewport: { width: 1440, height: 900 } });
    const page = session.page;
    await openEditor(page, server.url);
    await nodeLocator(page, 'softmax').click();
    await savedAfter(page, () => page.keyboard.press('Delete'));
    await expect.poll(async () => (await nodeIds(page)).includes('softmax')).toBe(false);
    await page.reload();
    await waitForEditor(page);
    expect(await nodeIds(page)).not.toContain('softmax');
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toContain('softmax');
  }, 60_000);

  it('a damaged autosave leaves a usable canvas, is not overwritten, and can be discarded', async () => {
    session = await launchChromium({ viewport: { width: 1440, height: 900 } });
    const page = session.page;
    await openEditor(page, server.url);
    const put = (value: unknown) =>
      page.evaluate(
        (v) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('formwork', 2);
            open.onsuccess = () => {
              const tx = open.result.transaction('documents', 'readwrite');
              tx.objectStore('documents').put(v, 'damaged');
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error);
            };
          }),
        value,
      );
    const read = () =>
      page.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            const open = indexedDB.open('formwork', 2);
            open.onsuccess = () => {
              const get = open.result.transaction('documents').objectStore('documents').get('damaged');
              get.onsuccess = () => resolve(get.result ?? null);
            };
          }),
      );
    const damaged = { doc: { format: 'formwork.graph', version: 1, nodes: [{ id: 'x', block: 'Add', params: { '__proto__': 1 } }], edges: 'no' }, at: Date.now() + 1e9 };
    await put(damaged);
    await page.evaluate(() => sessionStorage.setItem('formwork.documentId', 'damaged'));
    await page.reload();
    await waitForEditor(page);
    const dialog = page.getByRole('dialog', { name: 'The autosaved graph could not be restored' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await nodeIds(page)).toContain('embed'); // the example, usable
    await page.getByRole('button', { name: 'Cancel' }).click();
    await nodeLocator(page, 'softmax').click();
    await savedAfter(page, () => page.keyboard.press('Delete'));
    expect(await read()).toEqual(damaged); // never overwritten
    await page.evaluate(() => sessionStorage.setItem('formwork.documentId', 'damaged'));
    await page.reload();
    await waitForEditor(page);
    await page.getByRole('button', { name: 'Discard the damaged autosave' }).click();
    await expect.poll(read).toBeNull();
  }, 60_000);

  it('an edit survives a crash of the page right after it', async () => {
    session = await launchChromium({ viewport: { width: 1440, height: 900 } });
    const page = session.page;
    await openEditor(page, server.url);
    const cdp = await session.context.newCDPSession(page);
    await setTitle(page, 'Edited just before the crash');
    // Crash the renderer at once: no pagehide, no visibilitychange, no pending timer gets to run.
    const crashed = new Promise<boolean>((resolve) => page.once('crash', () => resolve(true)));
    void cdp.send('Page.crash').catch(() => undefined);
    expect(await Promise.race([crashed, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))])).toBe(true);
    await page.close().catch(() => undefined);
    const again = await session.context.newPage();
    await openEditor(again, server.url);
    expect(await again.getByLabel('Graph title').inputValue()).toBe('Edited just before the crash');
  }, 60_000);
});
