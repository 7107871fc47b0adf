/**
 * The run panel in real Chromium, driven as a person would: type a prompt into tiny-gpt, step
 * through every block (the highlight follows the plan order), read attention cells by hovering and
 * compare them with the engine run in this process, generate 10 tokens, then open the
 * encoder-decoder example and look at its cross-attention. Saves docs/screenshots/run-*.png.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { createSession } from '../../engine/run/session.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';
import { launchChromium, openEditor, startEditorServer, type BrowserSession, type EditorServer, saveScreenshot } from './harness.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const PROMPT = 'the cat sat';

let server: EditorServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startEditorServer();
  browser = await launchChromium({ viewport: { width: 1600, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Compiles an example and runs it in this process: the oracle for what the UI shows. */
function engineRun(file: string, texts: Record<string, string>): { plan: Plan; pattern: (node: string) => Tensor } {
  const parsed = parseDocument(readFileSync(`${EXAMPLES}${file}`, 'utf8'));
  if (!parsed.ok) throw new Error('example does not parse');
  const compiled = compile(parsed.value, standardCatalogue());
  if (!compiled.ok) throw new Error('example does not compile');
  const tokenizers = tokenizersOf(compiled.value.plan, compiled.value.analysis);
  if (!tokenizers.ok) throw new Error('no tokenizers');
  const feeds = feedsFromText(tokenizers.value, texts);
  if (!feeds.ok) throw new Error('bad feeds');
  const session = createSession(compiled.value.plan, feeds.value);
  if (!session.ok) throw new Error('no session');
  const run = session.value.run();
  if (!run.ok) throw new Error('run failed');
  return { plan: compiled.value.plan, pattern: (node) => session.value.blockRun(node)!.intermediates.pattern! };
}

const runStatus = (page: Page) => page.locator('.fw-run').getAttribute('data-done');

/** Hovers cell (row, col) of a head's heatmap and reads the value the readout reports. */
async function hoverCell(page: Page, head: number, row: number, col: number): Promise<number> {
  const canvas = page.getByTestId(`attention-head-${head}`);
  const box = (await canvas.boundingBox())!;
  const left = Number(await canvas.getAttribute('data-left'));
  const top = Number(await canvas.getAttribute('data-top'));
  const cell = Number(await canvas.getAttribute('data-cell'));
  await page.mouse.move(box.x + left + (col + 0.5) * cell, box.y + top + (row + 0.5) * cell, { steps: 2 });
  const readout = page.getByTestId('attention-readout');
  await expect.poll(async () => `${await readout.getAttribute('data-head')}:${await readout.getAttribute('data-row')}:${await readout.getAttribute('data-col')}`).toBe(`${head}:${row}:${col}`);
  return Number(await readout.getAttribute('data-value'));
}

describe('run panel in Chromium', () => {
  it('steps tiny-gpt block by block, shows attention equal to the engine, and generates', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openEditor(page, server.url);
    const expected = engineRun('tiny-gpt.formwork.json', { text: PROMPT });

    // Open the run panel (collapsed by default) and type a prompt: its characters appear as token chips.
    await page.getByRole('button', { name: '▸ Run' }).click();
    const prompt = page.getByLabel('Prompt for text');
    await expect.poll(() => prompt.inputValue()).toBe('the cat sat on the mat'); // the template's sample prompt
    await prompt.fill('');
    await page.keyboard.type(PROMPT, { delay: 10 });
    await expect.poll(() => page.locator('[data-testid="tokens-text"] .fw-run-chip').count()).toBe(PROMPT.length);
    await page.locator('.react-flow__pane').click({ position: { x: 700, y: 40 } }); // leave the prompt box

    // Step through every block with F10; the highlight follows the plan order.
    for (const [i, block] of expected.plan.blocks.entries()) {
      await expect.poll(() => page.getByRole('button', { name: 'Step forward' }).isEnabled()).toBe(true);
      await page.keyboard.press('F10');
      await expect.poll(() => runStatus(page)).toBe(String(i + 1));
      await expect.poll(() => page.getByTestId('run-current').textContent()).toBe(block.node);
      await expect.poll(() => page.locator('.fw-node.is-run-current').getAttribute('data-node-id')).toBe(block.topNode);
      if (block.node === 'layers.1.attn') {
        await expect(page.locator('.fw-node.is-run-current .fw-run-path').textContent()).resolves.toContain('layers.1.attn');
        await saveScreenshot(page, 'run-stepping.png');
      }
    }
    // Step back walks the recorded trace; executed edges carry a summary.
    await page.keyboard.press('Shift+F10');
    await expect.poll(() => page.getByTestId('run-current').textContent()).toBe(expected.plan.blocks.at(-2)!.node);
    expect(await page.getByTestId('edge-run-summary').count()).toBeGreaterThan(3);

    // The attention view of layers.0.attn: rows sum to 1, cells equal the engine's.
    await page.getByRole('tab', { name: 'Attention' }).click();
    await page.getByLabel('Attention block').selectOption('layers.0.attn');
    await expect(page.getByTestId('row-sum-check').textContent()).resolves.toContain('rows sum to 1 ✓');
    const pattern = expected.pattern('layers.0.attn'); // [1, H, T, T]
    const [, H, T] = pattern.shape as [number, number, number, number];
    for (const [head, row, col] of [[0, 0, 0], [0, T - 1, 2], [1, 4, 3], [H - 1, T - 1, T - 1], [2, 6, 0]] as const) {
      const shown = await hoverCell(page, head, row, col);
      expect(shown).toBeCloseTo(pattern.data[((head * T) + row) * T + col]!, 5);
    }
    await hoverCell(page, 1, T - 1, 1);
    await saveScreenshot(page, 'run-attention.png');

    // Generate 10 tokens; they stream in as chips.
    await page.getByRole('tab', { name: 'Generate' }).click();
    await page.getByLabel('sampling mode').selectOption('sample');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page.getByTestId('generated-token').count(), { timeout: 20_000 }).toBe(10);
    await expect.poll(() => page.getByTestId('generate-pane').textContent()).toContain('KV-cached');
    await page.mouse.move(5, 600);
    await saveScreenshot(page, 'run-generate.png');

    // Editing a param re-runs only what depends on it: everything before the de-embedding is reused.
    await page.locator('[data-testid="rf__node-unembed"]').click();
    await page.getByRole('switch', { name: 'bias' }).click();
    const total = expected.plan.blocks.length;
    const counts = async () => /(\d+) reused, (\d+) ran/.exec((await page.getByTestId('run-reuse').textContent().catch(() => '')) ?? '')?.slice(1).map(Number) ?? [0, 0];
    await expect.poll(async () => (await counts()).reduce((a, b) => a + b), { timeout: 15_000 }).toBe(total);
    expect((await counts())[0]).toBeGreaterThanOrEqual(total - 4);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows cross-attention of the encoder-decoder with keys from the source text', async () => {
    const { page } = browser;
    await page.getByTestId('file-input').setInputFiles(`${EXAMPLES}encoder-decoder.formwork.json`);
    const discard = page.getByRole('button', { name: 'Discard changes' });
    if (await discard.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) await discard.click();
    await expect.poll(() => page.getByLabel('Prompt for source').count(), { timeout: 15_000 }).toBe(1);
    const source = 'ich sehe die katze .';
    const target = 'i see the cat';
    await page.getByLabel('Prompt for source').fill(source);
    await page.getByLabel('Prompt for target').fill(target);
    await expect.poll(() => page.locator('[data-testid="tokens-source"] .fw-run-chip').count()).toBe(5);
    // The target box started with the sample prompt "i see the": wait for the re-prepared four tokens.
    await expect.poll(() => page.locator('[data-testid="tokens-target"] .fw-run-chip').count()).toBe(4);
    await expect.poll(() => page.getByRole('button', { name: 'Run all' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Run all' }).click();
    const expected = engineRun('encoder-decoder.formwork.json', { source, target });
    await expect.poll(() => runStatus(page)).toBe(String(expected.plan.blocks.length));
    await page.getByRole('tab', { name: 'Attention' }).click();
    await page.getByLabel('Attention block').selectOption('decoder.0.cross_attn');
    await expect(page.getByTestId('attention-view').textContent()).resolves.toContain('keys from the source text');
    await expect(page.getByTestId('row-sum-check').textContent()).resolves.toContain('rows sum to 1 ✓');
    const pattern = expected.pattern('decoder.0.cross_attn'); // [1, H, T=4, S=5]
    expect(await hoverCell(page, 2, 3, 4)).toBeCloseTo(pattern.data[(2 * 4 + 3) * 5 + 4]!, 5);
    await saveScreenshot(page, 'run-cross-attention.png');
  }, 40_000);
});
