/**
 * A graph whose node ids are Object.prototype member names (`__proto__`, `constructor`, `toString`) opens in the
 * editor with the canvas in step with the document: every node drawn, at a real position, with its shapes.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEditorPage, waitForAnalysis } from './harness.ts';
import { nodeIds } from './editor-helpers.ts';

const editor = useEditorPage();

const doc = {
  format: 'formwork.graph',
  version: 1,
  meta: { title: 'Prototype names' },
  nodes: [
    { id: '__proto__', block: 'TokenInput' },
    { id: 'constructor', block: 'Embedding', params: { vocab_size: 95, d_model: 8 } },
    { id: 'toString', block: 'Output' },
  ],
  edges: [
    { from: { node: '__proto__', port: 'ids' }, to: { node: 'constructor', port: 'ids' } },
    { from: { node: 'constructor', port: 'embedded' }, to: { node: 'toString', port: 'x' } },
  ],
};

describe('node ids named like Object.prototype members', () => {
  it('open with every node drawn at a finite position and the shapes on the edges', async () => {
    const { page, errors } = editor;
    const file = join(tmpdir(), `${process.pid}-prototype-names.formwork.json`);
    await writeFile(file, JSON.stringify(doc));
    await page.getByTestId('file-input').setInputFiles(file);
    const discard = page.getByRole('button', { name: 'Discard changes' });
    if (await discard.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false)) await discard.click();
    await expect.poll(() => nodeIds(page), { timeout: 20_000 }).toEqual(['__proto__', 'constructor', 'toString'].sort());
    await waitForAnalysis(page);
    const transforms = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform));
    for (const t of transforms) expect(t).toMatch(/translate\(-?[\d.]+px, ?-?[\d.]+px\)/); // no NaN positions
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    expect(errors).toEqual([]);
  }, 90_000);
});
