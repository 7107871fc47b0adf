/**
 * `formwork train` as a user runs it: usage errors exit 2, corpus and size problems exit 1 with coded
 * diagnostics before any model is built. (The end-to-end run is added with the autograd: until then a good
 * command stops at createTrainableModel's FW063, asserted here so this file notices when that changes.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('a good command reaches the model: until the autograd is merged that is FW063 and nothing is written', () => {
    const r = formwork(GPT, '--corpus', CORPUS, '-o', out, '--context', '32', '--batch', '4', '--steps', '5');
    expect(r.stderr).toMatch(/^FW063 error: training needs autograd \(not merged yet\)/);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});
