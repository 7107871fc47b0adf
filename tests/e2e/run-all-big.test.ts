/**
 * Issue 15 item 1: Run all on a flat 600-block graph keeps the page responsive. The main thread is
 * watched with a `longtask` PerformanceObserver and a requestAnimationFrame loop while the run
 * streams its blocks in; no React error may be raised and the run must finish within twice the
 * compute time the worker reports (plus a fixed allowance for starting the run).
 */
import { readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../graph-schema/parse.ts';
import { generateEditorGraph } from '../../bench/editor-graph.ts';
import { launchChromium, openEditor, startPreviewServer, waitForEditor, type BrowserSession } from './harness.ts';

const file = join(tmpdir(), `formwork-run-all-600-${process.pid}.formwork.json`);
const deepFile = join(tmpdir(), `formwork-run-all-gpt24-${process.pid}.formwork.json`);
// The production build, as the issue measured it (the dev server adds React's development checks).
let server: Awaited<ReturnType<typeof startPreviewServer>> | undefined;
let session: BrowserSession | undefined;
const editor = { page: undefined as unknown as BrowserSession['page'], errors: [] as string[] };

beforeAll(async () => {
  server = await startPreviewServer();
  session = await launchChromium({ viewport: { width: 1440, height: 900 } });
  editor.page = session.page;
  editor.page.on('pageerror', (e) => editor.errors.push(String(e)));
  await openEditor(editor.page, server.url);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
  await rm(file, { force: true });
  await rm(deepFile, { force: true });
});

/** Opens a graph file through the file picker, discarding unsaved changes if asked. */
async function openFile(page: BrowserSession['page'], path: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
  const discard = page.getByRole('button', { name: 'Discard changes' });
  if (await discard.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false)) await discard.click();
  await waitForEditor(page);
}

describe('Run all on a big graph', () => {
  it('runs tiny-gpt with its decoder layer repeated 24 times on "hello world" without a React error', async () => {
    const { page, errors } = editor;
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    const doc = JSON.parse(await readFile(new URL('../../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8')) as { nodes: { id: string; repeat?: number }[] };
    const layers = doc.nodes.find((n) => n.id === 'layers')!;
    layers.repeat = 24;
    await writeFile(deepFile, JSON.stringify(doc));
    await openFile(page, deepFile);
    const open = page.getByRole('button', { name: '▸ Run' });
    if (await open.isVisible()) await open.click();
    await page.getByLabel('Prompt for text').fill('hello world');
    await expect.poll(() => page.locator('[data-testid="tokens-text"] .fw-run-chip').count(), { timeout: 20_000 }).toBe(11);
    const runAll = page.getByRole('button', { name: 'Run all' });
    await expect.poll(() => page.locator('.fw-run').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    const started = Date.now();
    await runAll.click();
    const total = await page.locator('.fw-run').getAttribute('data-total');
    expect(Number(total)).toBeGreaterThan(150);
    await expect.poll(() => page.locator('.fw-run').getAttribute('data-done'), { timeout: 60_000, interval: 50 }).toBe(total);
    await expect.poll(() => page.getByTestId('run-reuse').textContent(), { timeout: 30_000, interval: 50 }).toMatch(/ran/);
    const elapsed = Date.now() - started;
    const compute = Number(/\((\d+) ms\)/.exec((await page.getByTestId('run-reuse').textContent()) ?? '')?.[1] ?? NaN);
    console.log(`run all tiny-gpt ×24 (${total} blocks): ${elapsed} ms until done, worker ${compute} ms`);
    expect(errors).toEqual([]);
    expect(consoleErrors.filter((e) => /Maximum update depth|Minified React error|#185/.test(e))).toEqual([]);
    expect(elapsed).toBeLessThan(2 * compute + 1000);
    // The tensor tab shows the last block's output, not the "press Step" hint (item 12).
    await expect.poll(() => page.locator('.fw-run-tab-body').textContent()).not.toContain('to run the first block');
  }, 120_000);

  it('runs 600 blocks without a long main-thread task, a frame gap or a React error', async () => {
    const { page, errors } = editor;
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await writeFile(file, serializeDocument(generateEditorGraph(600)));
    await openFile(page, file);
    await expect.poll(() => page.locator('.react-flow__node[data-id="output"]').count().then(() => page.getByTestId('status-nodes').textContent())).toContain('600');

    const open = page.getByRole('button', { name: '▸ Run' });
    if (await open.isVisible()) await open.click();
    await page.getByLabel('Prompt for token_input').fill('hello world');
    const runAll = page.getByRole('button', { name: 'Run all' });
    await expect.poll(() => runAll.isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(500); // let the prompt's session settle

    await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __gaps: number[]; __watch: boolean; __obs: PerformanceObserver };
      w.__long = [];
      w.__gaps = [];
      w.__watch = true;
      w.__obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(e.duration);
      });
      w.__obs.observe({ type: 'longtask' });
      let last = performance.now();
      const tick = () => {
        const now = performance.now();
        w.__gaps.push(now - last);
        last = now;
        if (w.__watch) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    await runAll.click();
    await expect.poll(() => page.locator('.fw-run').getAttribute('data-done'), { timeout: 120_000, interval: 50 }).toBe('600');
    await expect.poll(() => page.getByTestId('run-reuse').textContent(), { timeout: 30_000, interval: 50 }).toMatch(/ran/);
    const elapsed = Date.now() - started;
    const watched = await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __gaps: number[]; __watch: boolean; __obs: PerformanceObserver };
      w.__watch = false;
      w.__obs.disconnect();
      return { long: Math.max(0, ...w.__long), gap: Math.max(0, ...w.__gaps) };
    });
    const reuse = (await page.getByTestId('run-reuse').textContent()) ?? '';
    const compute = Number(/\((\d+) ms\)/.exec(reuse)?.[1] ?? NaN);
    console.log(`run all 600 blocks: ${elapsed} ms total, worker ${compute} ms, longest task ${watched.long.toFixed(0)} ms, longest frame gap ${watched.gap.toFixed(0)} ms`);
    expect(errors).toEqual([]);
    expect(consoleErrors.filter((e) => /Maximum update depth|Minified React error/.test(e))).toEqual([]);
    // The targets (no task over 100 ms, no frame gap over 200 ms) are measured by `npm run bench` (editor-bench)
    // on a quiet machine; here, on a shared one, the test only proves the page never freezes as it used to (23 s).
    expect(watched.long).toBeLessThan(1000);
    expect(watched.gap).toBeLessThan(2000);
    expect(elapsed).toBeLessThan(2 * compute + 3000);
  }, 240_000);
});
