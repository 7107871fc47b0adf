/**
 * The fuzzer in the test suite: a seeded 1,000-case smoke run of `npm run fuzz` (graph mutations,
 * .safetensors, .onnx and WAV bytes, through the CLI in-process with a time and memory watchdog), and a
 * replay of every minimised failure in tests/fuzz/corpus.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { executeCase } from './execute.ts';
import { fuzz } from './runner.ts';
import { buildSeeds } from './seeds.ts';

describe('fuzzing the CLI with untrusted files', () => {
  it('1,000 seeded cases: no internal error, stack trace, raw control character, leak, slow case or valid-but-unrunnable graph', async () => {
    const report = await fuzz({ cases: 1000, seed: 2026, killMs: 20_000 });
    expect(report.distinct.map((f) => `case ${f.index}: ${f.problem}: ${f.detail}`)).toEqual([]);
    expect(report.counts).toEqual({});
    expect(report.peakRssBytes).toBeLessThan(1024 ** 3);
  }, 120_000);

  it('every corpus case now passes', async () => {
    const corpus = loadCorpus();
    expect(corpus.length).toBeGreaterThan(0);
    const seeds = buildSeeds();
    for (const entry of corpus) {
      const outcome = await executeCase(entry.case, join(tmpdir(), `formwork-corpus-${process.pid}`), seeds.audio.wav);
      expect(outcome.verdict, `${entry.name} (found as ${entry.found.problem}: ${entry.found.detail})`).toBeNull();
    }
  }, 60_000);
});
