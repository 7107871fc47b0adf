/**
 * The fuzzer in the test suite: a seeded 1,000-case smoke run of `npm run fuzz` (graph mutations,
 * .safetensors, .onnx and WAV bytes, through the CLI in-process with a time and memory watchdog), and a
 * replay of every minimised failure in tests/fuzz/corpus.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCase } from './cases.ts';
import { loadCorpus } from './corpus.ts';
import { executeCase } from './execute.ts';
import { fuzz } from './runner.ts';
import { caseSeed } from './random.ts';
import { buildSeeds } from './seeds.ts';

describe('fuzzing the CLI with untrusted files', () => {
  it('1,000 seeded cases: no internal error, stack trace, raw control character, leak, slow case or valid-but-unrunnable graph', async () => {
    const report = await fuzz({ cases: 1000, seed: 2026, killMs: 20_000 });
    expect(report.distinct.map((f) => `case ${f.index}: ${f.problem}: ${f.detail}`)).toEqual([]);
    expect(report.counts).toEqual({});
    expect(report.peakRssBytes).toBeLessThan(1024 ** 3);
  }, 120_000);

  it('a case is a pure function of (seed, index), so failures can be regenerated', () => {
    const seeds = buildSeeds();
    for (const index of [0, 1, 17, 999]) {
      const a = makeCase(caseSeed(2026, index), seeds);
      const b = makeCase(caseSeed(2026, index), seeds);
      expect(b).toEqual(a);
    }
    const kinds = new Set(Array.from({ length: 200 }, (_, i) => makeCase(caseSeed(2026, i), seeds).kind));
    expect([...kinds].sort()).toEqual(['graph', 'onnx', 'safetensors', 'wav']);
  });

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
