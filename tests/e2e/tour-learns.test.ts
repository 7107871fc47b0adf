/**
 * Tour step 12 in Chromium with its trained weights: the prompt box starts with the template's sample prompt,
 * Run all, and the attention view shows the head that attends from "ran" to "battery" with the engine's value.
 * Saves docs/screenshots/tour-12-attention.png (FORMWORK_SCREENSHOTS=1).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { createSession } from '../../engine/run/session.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';
import { launchChromium, openEditor, saveScreenshot, startEditorServer, type BrowserSession, type EditorServer } from './harness.ts';

const FILE = fileURLToPath(new URL('../../examples/tour-12-multi-head.formwork.json', import.meta.url));
const PROMPT = 'check whether the battery ran';

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

/** pattern[0, head, row, col] of step 12's attention, run in this process. */
function enginePattern(head: number, row: number, col: number): number {
  const parsed = parseDocument(readFileSync(FILE, 'utf8'));
  if (!parsed.ok) throw new Error('does not parse');
  const compiled = compile(parsed.value, standardCatalogue());
  if (!compiled.ok) throw new Error('does not compile');
  const tokenizers = tokenizersOf(compiled.value.plan, compiled.value.analysis);
  const feeds = tokenizers.ok ? feedsFromText(tokenizers.value, { words: PROMPT }) : null;
  const session = feeds?.ok ? createSession(compiled.value.plan, feeds.value) : null;
  if (!session?.ok || !session.value.run().ok) throw new Error('run failed');
  const pattern = session.value.blockRun('attn')!.intermediates.pattern!; // [1, 4, T, T]
  const t = pattern.shape[3]!;
  return pattern.data[(head * t + row) * t + col]!;
}

describe('tour step 12 trained', () => {
  it('opens with its sample prompt and shows ran → battery in head 2', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openEditor(page, server.url);
    await page.getByTestId('file-input').setInputFiles(FILE);
    const discard = page.getByRole('button', { name: 'Discard changes' });
    if (await discard.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) await discard.click();
    await page.getByRole('button', { name: '▸ Run' }).click();
    await expect.poll(() => page.getByLabel('Prompt for words').inputValue(), { timeout: 15_000 }).toBe(PROMPT);
    await expect.poll(() => page.locator('[data-testid="tokens-words"] .fw-run-chip').count()).toBe(5);
    await expect.poll(() => page.getByRole('button', { name: 'Run all' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByRole('tab', { name: 'Attention' }).click();
    await page.getByLabel('Attention block').selectOption('attn');
    await expect(page.getByTestId('row-sum-check').textContent()).resolves.toContain('rows sum to 1 ✓');

    const canvas = page.getByTestId('attention-head-2');
    const box = (await canvas.boundingBox())!;
    const [left, top, cell] = await Promise.all(['data-left', 'data-top', 'data-cell'].map(async (a) => Number(await canvas.getAttribute(a))));
    await page.mouse.move(box.x + left! + 3.5 * cell!, box.y + top! + 4.5 * cell!, { steps: 2 });
    const readout = page.getByTestId('attention-readout');
    await expect.poll(async () => `${await readout.getAttribute('data-head')}:${await readout.getAttribute('data-row')}:${await readout.getAttribute('data-col')}`).toBe('2:4:3');
    const shown = Number(await readout.getAttribute('data-value'));
    expect(shown).toBeCloseTo(enginePattern(2, 4, 3), 5);
    expect(shown).toBeGreaterThan(0.5);
    await saveScreenshot(page, 'tour-12-attention.png');
    expect(errors).toEqual([]);
  }, 60_000);
});
