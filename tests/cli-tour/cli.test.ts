/**
 * The tour's CLI commands, run as a user runs them (`npx formwork …`, through bin/formwork.mjs):
 * tokenize, fit (writes a graph that validates and reproduces the article's numbers), and
 * run --wav for audio inputs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { encodeWav } from '../../engine/audio/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const TOUR2 = join(EXAMPLES, 'tour-02-first-order.formwork.json');
const TOUR20 = join(EXAMPLES, 'tour-20-audio.formwork.json');
const DIR = mkdtempSync(join(tmpdir(), 'formwork-cli-tour-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Runs `formwork ...args`; returns exit code, stdout and stderr. */
function formwork(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/formwork.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Each test spawns the CLI a few times (about 2 s each). */
const SLOW = { timeout: 120_000 };

describe('formwork tokenize', SLOW, () => {
  it('prints the tokens and ids of each text input', () => {
    const r = formwork('tokenize', TOUR2, '--text', 'Show me my photos');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['words: 4 tokens (word tokenizer, 7 entries)', '  "show" "me" "my" "photos"', '       6    2    3        4', ''].join('\n'));
  });

  it('prints JSON for every input of an encoder-decoder', () => {
    const r = formwork('tokenize', join(EXAMPLES, 'tour-19-bpe.formwork.json'), '--input', 'source=Check the', '--input', 'words=ran', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { inputs: Record<string, { kind: string; tokens: string[]; ids: number[] }> };
    expect(Object.keys(json.inputs).sort()).toEqual(['source', 'words']);
    expect(json.inputs.source!.tokens).toEqual(['Check', ' the']);
    expect(json.inputs.words!.kind).toBe('bpe');
    expect(json.inputs.words!.tokens.join('')).toBe('ran');
  });

  it('reports words outside the vocabulary (exit 1) and missing text (exit 2)', () => {
    const bad = formwork('tokenize', TOUR2, '--text', 'show me a zebra');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^FW060 error node 'words'/);
    expect(formwork('tokenize', TOUR2).code).toBe(2);
  });
});

describe('formwork fit', SLOW, () => {
  it('writes a fitted graph that validates and says photos 0.5, files 0.3, directories 0.2 after "my"', () => {
    const out = join(DIR, 'fitted.formwork.json');
    const ok = formwork('fit', TOUR2, '--corpus', join(EXAMPLES, 'corpora/commands.txt'), '-o', out, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ out, vocab: ['directories', 'files', 'me', 'my', 'photos', 'please', 'show'], tables: [{ node: 'first_order', shape: [7, 7] }] });
    const doc = parseDocument(readFileSync(out, 'utf8'));
    expect(doc.ok && analyzeGraph(doc.value, standardCatalogue()).diagnostics).toEqual([]);
    const run = formwork('run', out, '--text', 'show me my', '--json');
    expect(run.code).toBe(0);
    const probs = (JSON.parse(run.stdout) as { outputs: { next_word: { data: number[] } } }).outputs.next_word.data.slice(14);
    expect(probs).toEqual([Math.fround(0.2), Math.fround(0.3), 0, 0, 0.5, 0, 0]);
  });

  it('fits a new corpus into the same graph: first order after "ran" is down 0.4, please 0.6', () => {
    const out = join(DIR, 'battery.formwork.json');
    expect(formwork('fit', TOUR2, '--corpus', join(EXAMPLES, 'corpora/battery.txt'), '-o', out).code).toBe(0);
    const run = formwork('run', out, '--text', 'check whether the battery ran');
    expect(run.stdout).toMatch(/"please"\s+0\.6000\n\s+"down"\s+0\.4000/);
  });

  it('finds the table by what feeds it: the first-order example fits although its table is named transition', () => {
    const out = join(DIR, 'markov.formwork.json');
    const r = formwork('fit', join(EXAMPLES, 'markov-first-order.formwork.json'), '--corpus', join(EXAMPLES, 'corpora/commands.txt'), '-o', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).tables).toEqual([{ node: 'transition', shape: [7, 7] }]);
  });

  it('reports a graph with no table to fit (step 9: its layers read embeddings, not one-hots) with FW040', () => {
    const r = formwork('fit', join(EXAMPLES, 'tour-09-embeddings.formwork.json'), '--corpus', join(EXAMPLES, 'corpora/commands.txt'), '-o', join(DIR, 'never.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW040 error: nothing to fit/);
  });

  it('prints the graph on stdout without -o, and rejects a bad corpus with FW060', () => {
    const r = formwork('fit', TOUR2, '--corpus', join(EXAMPLES, 'corpora/commands.txt'));
    expect(r.code).toBe(0);
    expect(parseDocument(r.stdout).ok).toBe(true);
    const corpus = join(DIR, 'bad.txt');
    writeFileSync(corpus, '-5 show me\n');
    const bad = formwork('fit', TOUR2, '--corpus', corpus, '-o', join(DIR, 'never.json'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^FW060 error: line 1: weights cannot be negative/);
  });
});

describe('formwork run --wav', SLOW, () => {
  const wav = join(DIR, 'sine.wav');
  writeFileSync(wav, encodeWav(Array.from({ length: 3200 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16_000)), 16_000));

  it('feeds a WAV file to the audio input (FILE or NAME=FILE)', () => {
    for (const value of [wav, `audio=${wav}`]) {
      const r = formwork('run', TOUR20, '--wav', value, '--text', 'Check the', '--json');
      expect(r.code, r.stderr).toBe(0);
      const probs = (JSON.parse(r.stdout) as { outputs: { probs: { shape: number[] } } }).outputs.probs;
      expect(probs.shape).toEqual([1, 2, 288]);
    }
  });

  it('rejects a malformed WAV with FW061 and exit 1', () => {
    const bad = join(DIR, 'bad.wav');
    writeFileSync(bad, 'RIFF\u0000\u0000\u0000\u0000WAVEjunk');
    const r = formwork('run', TOUR20, '--wav', bad, '--text', 'Check');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW061 error node 'audio'/);
    expect(r.stdout).toBe('');
  });

  it('needs a WAV for an audio input, and refuses one for a graph without audio', () => {
    const missing = formwork('run', TOUR20, '--text', 'Check');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/FW061.*no WAV file given/);
    expect(formwork('run', TOUR2, '--text', 'show', '--wav', wav).code).toBe(2);
  });
});
