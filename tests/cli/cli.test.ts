/**
 * The CLI as a user runs it: `formwork validate | inspect | run`, exit codes, JSON output, traces,
 * and bad files that exit 1 with diagnostics instead of crashing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', `${name}.formwork.json`);

function formwork(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), 'formwork-cli-'));

describe('formwork CLI', () => {
  it('validate: exit 0 on an example, --json gives {ok, diagnostics}', () => {
    expect(formwork('validate', example('tiny-gpt')).code).toBe(0);
    const r = formwork('validate', example('encoder-decoder'), '--json');
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, diagnostics: [] });
  });

  it('validate: a bad file exits 1 with coded diagnostics on stderr (and in --json)', () => {
    const dir = scratch();
    const doc = JSON.parse(readFileSync(example('tiny-gpt'), 'utf8'));
    doc.subgraphs.decoder_layer.nodes.find((n: { id: string }) => n.id === 'attn').params.heads = 5;
    const file = join(dir, 'bad.formwork.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = formwork('validate', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FW032 error node 'layers\.0\.attn'.*d_model 32 is not divisible by heads 5/);
    const j = JSON.parse(formwork('validate', file, '--json').stdout);
    expect(j.ok).toBe(false);
    expect(j.diagnostics[0]).toMatchObject({ code: 'FW032', node: 'layers.0.attn', param: 'heads' });
  });

  it('never crashes on garbage: not JSON, missing file, a directory, binary bytes', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.json'), '{"format": ');
    writeFileSync(join(dir, 'b.json'), Buffer.from([0, 159, 146, 150, 255]));
    for (const file of [join(dir, 'a.json'), join(dir, 'missing.json'), dir, join(dir, 'b.json')]) {
      for (const cmd of ['validate', 'inspect', 'run']) {
        const r = formwork(cmd, file, ...(cmd === 'run' ? ['--ids', '1'] : []));
        expect(r.code, `${cmd} ${file}`).toBe(1);
        expect(r.stderr).toMatch(/^FW0\d\d error/);
        expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      }
    }
  });

  it('inspect works on the pair, skip and mask steps of the tour (Shape → ConstantOfShape folds)', () => {
    // Every example is costed in-process by tests/engine/compile.test.ts; these three once failed with FW051.
    for (const name of ['tour-03-second-order', 'tour-04-skips', 'tour-05-masking']) {
      const r = formwork('inspect', example(name));
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^total\s/m);
    }
  });

  it('inspect: every block with its output shapes, params and FLOPs, and totals', () => {
    const r = formwork('inspect', example('tiny-gpt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/layers\.1\.attn\s+MultiHeadAttention\s+y \[B, T, 32\]\s+\[1, 64, 32\]\s+4,096/);
    expect(r.stdout).toMatch(/unembed\s+DeEmbedding\s+logits \[B, T, 64\]/);
    expect(r.stdout).toMatch(/^total\s+18,880\s+[\d,]+$/m);
    const j = JSON.parse(formwork('inspect', example('tiny-gpt'), '--json', '--seq', '8').stdout);
    expect(j.total.params).toBe(18_880);
    expect(j.blocks.find((b: { node: string }) => b.node === 'unembed').flops).toBe(2 * 8 * 32 * 64);
  });

  it('run --text prints probabilities; --json has the documented shape', () => {
    const r = formwork('run', example('tiny-gpt'), '--text', 'hello');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/probs \[1, 5, 64\] float32/);
    const j = JSON.parse(formwork('run', example('tiny-gpt'), '--text', 'hello', '--json').stdout);
    expect(j.outputs.probs.shape).toEqual([1, 5, 64]);
    const last = j.outputs.probs.data.slice(4 * 64);
    expect(last.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('run: the Markov example gives the article numbers after "my"', () => {
    const j = JSON.parse(formwork('run', example('markov-first-order'), '--text', 'show me my', '--json').stdout);
    const [name] = Object.keys(j.outputs);
    const out = j.outputs[name!];
    expect(out.shape).toEqual([1, 3, 7]);
    const afterMy = out.data.slice(2 * 7); // vocabulary: directories files me my photos please show
    expect(afterMy.map((v: number) => Math.round(v * 1000) / 1000)).toEqual([0.2, 0.3, 0, 0, 0.5, 0, 0]);
  });

  it('run --ids and --seed: another seed gives other numbers, the same seed the same', () => {
    const a = JSON.parse(formwork('run', example('tiny-gpt'), '--ids', '3,1,4', '--seed', '5', '--json').stdout);
    const b = JSON.parse(formwork('run', example('tiny-gpt'), '--ids', '3,1,4', '--seed', '5', '--json').stdout);
    const c = JSON.parse(formwork('run', example('tiny-gpt'), '--ids', '3,1,4', '--seed', '6', '--json').stdout);
    expect(a).toEqual(b);
    expect(c.outputs.probs.data).not.toEqual(a.outputs.probs.data);
  });

  it('run --trace writes every block output and intermediate as .npy with an index', () => {
    const dir = join(scratch(), 'trace');
    expect(formwork('run', example('tiny-gpt'), '--text', 'hi', '--trace', dir).code).toBe(0);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Array<{ node: string; name: string; file: string; shape: number[] }>;
    expect(index.find((e) => e.node === 'layers.1.attn' && e.name === 'pattern')?.shape).toEqual([1, 4, 2, 2]);
    for (const e of index) expect(existsSync(join(dir, e.file))).toBe(true);
    const npy = readFileSync(join(dir, index[0]!.file));
    expect(npy.subarray(1, 6).toString()).toBe('NUMPY');
  });

  it('wrong usage exits 2 with the usage line', () => {
    const r = formwork('run', example('tiny-gpt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: formwork run');
    expect(formwork('frobnicate').code).toBe(2);
  });
});
