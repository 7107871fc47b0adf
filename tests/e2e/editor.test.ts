/**
 * The editor in real Chromium, driven with the mouse and keyboard the way a person would.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openEditor, startEditorServer, waitForAnalysis, waitForEditor, type BrowserSession, type EditorServer } from './harness.ts';
import { dragBlockToCanvas, dragConnection, edgeLabel, handleLocator, newGraph, nodeIds, nodeLocator, statusNodeCount } from './editor-helpers.ts';

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

/** A fresh browser profile (no autosave) with the editor open. */
async function fresh() {
  session = await launchChromium();
  const errors: string[] = [];
  session.page.on('pageerror', (e) => errors.push(String(e)));
  await openEditor(session.page, server.url);
  return { page: session.page, errors };
}

describe('editor in Chromium', () => {
  it('first visit shows the example graph laid out, with shapes and no problems', async () => {
    const { page, errors } = await fresh();
    expect(await nodeIds(page)).toEqual(expect.arrayContaining(['text', 'embed', 'pos', 'layers', 'unembed', 'softmax', 'probs']));
    expect(await edgeLabel(page, 'embed', 'embedded', 'pos', 'x')).toBe('[B, T, 32]');
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
    expect(await page.locator('[data-testid="status-params"] strong').textContent()).not.toBe('—');
    expect(errors).toEqual([]);
  });

  it('builds from an empty canvas: drag blocks from the palette, connect ports, refuse an invalid connection', async () => {
    const { page } = await fresh();
    await newGraph(page);
    await dragBlockToCanvas(page, 'Token input', { x: 140, y: 200 });
    await dragBlockToCanvas(page, 'Embedding', { x: 520, y: 200 });
    await dragBlockToCanvas(page, 'Linear', { x: 520, y: 480 });
    await expect.poll(() => nodeIds(page)).toEqual(['token_input', 'embedding', 'linear']);

    // int64 ids into a float32 Linear: refused, with the reason next to the pointer.
    await dragConnection(page, handleLocator(page, 'token_input', 'ids', 'output'), handleLocator(page, 'linear', 'x', 'input'));
    const refusal = page.locator('.fw-toast.is-error');
    await expect.poll(() => refusal.textContent()).toMatch(/Can't connect: Linear input 'x' takes float32, but 'token_input' gives int64/);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);

    // ids into the Embedding: accepted, and the edge shows its shape.
    await dragConnection(page, handleLocator(page, 'token_input', 'ids', 'output'), handleLocator(page, 'embedding', 'ids', 'input'));
    await expect.poll(() => edgeLabel(page, 'token_input', 'ids', 'embedding', 'ids')).toBe('[B, T]');

    // Double-click the canvas: quick-add, driven by the keyboard.
    await page.locator('.react-flow__pane').dblclick({ position: { x: 600, y: 650 } });
    const search = page.getByRole('searchbox', { name: 'Quick add search' });
    await search.waitFor();
    await page.keyboard.type('norm');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('layer_norm');
    expect(await search.count()).toBe(0);

    // An occupied input is refused too.
    await dragBlockToCanvas(page, 'Token input', { x: 140, y: 520 });
    await dragConnection(page, handleLocator(page, 'token_input_2', 'ids', 'output'), handleLocator(page, 'embedding', 'ids', 'input'));
    await expect.poll(() => page.locator('.fw-toast.is-error').last().textContent()).toMatch(/already connected/);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);

    // Clicking a problem selects its node.
    await page.getByRole('button', { name: /input 'x' of 'layer_norm' is not connected/ }).click();
    await expect.poll(() => nodeLocator(page, 'layer_norm').locator('.fw-node').getAttribute('class')).toMatch(/is-selected/);
  });

  it('a param edit changes the edge shape live; undo and redo step through it', async () => {
    const { page } = await fresh();
    await nodeLocator(page, 'embed').click();
    const dModel = page.getByLabel('d_model', { exact: true });
    await dModel.fill('48');
    await waitForAnalysis(page);
    await expect.poll(() => edgeLabel(page, 'embed', 'embedded', 'pos', 'x')).toBe('[B, T, 48]');

    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+Z');
    await expect.poll(() => edgeLabel(page, 'embed', 'embedded', 'pos', 'x')).toBe('[B, T, 32]');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => edgeLabel(page, 'embed', 'embedded', 'pos', 'x')).toBe('[B, T, 48]');

    // Moving a node is one undo step however many pointer moves the drag took.
    const before = await nodeLocator(page, 'softmax').boundingBox();
    const header = nodeLocator(page, 'softmax').locator('.fw-node-header');
    const box = (await header.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 140, box.y + 90, { steps: 12 });
    await page.mouse.up();
    const moved = await nodeLocator(page, 'softmax').boundingBox();
    expect(Math.round(moved!.x - before!.x)).toBeGreaterThan(60);
    await page.keyboard.press('Control+Z');
    await expect.poll(async () => Math.round((await nodeLocator(page, 'softmax').boundingBox())!.x)).toBe(Math.round(before!.x));
    await expect.poll(() => edgeLabel(page, 'embed', 'embedded', 'pos', 'x')).toBe('[B, T, 48]');

    // New over unsaved work asks first; Cancel keeps everything.
    await page.getByRole('button', { name: 'New graph' }).click();
    await page.getByRole('dialog', { name: 'Discard unsaved changes?' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await nodeIds(page)).toContain('embed');
  });

  it('copy and paste with the keyboard is one undoable step; grouping makes a subgraph that opens', async () => {
    const { page } = await fresh();
    const pane = page.locator('.react-flow__pane');
    await nodeLocator(page, 'softmax').click();
    await nodeLocator(page, 'unembed').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+C');
    await pane.hover({ position: { x: 200, y: 120 } });
    await page.keyboard.press('Control+V');
    await expect.poll(() => nodeIds(page)).toEqual(expect.arrayContaining(['softmax_2', 'unembed_2']));
    // The edge between the copies came along (its shape is unknown until unembed_2's input is connected).
    expect(await page.getByTestId('rf__edge-unembed_2:logits->softmax_2:x').count()).toBe(1);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1');
    await page.keyboard.press('Control+Z');
    await expect.poll(async () => (await nodeIds(page)).includes('softmax_2')).toBe(false);

    // The copy is on the system clipboard: another tab pastes it too.
    const other = await session!.context.newPage();
    await openEditor(other, server.url);
    await other.locator('.react-flow__pane').hover({ position: { x: 300, y: 300 } });
    await other.keyboard.press('Control+V');
    await expect.poll(() => nodeIds(other)).toEqual(expect.arrayContaining(['softmax_2', 'unembed_2']));
    await other.close();

    await nodeLocator(page, 'pos').click();
    await nodeLocator(page, 'layers').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+G');
    await expect.poll(() => nodeIds(page)).toEqual(expect.arrayContaining(['block']));
    await nodeLocator(page, 'block').dblclick();
    await expect.poll(() => nodeIds(page)).toEqual(expect.arrayContaining(['x', 'pos', 'layers', 'x_out']));
    await page.getByRole('navigation', { name: 'Subgraph path' }).waitFor();
    await page.getByRole('button', { name: /^Back to/ }).click();
    await expect.poll(() => nodeIds(page)).toEqual(expect.arrayContaining(['block', 'probs']));
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');
  });

  it('save downloads the graph; opening the saved file gives the same graph', async () => {
    const { page } = await fresh();
    await nodeLocator(page, 'embed').click();
    await page.getByLabel('d_model', { exact: true }).fill('40');
    await waitForAnalysis(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.formwork\.json$/);
    const path = join(tmpdir(), `fw-saved-${process.pid}.formwork.json`);
    await download.saveAs(path);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.nodes.find((n: { id: string }) => n.id === 'embed').params.d_model).toBe(40);
    const before = (await nodeIds(page)).sort();

    await newGraph(page);
    expect(await nodeIds(page)).toEqual([]);
    await page.getByTestId('file-input').setInputFiles(path);
    await waitForEditor(page);
    await expect.poll(async () => (await nodeIds(page)).sort()).toEqual(before);
    await expect.poll(() => edgeLabel(page, 'embed', 'embedded', 'pos', 'x')).toBe('[B, T, 40]');
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    const path2 = `${path}.2`;
    await again.saveAs(path2);
    expect(JSON.parse(await readFile(path2, 'utf8'))).toEqual(saved);
  });

  it('opening a malformed file shows its problems and leaves the graph unchanged', async () => {
    const { page } = await fresh();
    const before = await nodeIds(page);
    const bad = join(tmpdir(), `fw-bad-${process.pid}.formwork.json`);
    await writeFile(bad, '{"format": "formwork.graph", "version": 1, "nodes": [{"id": "a b"}], ');
    await page.getByTestId('file-input').setInputFiles(bad);
    const dialog = page.getByRole('dialog', { name: 'File cannot be opened' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/FW001/);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    expect(await nodeIds(page)).toEqual(before);

    await writeFile(bad, JSON.stringify({ format: 'formwork.graph', version: 1, nodes: [{ id: '9lives', block: 'Linear' }], edges: [] }));
    await page.getByTestId('file-input').setInputFiles(bad);
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/FW005.*nodes\[0\]\.id/);
    await page.keyboard.press('Escape');
    expect(await nodeIds(page)).toEqual(before);

    // Dropping a good file on the canvas opens it (the current graph has no unsaved changes).
    const text = JSON.stringify({ format: 'formwork.graph', version: 1, meta: { title: 'dropped' }, nodes: [{ id: 'lonely', block: 'Linear' }], edges: [] });
    const transfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'dropped.formwork.json', { type: 'application/json' }));
      return dt;
    }, text);
    await page.locator('.react-flow__pane').dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => nodeIds(page)).toEqual(['lonely']);
    expect(await page.getByLabel('Graph title').inputValue()).toBe('dropped');
  });

  it('autosave: a reload restores the edited graph and the open subgraph exactly (and the theme)', async () => {
    const { page } = await fresh();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.keyboard.press('t');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(theme);
    await nodeLocator(page, 'layers').dblclick();
    await expect.poll(() => nodeIds(page)).toEqual(expect.arrayContaining(['attn', 'ff']));
    await nodeLocator(page, 'attn').click();
    const before = await page.evaluate(() => Date.now());
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await nodeIds(page)).includes('attn')).toBe(false);
    // Autosave writes on the edit itself: wait for a write that started after it.
    await page.waitForFunction((t) => Number(document.documentElement.getAttribute('data-autosaved') ?? 0) >= t, before);
    const shown = (await nodeIds(page)).sort();

    await page.reload();
    await waitForEditor(page);
    await expect.poll(async () => (await nodeIds(page)).sort()).toEqual(shown);
    expect(await page.locator('.fw-crumb-current').textContent()).toBe('decoder_layer');
    expect(Number(await page.getByTestId('problem-count').textContent())).toBeGreaterThan(0);
    expect(await statusNodeCount(page)).toBe(7);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(theme);

    // From the top level, a problem inside the subgraph leads back into it.
    await page.getByRole('button', { name: /^Back to/ }).click();
    await expect.poll(() => nodeIds(page)).toContain('layers');
    await page.locator('.fw-problem').first().click();
    await expect.poll(() => page.locator('.fw-crumb-current').textContent()).toBe('decoder_layer');
  });
});
