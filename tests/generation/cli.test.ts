/**
 * `formwork generate` as a user runs it: tokens on stdout, a tok/s summary on stderr, --json, the
 * same tokens with and without the KV cache, --stop, an encoder source via --input, and bad input
 * exiting 1 with coded diagnostics.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', `${name}.formwork.json`);

function formwork(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/formwork.mjs'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface GenerateJson {
  prompt: string;
  tokens: { id: number; text: string; probability: number }[];
  text: string;
}

describe('formwork generate', () => {
  it('streams the tokens of tiny-gpt to stdout and a tok/s summary to stderr', () => {
    const r = formwork('generate', example('tiny-gpt'), '--text', 'the quick brown fox', '--max-tokens', '12', '--seed', '3');
    expect(r.stderr).toMatch(/^12 tokens in \d+\.\d{3} s \(\d+(\.\d)? tok\/s, KV cache\)\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.length).toBeGreaterThanOrEqual(12); // one character per token (plus a final newline)
  });

  it('--json gives prompt, tokens with probabilities and the text; --no-cache chooses the same tokens', () => {
    const args = ['generate', example('tiny-gpt'), '--text', 'hello', '--max-tokens', '10', '--temperature', '0.8', '--top-k', '10', '--seed', '7', '--json'];
    const cached = JSON.parse(formwork(...args).stdout) as GenerateJson;
    expect(cached.prompt).toBe('hello');
    expect(cached.tokens).toHaveLength(10);
    for (const t of cached.tokens) expect(t.probability).toBeGreaterThan(0);
    expect(cached.text).toBe(cached.tokens.map((t) => t.text).join(''));
    const uncached = formwork(...args, '--no-cache');
    expect(uncached.stderr).toMatch(/no cache/);
    const plain = JSON.parse(uncached.stdout) as GenerateJson;
    expect(plain.tokens.map((t) => t.id)).toEqual(cached.tokens.map((t) => t.id));
    plain.tokens.forEach((t, i) => expect(Math.abs(t.probability - cached.tokens[i]!.probability)).toBeLessThan(1e-5));
  });

  it('--stop ends the generation after that token', () => {
    const base = ['generate', example('tiny-gpt'), '--text', 'abc', '--max-tokens', '20', '--temperature', '0', '--json'];
    const free = JSON.parse(formwork(...base).stdout) as GenerateJson;
    const stop = free.tokens[2]!.text;
    const stopped = JSON.parse(formwork(...base, '--stop', stop).stdout) as GenerateJson;
    const at = free.tokens.findIndex((t) => t.text === stop);
    expect(stopped.tokens.map((t) => t.text)).toEqual(free.tokens.slice(0, at + 1).map((t) => t.text));
  });

  it('the encoder-decoder takes its source with --input and its target prompt with --text', () => {
    const r = formwork('generate', example('encoder-decoder'), '--input', 'source=ich sehe den hund', '--text', 'i', '--max-tokens', '5', '--temperature', '0', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as GenerateJson).tokens).toHaveLength(5);
  });

  it('bad input exits 1 with coded diagnostics', () => {
    const unknown = formwork('generate', example('tiny-gpt'), '--text', 'ünïcode');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^FW060 error node 'text'/);
    const noSource = formwork('generate', example('encoder-decoder'), '--text', 'i');
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toMatch(/FW051 .*'source'/);
    const longStop = formwork('generate', example('tiny-gpt'), '--text', 'a', '--stop', 'ab');
    expect(longStop.code).toBe(1);
    expect(longStop.stderr).toMatch(/FW051 .*--stop "ab" is 2 tokens/);
  });

  it('bad usage exits 2 with the usage line', () => {
    const badTopP = formwork('generate', example('tiny-gpt'), '--text', 'a', '--top-p', '2');
    expect(badTopP.code).toBe(2);
    expect(badTopP.stderr).toMatch(/--top-p must be a number in \(0, 1\]/);
    expect(formwork('generate', example('tiny-gpt')).code).toBe(2);
  });

  it('a self-attention on T that is not causal: FW032 warnings, then generation without the cache', () => {
    const doc = JSON.parse(readFileSync(example('tiny-gpt'), 'utf8'));
    doc.subgraphs.decoder_layer.nodes.find((n: { id: string }) => n.id === 'attn').params.causal = false;
    const file = join(mkdtempSync(join(tmpdir(), 'formwork-generate-')), 'bidirectional.formwork.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = formwork('generate', file, '--text', 'hi', '--max-tokens', '3');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^FW032 warning node 'layers\.0\.attn' param 'causal': a non-causal self-attention/);
    expect(r.stderr).toMatch(/cannot use the KV cache; generating without it/);
    expect(r.stderr).toMatch(/3 tokens in .* no cache\)\n$/);
  });
});
