/**
 * Issue 13, "also from command-line use": strict --ids and --top-k, generation that stops cleanly at the
 * positional table's max_len (keeping its tokens in --json), and `.onnx` files opened via their graph.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, example, scratch, writeGraph } from './helpers.ts';

describe('command-line inputs', () => {
  it('--ids "" and --ids 3,,4 are usage errors, not id 0', async () => {
    const file = writeGraph(scratch(), example('tiny-gpt'));
    for (const ids of ['', '3,,4', '1,', ' ', '1.5', '1e3']) {
      const r = await cli(['run', file, '--ids', ids]);
      expect(r.code, `--ids '${ids}'`).toBe(2);
      expect(r.stderr).toMatch(/--ids takes comma-separated whole numbers/);
    }
    expect((await cli(['run', file, '--ids', '-1'])).code).toBe(2); // parseArgs: looks like an option
    expect((await cli(['run', file, '--ids', '3, 1,4'])).code).toBe(0);
  });

  it('--top-k 0 is refused', async () => {
    const r = await cli(['generate', writeGraph(scratch(), example('tiny-gpt')), '--text', 'a', '--top-k', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--top-k must be a whole number ≥ 1/);
  });

  it('generate stops at max_len with a warning and keeps the tokens it made (--json)', async () => {
    const file = writeGraph(scratch(), example('tiny-gpt')); // max_len 64
    const r = await cli(['generate', file, '--text', 'x'.repeat(60), '--max-tokens', '20', '--temperature', '0', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { tokens: unknown[] };
    expect(json.tokens).toHaveLength(5); // positions 60…64: the 5th token is chosen from the 64th position
    expect(r.stderr).toMatch(/FW051 warning node 'pos' param 'max_len': stopped after 5 tokens: 'pos' covers at most max_len = 64 positions/);
    const long = await cli(['generate', file, '--text', 'x'.repeat(65), '--json']);
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/^FW051 error node 'pos' param 'max_len': the prompt is 65 tokens/);
  });

  it('validate, run and inspect open an exported .onnx through the graph it carries', async () => {
    const dir = scratch();
    const graph = writeGraph(dir, example('tour-09-embeddings'));
    const onnx = join(dir, 'model.onnx');
    expect((await cli(['export', graph, '-o', onnx])).code).toBe(0);
    expect((await cli(['validate', onnx])).code).toBe(0);
    const fromOnnx = await cli(['run', onnx, '--text', 'the battery', '--json']);
    const fromGraph = await cli(['run', graph, '--text', 'the battery', '--json']);
    expect(fromOnnx.code).toBe(0);
    expect(fromOnnx.stdout).toBe(fromGraph.stdout);
    expect((await cli(['inspect', onnx])).code).toBe(0);
  });

  it('an .onnx without a Formwork graph, or not ONNX at all, gives FW070', async () => {
    const dir = scratch();
    const r = await cli(['validate', writeGraph(dir, 'not a model', 'x.onnx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW070 error: not an ONNX model/);
  });
});
