/**
 * Sharing in Chromium: the Share button's link carries the graph; opening it shows the graph read-only
 * (edits refused) until "Keep a copy"; a PNG and an SVG exported from the canvas open back to the same
 * graph (compared as saved files); a PNG without a graph says so.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentFromShareFragment } from '../../engine/share/share-link.ts';
import { graphTextFromPng } from '../../engine/share/png-text.ts';
import { launchChromium, openEditor, startEditorServer, waitForEditor, type BrowserSession, type EditorServer } from './harness.ts';
import { newGraph, nodeIds, nodeLocator } from './editor-helpers.ts';

let server: EditorServer;
let session: BrowserSession;
const errors: string[] = [];
const shots = process.env.FORMWORK_SHARE_SHOTS; // a directory to look at the UI in, when set

beforeAll(async () => {
  server = await startEditorServer();
  session = await launchChromium({ viewport: { width: 1500, height: 950 } });
  session.page.on('pageerror', (e) => errors.push(String(e)));
  await openEditor(session.page, server.url);
}, 90_000);
afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function saveFile(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  const path = join(tmpdir(), `fw-share-${process.pid}-${name}`);
  await download.saveAs(path);
  return readFile(path, 'utf8');
}

async function exportPicture(page: Page, kind: 'PNG' | 'SVG'): Promise<string> {
  await page.getByRole('button', { name: 'Share link' }).click();
  await page.getByTestId('share-popover').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: kind, exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${kind.toLowerCase()}$`));
  const path = join(tmpdir(), `fw-share-${process.pid}.${kind.toLowerCase()}`);
  await download.saveAs(path);
  await page.getByRole('button', { name: 'Close share' }).click();
  return path;
}

describe('sharing in Chromium', () => {
  it('the Share button copies a link that carries the graph; the link opens it read-only until Keep a copy', async () => {
    const page = session.page;
    const original = await saveFile(page, 'original.formwork.json');
    await page.getByRole('button', { name: 'Share link' }).click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url.startsWith(server.url + '#g=')).toBe(true);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    if (shots) await page.screenshot({ path: join(shots, 'share-popover.png') });
    const shared = documentFromShareFragment(url.slice(url.indexOf('#')));
    expect(shared?.ok && JSON.stringify(shared.value, null, 2) + '\n').toBe(original);
    await page.getByRole('button', { name: 'Close share' }).click();

    // Open the link in a fresh start of the editor.
    await newGraph(page);
    await page.goto('about:blank');
    await page.goto(url);
    await waitForEditor(page);
    await page.getByTestId('shared-banner').waitFor();
    if (shots) await page.screenshot({ path: join(shots, 'shared-read-only.png') });
    const ids = await nodeIds(page);
    expect(ids).toEqual(expect.arrayContaining(['embed', 'probs']));
    await nodeLocator(page, 'embed').click();
    await page.keyboard.press('Delete');
    expect(await nodeIds(page)).toEqual(ids); // read-only: the delete is refused
    expect(await saveFile(page, 'shared.formwork.json')).toBe(original);

    await page.getByRole('button', { name: 'Keep a copy' }).click();
    await expect.poll(() => page.getByTestId('shared-banner').count()).toBe(0);
    expect(page.url()).toBe(server.url);
    await nodeLocator(page, 'embed').click();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await nodeIds(page)).includes('embed')).toBe(false);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await nodeIds(page)).includes('embed')).toBe(true);
  });

  it('a PNG and an SVG exported from the canvas open back to the same graph', async () => {
    const page = session.page;
    const before = await saveFile(page, 'before.formwork.json');
    const ids = (await nodeIds(page)).sort();
    for (const kind of ['PNG', 'SVG'] as const) {
      const path = await exportPicture(page, kind);
      if (kind === 'PNG') {
        const carried = graphTextFromPng(new Uint8Array(await readFile(path)));
        expect(carried.ok && carried.value).toBe(before);
        if (shots) await (await import('node:fs/promises')).copyFile(path, join(shots, 'exported.png'));
      }
      await page.getByTestId('file-input').setInputFiles(path); // no unsaved changes: opens at once
      await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0);
      await newGraph(page);
      expect(await nodeIds(page)).toEqual([]);
      await page.getByTestId('file-input').setInputFiles(path);
      await waitForEditor(page);
      await expect.poll(async () => (await nodeIds(page)).sort()).toEqual(ids);
      expect(await saveFile(page, `after-${kind}.formwork.json`)).toBe(before);
    }
  });

  it('a picture of a selection draws only the selected nodes and still opens as the whole graph', async () => {
    const page = session.page;
    await nodeLocator(page, 'embed').click();
    await nodeLocator(page, 'pos').click({ modifiers: ['Shift'] });
    const path = await exportPicture(page, 'SVG');
    const svg = await readFile(path, 'utf8');
    expect([...svg.matchAll(/<g data-node="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['embed', 'pos']);
    const { graphTextFromSvg } = await import('../../engine/share/svg-graph.ts');
    const carried = graphTextFromSvg(svg);
    expect(carried.ok && JSON.parse(carried.value).nodes.length).toBe((await nodeIds(page)).length);
  });

  it('a share link pasted into the address bar of an open editor opens read-only', async () => {
    const page = session.page;
    await page.getByRole('button', { name: 'Share link' }).click();
    const url = await page.getByTestId('share-url').inputValue();
    await page.getByRole('button', { name: 'Close share' }).click();
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
    await page.evaluate((hash) => (location.hash = hash), url.slice(url.indexOf('#')));
    await page.getByTestId('shared-banner').waitFor();
    await page.getByRole('button', { name: 'Keep a copy' }).click();
    await expect.poll(() => page.getByTestId('shared-banner').count()).toBe(0);
  });

  it('Diff… compares the canvas with a second file: the changes are listed and marked, live', async () => {
    const page = session.page;
    const before = join(tmpdir(), `fw-share-${process.pid}-diff-base.formwork.json`);
    await (await import('node:fs/promises')).writeFile(before, await saveFile(page, 'diff-base.formwork.json'));
    await nodeLocator(page, 'embed').click();
    await page.getByLabel('d_model', { exact: true }).fill('40');
    await page.getByTestId('diff-file-input').setInputFiles(before);
    const lines = page.getByTestId('diff-lines');
    await expect.poll(() => lines.textContent()).toMatch(/embed: d_model 32 → 40/);
    await expect.poll(() => nodeLocator(page, 'embed').locator('.fw-node').getAttribute('class')).toMatch(/is-marked-changed/);
    if (shots) await page.screenshot({ path: join(shots, 'diff-view.png') });
    await page.keyboard.press('Control+z'); // back to the file's graph: the diff follows
    await expect.poll(() => lines.textContent()).toBe('no differences');
    await page.getByRole('button', { name: 'Close diff' }).click();
    await expect.poll(() => page.getByTestId('diff-view').count()).toBe(0);
    expect(await nodeLocator(page, 'embed').locator('.fw-node').getAttribute('class')).not.toMatch(/is-marked/);
  });

  it('Export PyTorch downloads a zip with model.py, model.safetensors and train.py', async () => {
    const page = session.page;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PyTorch' }).click()]);
    expect(download.suggestedFilename()).toMatch(/-pytorch\.zip$/);
    const path = join(tmpdir(), `fw-share-${process.pid}.zip`);
    await download.saveAs(path);
    const { unzipSync } = await import('fflate');
    const files = unzipSync(new Uint8Array(await readFile(path)));
    expect(Object.keys(files).map((f) => f.split('/').pop()).sort()).toEqual(['model.py', 'model.safetensors', 'train.py']);
    expect(new TextDecoder().decode(Object.entries(files).find(([f]) => f.endsWith('model.py'))![1])).toMatch(/class Model\(nn\.Module\)/);
  });

  it('opening a PNG without a graph says so and keeps the current graph', async () => {
    const page = session.page;
    const before = await nodeIds(page);
    await page.getByTestId('file-input').setInputFiles(join(process.cwd(), 'docs/screenshots/tour-step.png'));
    const dialog = page.getByRole('dialog', { name: 'File cannot be opened' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/FW081.*carries no Formwork graph/);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    expect(await nodeIds(page)).toEqual(before);
    expect(errors).toEqual([]);
  });
});
