/**
 * Shared end-to-end helpers: a Vite dev server started programmatically on a free port, and
 * Debian's Chromium driven by playwright-core with a fresh profile per launch. Reuse these for any
 * test that needs the editor in a real browser.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { build, createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work for headless Chromium as root on this kind of machine (see shared/docs/stack.md). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost',
];

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on localhost. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface EditorServer {
  readonly url: string;
  readonly server: ViteDevServer;
  close(): Promise<void>;
}

/** Starts the editor's Vite dev server (repo vite.config.ts) on a free port. */
export async function startEditorServer(): Promise<EditorServer> {
  const port = await freePort();
  const server = await createServer({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    logLevel: 'error',
    clearScreen: false,
    server: { port, strictPort: true, host: '127.0.0.1', open: false, hmr: false, watch: null },
  });
  await server.listen();
  return { url: `http://localhost:${port}/`, server, close: () => server.close() };
}

/**
 * Builds the editor for production into a temporary directory and serves it with `vite preview`
 * (same COOP/COEP headers). Slower to start than the dev server; use it to measure performance.
 */
export async function startPreviewServer(): Promise<{ readonly url: string; readonly server: PreviewServer; close(): Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'formwork-build-'));
  const configFile = join(REPO_ROOT, 'vite.config.ts');
  await build({ configFile, root: REPO_ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server = await preview({ configFile, root: REPO_ROOT, logLevel: 'error', build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
  return {
    url: `http://localhost:${port}/`,
    server,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The profile directory (deleted by `close`). */
  readonly profile: string;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile and one page. */
export async function launchChromium(options: { viewport?: { width: number; height: number }; downloads?: boolean } = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'formwork-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    acceptDownloads: options.downloads ?? true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // tsx/esbuild wrap named functions in `__name(...)`; functions passed to page.evaluate need it too.
  await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profile,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the editor and waits until the graph is drawn and analysed. */
export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForEditor(page);
}

/** Waits for the canvas to show nodes (or the empty-canvas hint), settle its layout, and the first analysis. */
export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForSelector('.react-flow__node, .fw-canvas-empty', { timeout: 30_000 });
  await page.waitForSelector('.fw-canvas[data-layout="idle"]', { timeout: 30_000 });
  await page.waitForFunction(() => /analysed in/.test(document.querySelector('[data-testid="status-analysis"]')?.textContent ?? ''), null, {
    timeout: 30_000,
  });
}

/** Waits until the latest edit has been analysed (the status bar stops saying "analysing…"). */
export async function waitForAnalysis(page: Page): Promise<void> {
  await page.waitForTimeout(30);
  await page.waitForFunction(() => /analysed in/.test(document.querySelector('[data-testid="status-analysis"]')?.textContent ?? ''), null, {
    timeout: 15_000,
  });
}

/**
 * Saves `docs/screenshots/<name>` — only when FORMWORK_SCREENSHOTS=1, so a test run leaves the
 * committed screenshots alone (`FORMWORK_SCREENSHOTS=1 npx vitest run tests/e2e` refreshes them).
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.FORMWORK_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: fileURLToPath(new URL(`../../docs/screenshots/${name}`, import.meta.url)) });
}

/** The editor open in Chromium for one test file, with the page errors it raised. */
export interface EditorPage {
  readonly page: Page;
  readonly errors: string[];
}

/**
 * Registers beforeAll/afterAll hooks that start the dev server, launch Chromium and open the editor;
 * read `.page` inside tests (it is set once the hooks have run).
 */
export function useEditorPage(viewport = { width: 1600, height: 1100 }): EditorPage {
  let server: EditorServer | undefined;
  let session: BrowserSession | undefined;
  const state = { page: undefined as unknown as Page, errors: [] as string[] };
  beforeAll(async () => {
    server = await startEditorServer();
    session = await launchChromium({ viewport });
    state.page = session.page;
    state.page.on('pageerror', (e) => state.errors.push(String(e)));
    await openEditor(state.page, server.url);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  return state;
}
