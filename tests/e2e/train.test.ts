/**
 * The Train panel in real Chromium: open it on tiny-gpt (Shift+T), pick the bundled lighthouse text,
 * train a short run and read the losses the panel shows fall, while a `longtask` PerformanceObserver
 * records the longest main-thread task (the training runs in a worker). Then go back to the first
 * checkpoint, and keep the trained weights in the graph (one undo step). Runs on the production build
 * (startPreviewServer). Saves docs/screenshots/train-panel.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openEditor, saveScreenshot, startPreviewServer, type BrowserSession } from './harness.ts';

// The production build: main-thread timings of React's development build would measure its checks, not the editor.
let server: Awaited<ReturnType<typeof startPreviewServer>> | undefined;
let browser: BrowserSession | undefined;
const editor = { page: undefined as unknown as Page, errors: [] as string[] };

beforeAll(async () => {
  server = await startPreviewServer();
  browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
  editor.page = browser.page;
  editor.page.on('pageerror', (e) => editor.errors.push(String(e)));
  await openEditor(editor.page, server.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A number the panel shows, by test id. */
const shown = async (testId: string): Promise<number> => Number(await editor.page.textContent(`[data-testid="${testId}"]`));

describe('Train panel', () => {
  it('trains tiny-gpt on a bundled text in a worker: the loss falls and the main thread stays free', async () => {
    const { page } = editor;
    await page.keyboard.press('Shift+T');
    await page.waitForSelector('[data-testid="train-panel"]');
    await page.selectOption('select[aria-label="Bundled corpus"]', 'lighthouse.txt');
    await page.waitForFunction(() => /lighthouse\.txt · 4,623 characters/.test(document.querySelector('[data-testid="train-corpus-info"]')?.textContent ?? ''));
    for (const [label, value] of [['steps', '80'], ['validate every', '10'], ['sample every', '40'], ['checkpoint every', '20']] as const)
      await page.fill(`input[aria-label="${label}"]`, value);

    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    const started = Date.now();
    await page.click('[data-testid="train-start"]');
    await page.waitForSelector('[data-testid="train-progress"][data-status="done"]', { timeout: 240_000 });
    const seconds = (Date.now() - started) / 1000;

    const validation = await page.$$eval('.fw-plot-validation-dot', (dots) => dots.length);
    expect(validation).toBe(9); // steps 0, 10, …, 80
    const first = Number((await page.textContent('[data-testid="validation-loss"] + .fw-muted'))?.match(/started at ([\d.]+)/)?.[1]);
    const last = await shown('validation-loss');
    expect(first).toBeGreaterThan(4); // ≈ ln 64: an untrained model spreads its bets
    expect(last).toBeLessThan(first - 1); // learned at least the letter frequencies
    expect(await shown('train-loss')).toBeLessThan(first - 1);
    const samples = await page.$$eval('[data-testid="train-samples"] li', (items) => items.map((li) => li.textContent ?? ''));
    expect(samples).toHaveLength(3); // steps 80, 40, 0

    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const longest = Math.max(0, ...longTasks);
    const blocked = longTasks.reduce((a, b) => a + b, 0) / 1000;
    console.log(`train e2e: 80 steps in ${seconds.toFixed(1)} s; validation ${first} → ${last}; ${longTasks.length} long tasks (${blocked.toFixed(1)} s), longest ${longest.toFixed(0)} ms; sample: ${JSON.stringify(samples[0])}`);
    // Target: no task over 100 ms. Run alone this gives 0–3 long tasks, the longest 84–198 ms (the Run panel
    // taking the final weights); on a shared, oversubscribed 2-core machine, compositor commits, paints and GC
    // (not our scripts — see a trace) stretch more of them, up to ~0.5 s. Training on the main thread would
    // block for the whole run, so these bounds still tell a worker from no worker.
    expect(longest).toBeLessThan(1000);
    expect(blocked).toBeLessThan(seconds * 0.25);
    await saveScreenshot(page, 'train-panel.png');

    // Back to the first checkpoint: the Run panel now uses the untrained weights.
    await page.fill('[data-testid="train-scrubber"]', '0');
    await page.waitForFunction(() => document.querySelector('[data-testid="train-checkpoint"]')?.textContent === 'step 0');
    await page.fill('[data-testid="train-scrubber"]', '4');
    await page.waitForFunction(() => document.querySelector('[data-testid="train-checkpoint"]')?.textContent === 'step 80');

    // Generate in the Run panel with the chosen checkpoint's weights.
    await page.click('button:has-text("Generate with these weights")');
    await page.waitForFunction(() => document.querySelector('[data-testid="run-weights"]')?.textContent === 'weights: checkpoint at step 80');
    await page.fill('input[aria-label="Prompt for text"]', 'the keeper ');
    await page.waitForTimeout(400);
    await page.click('[data-testid="generate-pane"] button:has-text("Generate")');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="generated-token"]').length === 10, null, { timeout: 30_000 });
    const generated = await page.$$eval('[data-testid="generated-token"]', (t) => t.map((x) => x.textContent).join(''));
    console.log('generated with step 80:', JSON.stringify(generated));
    // After 80 steps (√d_model-scaled embeddings) the model already writes the corpus' commonest word; greedy
    // decoding is deterministic, and the untrained document weights give no word at all.
    expect(generated).toMatch(/the/);

    await page.click('[data-testid="train-keep"]');
    await page.waitForSelector('text=Kept the weights of step 80 in the graph');
    await page.waitForSelector('.fw-dirty');
    expect(editor.errors).toEqual([]);
  }, 300_000);

  it('reads an opened text file, and names the first character the tokenizer cannot encode', async () => {
    const { page } = editor;
    const text = 'the sea was calm.\nthe keeper wrote in the book.\nwind from the west — light rain.\n'.repeat(3);
    await page.setInputFiles('[data-testid="train-file-input"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.waitForFunction(() => /^notes\.txt · /.test(document.querySelector('[data-testid="train-corpus-info"]')?.textContent ?? ''));
    await page.click('[data-testid="train-start"]');
    const problem = await page.waitForSelector('[data-testid="train-problems"]');
    expect(await problem.textContent()).toContain('FW062 corpus line 3, column 20: the tokenizer has no token for character "—"');
    expect(await page.getAttribute('[data-testid="train-progress"]', 'data-status')).toBe('failed');
    expect(editor.errors).toEqual([]);
  }, 60_000);
});
