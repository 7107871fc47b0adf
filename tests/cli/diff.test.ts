/**
 * `formwork diff`: on every pair of consecutive tour steps it prints exactly what the Tour bar shows;
 * weights that differ come with max |Δ| (checked against a change made by hand); renames are followed
 * into weight names; bad files exit 1 and wrong usage exits 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { diff } from '../../engine/cli/commands/diff.ts';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { summarizeDiff, TOUR, tourDiff } from '../../app/tour/tour.ts';

const root = new URL('../..', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', `${name}.formwork.json`);

function formwork(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('formwork diff', () => {
  it('prints, for each pair of consecutive tour steps, the lines the Tour bar shows', async () => {
    // In-process (the same command object main runs) to spare 19 process starts; the other tests spawn the CLI.
    for (let i = 1; i < TOUR.length; i++) {
      let stdout = '';
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
      const code = await diff.run([example(TOUR[i - 1]!.id), example(TOUR[i]!.id)], {}).finally(() => write.mockRestore());
      expect(code).toBe(0);
      const printed = stdout.split('\n').slice(1);
      const structural = printed.slice(0, printed.findIndex((l) => l === '' || l.startsWith('  weights (')));
      expect(structural, TOUR[i]!.id).toEqual(summarizeDiff(tourDiff(i)!).map((l) => `  ${l.text}`));
    }
  });

  it('gives max |Δ| for weights changed by hand, in text and --json; the same file gives no differences', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-diff-'));
    const text = readFileSync(example('tiny-gpt'), 'utf8');
    const doc = parseDocument(text);
    if (!doc.ok) throw new Error('example does not parse');
    const compiled = compile(doc.value, standardCatalogue());
    if (!compiled.ok) throw new Error('example does not compile');
    const table = compiled.value.plan.weights.get('embed.table')!.tensor;
    const data = Array.from(table.data as Float32Array);
    data[5] = data[5]! - 0.75;
    data[9] = data[9]! + 0.5;
    const b = { ...JSON.parse(text), weights: { 'embed.table': { shape: [...table.shape], data } } };
    writeFileSync(join(dir, 'b.formwork.json'), JSON.stringify(b));

    const r = formwork('diff', example('tiny-gpt'), join(dir, 'b.formwork.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/weights changed: embed\.table/); // the explicit weight is new in B
    expect(r.stdout).toMatch(/weights \(1 differ\):\n\s+embed\.table\s+changed\s+\[64, 32\]\s+max \|Δ\| 0\.750/);
    const json = JSON.parse(formwork('diff', example('tiny-gpt'), join(dir, 'b.formwork.json'), '--json').stdout);
    expect(json.weights).toHaveLength(1);
    expect(json.weights[0]).toMatchObject({ name: 'embed.table', change: 'values', shapeA: [64, 32] });
    expect(json.weights[0].maxAbsDelta).toBeCloseTo(0.75, 6);
    expect(json.compiled).toEqual({ a: true, b: true });

    const same = formwork('diff', example('tiny-gpt'), example('tiny-gpt'));
    expect(same.stdout.split('\n')[1]).toBe('  no differences');
  });

  it('follows a renamed node into its weight names, and reports seeded weights that changed with the seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-diff-'));
    const text = readFileSync(example('tiny-gpt'), 'utf8').replaceAll('"embed"', '"emb"');
    writeFileSync(join(dir, 'renamed.formwork.json'), text);
    const r = formwork('diff', example('tiny-gpt'), join(dir, 'renamed.formwork.json'), '--json');
    const json = JSON.parse(r.stdout);
    expect(json.structure.renamed).toEqual([{ from: 'embed', to: 'emb' }]);
    expect(json.structure.added).toEqual([]);
    for (const w of json.weights) expect(w).toMatchObject({ name: expect.stringMatching(/^emb\./), was: expect.stringMatching(/^embed\./) });

    const reseeded = { ...JSON.parse(readFileSync(example('tiny-gpt'), 'utf8')), seed: 7 };
    writeFileSync(join(dir, 'seed7.formwork.json'), JSON.stringify(reseeded));
    const s = JSON.parse(formwork('diff', example('tiny-gpt'), join(dir, 'seed7.formwork.json'), '--json').stdout);
    expect(s.weights.length).toBeGreaterThan(5);
    for (const w of s.weights) expect(w.maxAbsDelta).toBeGreaterThan(0);
  });

  it('bad files exit 1 with coded diagnostics; wrong usage exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-diff-'));
    writeFileSync(join(dir, 'bad.formwork.json'), '{"format": "formwork.graph", "version": 1, ');
    const r = formwork('diff', example('tiny-gpt'), join(dir, 'bad.formwork.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW001 error: .*bad\.formwork\.json: not valid JSON/);
    expect(formwork('diff', example('tiny-gpt')).code).toBe(2);
  });
});
