/**
 * The editor runs under its Content Security Policy (issue 13): the production build carries the
 * policy, and opening the editor, Run all on the CPU and on onnxruntime-web (workers + wasm), and
 * Export ONNX all work with no policy violation reported by the browser.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openEditor, startPreviewServer, type BrowserSession } from './harness.ts';

let server: Awaited<ReturnType<typeof startPreviewServer>> | undefined;
let session: BrowserSession | undefined;

beforeAll(async () => {
  server = await startPreviewServer();
  session = await launchChromium({ viewport: { width: 1440, height: 900 } });
  // Record every violation the page reports, from the first script on.
  await session.context.addInitScript({
    content: `globalThis.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => globalThis.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`,
  });
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
});

const violations = () => session!.page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);

describe('Content Security Policy', () => {
  it('is set, and running (CPU and onnxruntime-web) and ONNX export work under it', async () => {
    const page = session!.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await openEditor(page, server!.url);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).not.toContain('unsafe-inline\'; worker'); // scripts are never inline in the build
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    await page.getByRole('button', { name: '▸ Run' }).click();
    await page.getByLabel('Prompt for text').fill('the cat');
    const runAll = page.getByRole('button', { name: 'Run all' });
    await expect.poll(() => page.locator('[data-testid="tokens-text"] .fw-run-chip').count(), { timeout: 20_000 }).toBe(7);
    await expect.poll(() => page.locator('.fw-run').getAttribute('data-phase'), { timeout: 20_000 }).toBe('idle');
    await runAll.click();
    await expect.poll(() => page.getByTestId('run-reuse').textContent(), { timeout: 30_000 }).toMatch(/ran/);

    await page.getByLabel('Backend for Run all').selectOption('ort');
    await runAll.click();
    await expect.poll(() => page.getByTestId('run-reuse').textContent(), { timeout: 60_000 }).toMatch(/ran on onnxruntime-web/);
    expect(await page.locator('[data-testid="run-problems"]').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export ONNX' }).click()]);
    const bytes = await readFile((await download.path())!);
    expect(bytes.byteLength).toBeGreaterThan(50_000);

    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
