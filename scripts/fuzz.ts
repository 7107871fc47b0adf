/**
 * `npm run fuzz -- --cases N --seed S [--corpus DIR | --no-corpus] [--kill-ms MS]` (`--show I --out DIR` writes
 * case I out to look at): fuzzes the CLI in-process with mutated graphs,
 * .safetensors, .onnx and WAV files (tests/fuzz) and prints the failures found. New distinct failures are
 * minimised into the corpus folder (default tests/fuzz/corpus), which `npm test` replays.
 */
import { parseArgs } from 'node:util';
import { makeCase } from '../tests/fuzz/cases.ts';
import { CORPUS_DIR, saveCase } from '../tests/fuzz/corpus.ts';
import { caseSeed } from '../tests/fuzz/random.ts';
import { fuzz } from '../tests/fuzz/runner.ts';
import { buildSeeds } from '../tests/fuzz/seeds.ts';

const { values } = parseArgs({
  options: {
    'kill-ms': { type: 'string', default: '20000' },
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    corpus: { type: 'string', default: CORPUS_DIR },
    'no-corpus': { type: 'boolean' },
    /** `--show I --out DIR`: write case I of the run into DIR (to look at it) instead of fuzzing. */
    show: { type: 'string' },
    out: { type: 'string', default: 'fuzz-case' },
  },
});
if (values.show !== undefined) {
  const index = Number(values.show);
  const folder = saveCase(values.out, `case-${index}`, makeCase(caseSeed(Number(values.seed), index), buildSeeds()), { problem: 'shown', detail: '', seed: Number(values.seed), index });
  process.stdout.write(`${folder}\n`);
  process.exit(0);
}
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed) || seed < 0) {
  process.stderr.write('usage: npm run fuzz -- --cases N --seed S [--corpus DIR | --no-corpus] [--kill-ms MS] | --seed S --show I [--out DIR]\n');
  process.exit(2);
}
const report = await fuzz({ cases, seed, killMs: Number(values['kill-ms']), corpusDir: values['no-corpus'] ? undefined : values.corpus, log: (line) => process.stderr.write(line + '\n') });
const failures = Object.values(report.counts).reduce((a, b) => a + b, 0);
process.stdout.write(
  [
    `${report.cases} cases, seed ${seed}, ${report.seconds.toFixed(1)} s (${(report.cases / report.seconds).toFixed(1)} cases/s)`,
    `failures: ${failures}${failures ? ' — ' + Object.entries(report.counts).map(([k, v]) => `${k} ${v}`).join(', ') : ''}`,
    `distinct: ${report.distinct.length}`,
    `validate rejected ${report.reached.rejected}; accepted and run: ${report.reached.ran} ran, ${report.reached.runFailed} failed on the chosen input`,
    ...report.distinct.map((f) => `  case ${f.index}: ${f.problem}: ${f.detail}`),
    `slowest case: ${report.slowestCaseMs} ms wall, slowest command: ${report.slowestCommandCpuMs} ms CPU, peak resident memory: ${(report.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    ...(report.corpusFolders.length ? [`new corpus entries: ${report.corpusFolders.join(', ')}`] : []),
  ].join('\n') + '\n',
);
process.exitCode = failures > 0 ? 1 : 0;
