/**
 * Journeys a new user took that failed (issue 15), driven with the mouse and keyboard in Chromium.
 */
import { expect, describe, it } from 'vitest';
import { useEditorPage, waitForAnalysis, waitForEditor } from './harness.ts';
import { dragBlockToCanvas, dragConnection, handleLocator, newGraph, nodeLocator } from './editor-helpers.ts';

const editor = useEditorPage({ width: 1440, height: 900 });

describe('new-user journeys', () => {
  it('F10 and F5 pressed right after typing a prompt are not lost (item 15)', async () => {
    const { page } = editor;
    const open = page.getByRole('button', { name: '▸ Run' });
    if (await open.isVisible()) await open.click();
    const prompt = page.getByLabel('Prompt for text');
    await prompt.fill(''); // the template's sample prompt is there: type a new one
    await prompt.click();
    await page.keyboard.type('the cat', { delay: 5 });
    await page.keyboard.press('F10'); // within a few ms of the last key
    await expect.poll(() => page.locator('.fw-run').getAttribute('data-done'), { timeout: 15_000 }).toBe('1');
    await page.keyboard.type('s', { delay: 0 });
    await page.keyboard.press('F5');
    const total = await page.locator('.fw-run').getAttribute('data-total');
    await expect.poll(() => page.locator('.fw-run').getAttribute('data-done'), { timeout: 15_000 }).toBe(total);
    await expect.poll(() => page.locator('[data-testid="tokens-text"] .fw-run-chip').count()).toBe(8);
    // After Run all the Tensor tab shows the last output, not the "press Step" hint (item 12).
    await expect.poll(() => page.locator('.fw-run-tab-body').textContent()).not.toContain('to run the first block');
    await page.getByRole('button', { name: '▾ Run' }).click();
  }, 60_000);

  it('an empty graph shows no stale statistics (item 11)', async () => {
    const { page } = editor;
    await newGraph(page);
    await waitForAnalysis(page);
    await expect.poll(() => page.getByTestId('status-flops').textContent()).toBe('— FLOPs');
    expect(await page.getByTestId('status-params').textContent()).toBe('— parameters');
    expect(await page.locator('.fw-status').textContent()).not.toContain('valid');
    expect(await page.locator('.fw-status').textContent()).toContain('empty');
  }, 60_000);

  it('vocabulary sizes follow the tokenizer; a mismatch is a problem at edit time and Generate shows it (item 2)', async () => {
    const { page, errors } = editor;
    await newGraph(page);
    await dragBlockToCanvas(page, 'Token input', { x: 160, y: 200 });
    await dragBlockToCanvas(page, 'Embedding', { x: 560, y: 200 });
    await dragConnection(page, handleLocator(page, 'token_input', 'ids', 'output'), handleLocator(page, 'embedding', 'ids', 'input'));
    await nodeLocator(page, 'embedding').click();
    await expect.poll(() => page.getByLabel('vocab_size', { exact: true }).inputValue()).toBe('95');
    await waitForAnalysis(page);
    await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('0');

    // The tiny GPT: shrink its embedding below its 64-character tokenizer.
    await page.getByRole('toolbar').getByRole('button', { name: 'Templates' }).click();
    await page.getByRole('button', { name: /^Open template Tiny GPT/ }).click();
    const discard = page.getByRole('button', { name: 'Discard changes' });
    if (await discard.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false)) await discard.click();
    await waitForEditor(page);
    await nodeLocator(page, 'embed').click();
    const field = page.getByLabel('vocab_size', { exact: true });
    await field.fill('40');
    await field.press('Tab');
    await nodeLocator(page, 'unembed').click(); // tied to the embedding: same size
    await page.getByLabel('vocab_size', { exact: true }).fill('40');
    await page.getByLabel('vocab_size', { exact: true }).press('Tab');
    await waitForAnalysis(page);
    await expect.poll(() => page.locator('.fw-status-error').textContent()).toMatch(/error/);
    await expect.poll(() => page.locator('.fw-node[data-node-id="embed"] .fw-node-problem').textContent()).toContain('has 64 tokens');

    await page.getByRole('button', { name: '▸ Run' }).click();
    await page.getByLabel('Prompt for text').fill('hello zebra');
    await page.getByRole('tab', { name: 'Generate' }).click();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => page.getByTestId('generate-problems').textContent(), { timeout: 15_000 }).toContain('vocab_size = 40');
    expect(await page.getByTestId('generate-problems').textContent()).not.toContain('max_len');
    expect(errors).toEqual([]);
  }, 90_000);
});
