/**
 * ONNX in the editor, in Chromium: Export ONNX downloads a model whose metadata is the document; opening that
 * file gives the same graph back; Compare runs our CPU backend and onnxruntime-web and finds every block within
 * tolerance; a foreign or garbage .onnx is refused with a message and the graph stays as it was.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { exportOnnx, readFormworkMetadata, readOnnxMetadata } from '../../engine/onnx/export.ts';
import { waitForEditor, saveScreenshot, useEditorPage } from './harness.ts';
import { nodeIds } from './editor-helpers.ts';

const editor = useEditorPage();
const errors = editor.errors;
let page: Page;
beforeAll(() => {
  page = editor.page;
});

/** The document as the editor holds it: what Save downloads. */
async function savedText(): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  return readFile((await download.path())!, 'utf8');
}

async function positions(): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')} ${(e as HTMLElement).style.transform}`));
}

let exported: Buffer;

describe('ONNX in the editor', () => {
  it('Export ONNX downloads <title>.onnx whose metadata is the document', async () => {
    const original = await savedText();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export ONNX' }).click()]);
    expect(download.suggestedFilename()).toBe('Tiny GPT (character-level decoder).onnx');
    exported = await readFile((await download.path())!);
    expect(exported.byteLength).toBeGreaterThan(50_000);
    expect(readFormworkMetadata(new Uint8Array(exported))).toBe(original);
    await expect.poll(() => page.locator('.fw-toast').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Exported .*\.onnx · [\d.]+ kB/)]));
  });

  it('opening the exported .onnx gives the same graph back, layout included', async () => {
    const before = await savedText();
    const where = await positions();
    await page.getByRole('button', { name: 'New graph' }).click();
    await page.waitForSelector('.fw-canvas-empty');
    await page.setInputFiles('[data-testid="file-input"]', { name: 'model.onnx', mimeType: 'application/octet-stream', buffer: exported });
    await waitForEditor(page);
    expect(await positions()).toEqual(where);
    expect(await savedText()).toBe(before);

    // The same by dropping the file on the canvas.
    await page.getByRole('button', { name: 'New graph' }).click();
    await page.waitForSelector('.fw-canvas-empty');
    const files = await page.evaluateHandle((b64) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'dropped.onnx'));
      return data;
    }, exported.toString('base64'));
    await page.dispatchEvent('.fw-canvas', 'drop', { dataTransfer: files });
    await waitForEditor(page);
    expect(await positions()).toEqual(where);
    expect(await savedText()).toBe(before);
  });

  it('a foreign or garbage .onnx is refused with a message; the graph is unchanged', async () => {
    const before = await nodeIds(page);
    const text = await savedText();
    const doc = parseDocument(text);
    if (!doc.ok) throw new Error('saved document does not parse');
    const compiled = compile(doc.value, standardCatalogue());
    if (!compiled.ok) throw new Error('does not compile');
    const foreign = exportOnnx(compiled.value.plan);
    expect(readOnnxMetadata(foreign).ok).toBe(true);
    const dialog = page.getByRole('dialog', { name: 'File cannot be opened' });

    await page.setInputFiles('[data-testid="file-input"]', { name: 'foreign.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(foreign) });
    await expect.poll(() => dialog.textContent()).toMatch(/this ONNX model was not exported by Formwork; importing arbitrary ONNX is not supported/);
    await dialog.getByRole('button', { name: 'OK' }).click();

    await page.setInputFiles('[data-testid="file-input"]', { name: 'garbage.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all \u00ff\u00fe') });
    await expect.poll(() => dialog.textContent()).toMatch(/FW070.*not an ONNX model/);
    await dialog.getByRole('button', { name: 'OK' }).click();

    expect(await nodeIds(page)).toEqual(before);
    expect(await savedText()).toBe(text);
  });

  it('Export ONNX of a graph that cannot compile shows its FW codes', async () => {
    const before = await savedText();
    await page.getByRole('button', { name: 'New graph' }).click();
    await page.waitForSelector('.fw-canvas-empty');
    await page.getByRole('button', { name: 'Export ONNX' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export ONNX failed' });
    await expect.poll(() => dialog.textContent()).toMatch(/FW\d{3}/);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.setInputFiles('[data-testid="file-input"]', { name: 'model.onnx', mimeType: 'application/octet-stream', buffer: exported });
    await waitForEditor(page);
    expect(await savedText()).toBe(before);
  });

  it('Compare runs both backends and finds every block within tolerance', async () => {
    await page.getByRole('button', { name: 'Compare backends' }).click();
    const panel = page.getByTestId('compare-panel');
    await panel.getByLabel('Compare prompt').fill('hello world');
    await panel.getByRole('button', { name: 'Run on wasm' }).click();
    const verdict = page.getByTestId('compare-verdict');
    await verdict.waitFor({ timeout: 40_000 });
    expect(await verdict.textContent()).toMatch(/^All \d+ tensors within tolerance 0\.0001/);
    const rows = page.getByTestId('compare-row');
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await page.locator('.fw-cmp-row.is-over').count()).toBe(0);
    const info = (await page.getByTestId('compare-info').textContent()) ?? '';
    expect(info).toMatch(/onnxruntime-web: \d+ threads?/);
    expect(info).toMatch(/cross-origin isolated/);
    expect(info).toMatch(/WebGPU: (available|not available)/);
    const threads = Number(/(\d+) thread/.exec(info)?.[1]);
    expect(threads).toBeGreaterThan(1);

    // Clicking a row selects its node on the canvas.
    await page.locator('.fw-cmp-row[data-node="embed"]').first().click();
    await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('embed');
    await saveScreenshot(page, 'onnx-compare.png');

    // A tighter tolerance than float32 noise: rows go red and the first one is highlighted on the canvas.
    await panel.getByLabel('Tolerance').selectOption('1e-7');
    await panel.getByRole('button', { name: 'Run on wasm' }).click();
    await expect.poll(() => verdict.textContent(), { timeout: 40_000 }).toMatch(/tensors over tolerance 1e-7; first: /);
    expect(await page.locator('.fw-cmp-row.is-over').count()).toBeGreaterThan(0);
    const first = /first: (\S+)/.exec((await verdict.textContent()) ?? '')?.[1] ?? '';
    const top = first.split('.')[0]!;
    await expect.poll(() => page.locator(`.react-flow__node[data-id="${top}"] .fw-node.is-marked-over`).count()).toBe(1);
    await saveScreenshot(page, 'onnx-compare-over.png');
    await panel.getByLabel('Tolerance').selectOption('0.0001');
    expect(errors).toEqual([]);
  }, 60_000);
});
