/**
 * Issue 15 item 8: at 1024×700 the page is no wider than the window, the title stays readable,
 * the inspector is not cut, and every toolbar command can still be reached (the toolbar scrolls).
 * Saves docs/screenshots/editor-1024x700.png (with FORMWORK_SCREENSHOTS=1).
 */
import { describe, expect, it } from 'vitest';
import { saveScreenshot, useEditorPage } from './harness.ts';

const editor = useEditorPage({ width: 1024, height: 700 });

describe('a 1024×700 window', () => {
  it('fits the page, keeps the title and inspector readable and every command reachable', async () => {
    const { page, errors } = editor;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    const title = await page.getByLabel('Graph title').boundingBox();
    expect(title!.width).toBeGreaterThanOrEqual(150);
    const inspector = await page.locator('.fw-side').boundingBox();
    expect(inspector!.x + inspector!.width).toBeLessThanOrEqual(1024);
    await saveScreenshot(page, 'editor-1024x700.png');
    for (const name of ['Auto-layout', 'Fit view', 'Keyboard shortcuts and help']) {
      const button = page.getByRole('toolbar').getByRole('button', { name, exact: false }).first();
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(1024);
    }
    await page.getByRole('toolbar').getByRole('button', { name: 'Auto-layout' }).click();
    await page.waitForSelector('.fw-canvas[data-layout="idle"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    expect(errors).toEqual([]);
  }, 60_000);
});
