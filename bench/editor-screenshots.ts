/**
 * Regenerates the editor screenshots in docs/screenshots/ (not a test, not a benchmark):
 *   editor-overview.png  the default graph with a node selected (dark theme)
 *   editor-subgraph.png  inside the decoder layer subgraph, attention selected
 *   editor-refused.png   a connection being refused while it is dragged (light theme)
 * Run: node --import tsx bench/editor-screenshots.ts
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium, openEditor, startEditorServer, waitForAnalysis } from '../tests/e2e/harness.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const server = await startEditorServer();
  try {
    for (const theme of ['dark', 'light'] as const) {
      const browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
      const { page } = browser;
      try {
        await page.emulateMedia({ colorScheme: theme });
        await openEditor(page, server.url);
        if (theme === 'dark') {
          await page.locator('[data-testid="rf__node-embed"] .fw-node-header').click();
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${OUT}editor-overview.png` });
          await page.locator('[data-testid="rf__node-layers"]').dblclick();
          await page.waitForSelector('[data-testid="rf__node-attn"]');
          await page.waitForSelector('.fw-canvas[data-layout="idle"]');
          await page.waitForTimeout(500);
          await page.locator('[data-testid="rf__node-attn"] .fw-node-header').click();
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${OUT}editor-subgraph.png` });
        } else {
          // Add a Linear next to the token input and drag ids onto it: int64 into float32 is refused.
          const pane = page.locator('.react-flow__pane');
          const paneBox = (await pane.boundingBox())!;
          // Right of the output node, at the bottom of the wrapped layout, there is room.
          const output = (await page.locator('[data-testid="rf__node-probs"]').boundingBox())!;
          await pane.dblclick({ position: { x: output.x + output.width + 40 - paneBox.x, y: output.y - 60 - paneBox.y } });
          await page.keyboard.type('linear');
          await page.keyboard.press('Enter');
          await waitForAnalysis(page);
          const from = (await page.locator('.react-flow__handle[data-nodeid="text"][data-handleid="ids"]').boundingBox())!;
          const to = (await page.locator('.react-flow__handle[data-nodeid="linear"][data-handleid="x"]').boundingBox())!;
          await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
          await page.mouse.down();
          await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
          await page.waitForSelector('.fw-connection-hint');
          await page.waitForTimeout(200);
          await page.screenshot({ path: `${OUT}editor-refused.png` });
          await page.mouse.up();
        }
      } finally {
        await browser.close();
      }
    }
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await server.close();
  }
}

await main();
