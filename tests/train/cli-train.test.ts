/**
 * `formwork train` as a user runs it: usage errors exit 2, corpus and size problems exit 1 with coded
 * diagnostics before any model is built; and tiny-gpt trained for a few steps, then run from the written files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const GPT = join(root, 'examples/tiny-gpt.formwork.json');
const CORPUS = join(root, 'examples/corpora/workshop.txt');

function formwork(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), 'train', ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const scratch = () => mkdtempSync(join(tmpdir(), 'formwork-train-'));

describe('formwork train: usage', () => {
  const dir = scratch();
  const out = join(dir, 'out.formwork.json');
  const cases: Array<[string[], RegExp]> = [
    [[GPT, '-o', out], /train needs --corpus/],
    [[GPT, '--corpus', CORPUS], /train needs -o OUT/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--optimizer', 'lion'], /--optimizer must be adamw, adam, sgd/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--steps', '1.5'], /--steps must be a whole number from 0 up, got '1.5'/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--lr', '0'], /--lr must be a number above 0/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--lr', 'fast'], /--lr must be a number above 0, got 'fast'/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--schedule', 'step'], /--schedule must be constant, cosine/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--momentum', '0.9'], /--momentum is for --optimizer sgd/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--weights', join(dir, 'w.bin')], /--weights must name a .safetensors file/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--weights', join(tmpdir(), 'elsewhere', 'w.safetensors')], /same directory as -o/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--validation', '0.9'], /--validation must be at most 0.5/],
    [[GPT, '--corpus', CORPUS, '-o', out, '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [args, message] of cases)
    it(`exit 2: ${args.slice(1).join(' ').replaceAll(root, '').replaceAll(dir, 'DIR')}`, () => {
      const r = formwork(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage: formwork train FILE --corpus/);
    });
  it('--help lists every option', () => {
    const r = formwork('--help');
    expect(r.code).toBe(0);
    for (const flag of ['--corpus', '--steps', '--batch', '--lr', '--optimizer', '--seed', '--warmup', '--schedule', '--clip', '--weight-decay', '--log-every', '--checkpoint', '--resume', '--weights', '--json'])
      expect(r.stdout).toContain(flag);
  });
});

describe('formwork train: bad corpus and sizes exit 1 with coded diagnostics', () => {
  const dir = scratch();
  const out = join(dir, 'out.formwork.json');
  const corpus = (name: string, content: string | Buffer) => (writeFileSync(join(dir, name), content), join(dir, name));

  it('a character the tokenizer lacks: FW062 naming it, its line and column', () => {
    const r = formwork(GPT, '--corpus', corpus('accents.txt', 'plain text\nand a café here\n'), '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW062 error node 'text': corpus line 2, column 10: the tokenizer has no token for character "é"/m);
    expect(existsSync(out)).toBe(false);
  });

  it('a corpus shorter than T + 1 tokens', () => {
    const r = formwork(GPT, '--corpus', corpus('short.txt', 'too short'), '-o', out, '--context', '32');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FW062 error: the training part of the corpus has 9 tokens; sequences of 32 need at least 33/);
  });

  it('not UTF-8, missing, empty', () => {
    expect(formwork(GPT, '--corpus', corpus('bin.txt', Buffer.from([0xff, 0xfe, 0x00])), '-o', out).stderr).toMatch(/^FW062 error: .*is not UTF-8 text/);
    expect(formwork(GPT, '--corpus', join(dir, 'nope.txt'), '-o', out).stderr).toMatch(/^FW062 error: cannot read .*nope\.txt: ENOENT/);
    expect(formwork(GPT, '--corpus', corpus('empty.txt', ''), '-o', out).stderr).toMatch(/^FW062 error node 'text': the corpus gives no tokens/);
  });

  it('batch × context past the memory limit: FW063 with the estimate, before allocating', () => {
    const r = formwork(GPT, '--corpus', CORPUS, '-o', out, '--batch', '4096', '--context', '4096');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW063 error param 'batch': batch 4096 × sequence 4096 needs about 12\.0 GiB per step; the limit is 2\.0 GiB/);
  });

  it("the model's own estimate (peak of live tensors) is checked too, before the first step", () => {
    const doc = JSON.parse(readFileSync(GPT, 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'pos').params.max_len = 256;
    const wide = join(dir, 'wide.formwork.json');
    writeFileSync(wide, JSON.stringify(doc));
    const r = formwork(wide, '--corpus', CORPUS, '-o', out, '--batch', '4096', '--context', '128');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW063 error param 'batch': batch 4096 × sequence 128 needs about 5\.8 GiB per step; the limit is 2\.0 GiB/m);
  });

  it('a graph with two text inputs cannot train on one corpus', () => {
    const r = formwork(join(root, 'examples/encoder-decoder.formwork.json'), '--corpus', CORPUS, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW062 error: training on a text corpus needs a graph with exactly one text input; this one has 2/);
  });

  it('a checkpoint that is not one: FW063', () => {
    const r = formwork(GPT, '--corpus', CORPUS, '-o', out, '--context', '32', '--resume', corpus('fake.safetensors', 'not a checkpoint at all'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW063 error: checkpoint: /);
  });

  it('a context longer than the positional table: FW063 naming the node, before the first step', () => {
    const r = formwork(GPT, '--corpus', CORPUS, '-o', out, '--context', '100', '--batch', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW063 error node 'pos' param 'context': batches of 2 × 100 tokens do not fit the graph: .*100 vs 64/m);
    expect(existsSync(out)).toBe(false);
  });

  it('a graph the model side cannot train (two float outputs): FW064, nothing written', () => {
    const r = formwork(join(root, 'examples/tour-01-one-hot-lookup.formwork.json'), '--corpus', corpus('words.txt', 'show me my\n'.repeat(20)), '-o', out, '--context', '3', '--batch', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW064 error: training needs one float output of scores; this graph has 2 \(one_hot_rows, looked_up\)/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('formwork train: tiny-gpt end to end', () => {
  it('--json progress, the trained graph and weights file, which `formwork run` then loads', () => {
    const dir = scratch();
    const out = join(dir, 'tiny.formwork.json');
    const r = formwork(GPT, '--corpus', CORPUS, '--steps', '20', '--batch', '4', '--context', '16', '--lr', '1e-2', '--log-every', '1', '--validate-every', '20', '--json', '-o', out, '--weights', join(dir, 'tiny.safetensors'));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 20]);
    expect(lines[20]).toMatchObject({ out, weights: join(dir, 'tiny.safetensors'), stopped: false });
    expect(lines[0].loss).toBeGreaterThan(3.9); // about log 64 = 4.16 at the start
    expect(lines[19].loss).toBeLessThan(3.4); // measured: 2.96
    expect(lines[19].valLoss).toBeLessThan(3.4);
    const run = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), 'run', out, '--text', 'the ', '--json'], { encoding: 'utf8', cwd: root, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).outputs.probs.shape).toEqual([1, 4, 64]);
  });
});
