/**
 * The seed tour in Chromium: open template 1 from the gallery, click "next" through all 20 steps; each step
 * shows its title and, from step 2 on, a non-empty "what changed" list with the added nodes highlighted.
 * Clicking next over unsaved edits asks first.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOUR } from '../../app/tour/tour.ts';
import { waitForEditor, saveScreenshot, useEditorPage } from './harness.ts';

const editor = useEditorPage();
const errors = editor.errors;
let page: Page;
beforeAll(() => {
  page = editor.page;
});

describe('tour', () => {
  it('the gallery lists the 20 steps in order with their descriptions', async () => {
    await page.getByRole('button', { name: 'Templates', exact: true }).click();
    const titles = await page.locator('.fw-template strong').allTextContents();
    const steps = titles.filter((t) => /^\d+ · /.test(t));
    expect(steps).toEqual(TOUR.map((t) => t.title));
    const first = page.getByRole('button', { name: `Open template ${TOUR[0]!.title}` });
    expect(await first.textContent()).toContain(TOUR[0]!.description.slice(0, 40));
  });

  it('opens step 1 and clicks next through all 20', async () => {
    await page.getByRole('button', { name: `Open template ${TOUR[0]!.title}` }).click();
    await waitForEditor(page);
    const bar = page.getByTestId('tour-bar');
    for (let i = 0; i < TOUR.length; i++) {
      await expect.poll(() => bar.getAttribute('data-step')).toBe(String(i + 1));
      expect(await page.getByTestId('tour-title').textContent()).toBe(TOUR[i]!.title);
      expect(await page.getByTestId('tour-step').textContent()).toBe(`Tour · step ${i + 1} of 20`);
      if (i === 0) expect(await page.getByTestId('tour-changes').count()).toBe(0);
      else {
        const changes = await page.locator('[data-testid="tour-changes"] li').allTextContents();
        expect(changes.length, TOUR[i]!.id).toBeGreaterThan(0);
        expect(changes.join('\n')).not.toMatch(/nothing \(same graph\)/);
        if (changes.some((c) => c.startsWith('added '))) await expect.poll(() => page.locator('.fw-node.is-marked-added').count()).toBeGreaterThan(0);
      }
      if (i === 9) {
        await waitForEditor(page);
        await saveScreenshot(page, 'tour-step.png');
      }
      if (i < TOUR.length - 1) await page.getByRole('button', { name: 'Next tour step' }).click();
    }
    expect(await page.getByRole('button', { name: 'Next tour step' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('next over unsaved edits asks first', async () => {
    await page.getByRole('button', { name: 'Templates', exact: true }).click();
    await page.getByRole('button', { name: `Open template ${TOUR[18]!.title}` }).click();
    await expect.poll(() => page.getByTestId('tour-bar').getAttribute('data-step')).toBe('19');
    await waitForEditor(page);
    const before = await page.locator('.react-flow__node').count();
    await page.mouse.click(640, 820); // empty canvas, below the graph
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete'); // an unsaved edit
    await expect.poll(() => page.locator('.react-flow__node').count()).toBeLessThan(before);
    await expect.poll(() => page.getByTestId('tour-bar').getAttribute('data-step')).toBe('19');
    await page.getByRole('button', { name: 'Next tour step' }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('tour-bar').getAttribute('data-step')).toBe('19');
    await page.getByRole('button', { name: 'Next tour step' }).click();
    await dialog.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.getByTestId('tour-bar').getAttribute('data-step')).toBe('20');
  });
});
