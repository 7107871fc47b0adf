/**
 * The MatMul kernels in real Chromium, on the page's main thread (where synchronous compilation of wasm
 * modules over 4 KiB is refused): engine/kernels/matmul.ts is bundled by vite as an IIFE, injected into
 * a blank page, and its WASM SIMD and JS tiled paths are compared with the reference there. Skipped when
 * Chromium is not installed (see tests/e2e/harness.ts for the path and flags).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { CHROMIUM_PATH, launchChromium, type BrowserSession } from '../e2e/harness.ts';

type MatmulModule = typeof import('../../engine/kernels/matmul.ts');

const ENTRY = fileURLToPath(new URL('../../engine/kernels/matmul.ts', import.meta.url));

/** The kernel module as one classic script defining `globalThis.FormworkMatmul`. */
async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: ENTRY, name: 'FormworkMatmul', formats: ['iife'] } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if ('output' in out) for (const chunk of out.output) if (chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite produced no chunk');
}

interface PageResult {
  readonly impl: string;
  readonly mainThread: boolean;
  /** Per shape: max |fast − reference| / max(1, |reference|) for wasm and tiled. */
  readonly errors: readonly { readonly shape: string; readonly wasm: number; readonly tiled: number }[];
  readonly gflops256: number;
}

describe('MatMul in Chromium (main thread)', () => {
  it('has Chromium to run in (apt-get install -y chromium)', () => expect(existsSync(CHROMIUM_PATH)).toBe(true));

  let browser: BrowserSession | undefined;
  let result: PageResult;

  beforeAll(async () => {
    const code = await bundle();
    browser = await launchChromium();
    await browser.page.goto('about:blank');
    await browser.page.addScriptTag({ content: code });
    result = await browser.page.evaluate((): PageResult => {
      const fw = (globalThis as unknown as { FormworkMatmul: MatmulModule }).FormworkMatmul;
      let s = 12345;
      const rand = (shape: number[]) => {
        const data = new Float32Array(shape.reduce((p, d) => p * d, 1)).map(() => ((s = (s * 1103515245 + 12345) % 2147483648) / 2 ** 30) - 1);
        return { dtype: 'float32' as const, shape, data };
      };
      const shapes: [number[], number[]][] = [[[1, 1], [1, 1]], [[7, 13], [13, 5]], [[33, 65], [65, 17]], [[67, 300], [300, 9]], [[2, 3, 17, 9], [9, 11]], [[3, 1, 4, 5], [2, 5, 6]], [[1, 4, 0, 8], [8, 5]], [[3, 0], [0, 4]]];
      const errors = shapes.map(([as, bs]) => {
        const [a, b] = [rand(as), rand(bs)];
        const ref = fw.matmulReference([a, b]).data;
        const err = (impl: 'wasm' | 'tiled') => {
          const got = fw.matmulWith(impl, [a, b]).data;
          if (got.length !== ref.length) return Infinity;
          let m = 0;
          for (let i = 0; i < ref.length; i++) m = Math.max(m, Math.abs(got[i]! - ref[i]!) / Math.max(1, Math.abs(ref[i]!)));
          return m;
        };
        return { shape: `${as} · ${bs}`, wasm: err('wasm'), tiled: err('tiled') };
      });
      const [a, b] = [rand([256, 256]), rand([256, 256])];
      for (let i = 0; i < 5; i++) fw.matmulWith('wasm', [a, b]);
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) fw.matmulWith('wasm', [a, b]);
      const gflops256 = (20 * 2 * 256 ** 3) / ((performance.now() - t0) / 1000) / 1e9;
      return { impl: fw.defaultMatmulImpl(), mainThread: typeof document === 'object', errors, gflops256 };
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('compiles the WASM SIMD kernel synchronously on the main thread and uses it', () => {
    expect(result.mainThread).toBe(true);
    expect(result.impl).toBe('wasm');
    expect(result.gflops256).toBeGreaterThan(0);
  });

  it('matches the reference within 1e-5 on both fast paths', () => {
    for (const e of result.errors) {
      expect(e.wasm, e.shape).toBeLessThanOrEqual(1e-5);
      expect(e.tiled, e.shape).toBeLessThanOrEqual(1e-5);
    }
  });
});
