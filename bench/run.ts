/**
 * `npm run bench`: runs every benchmark and prints a summary table. Benchmarks are modules `bench/*.bench.ts`
 * exporting `run(): Promise<void>` (each prints its own table), plus the editor benchmark
 * `bench/editor-bench.ts`: its `run()` is called if it exports one, otherwise it runs as its own process
 * (it is a script). Benchmarks are never tests: nothing here asserts a time.
 *
 *   npm run bench                 every benchmark
 *   npm run bench -- forward      only those whose file name contains "forward"
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { table } from '../engine/cli/output.ts';

// Fixed per process at the first session: set before any benchmark creates one.
ort.env.wasm.numThreads = 1;

const DIR = fileURLToPath(new URL('./', import.meta.url));
const EDITOR = 'editor-bench.ts';
const filters = process.argv.slice(2);
const wanted = (file: string) => filters.length === 0 || filters.some((f) => file.includes(f));

interface Outcome {
  readonly name: string;
  readonly status: string;
  readonly seconds: number;
}

/** Does the module's source export a `run` (so importing it is safe and calling it is the entry)? */
function exportsRun(file: string): boolean {
  const text = readFileSync(DIR + file, 'utf8');
  return /export\s+(async\s+)?function\s+run\b|export\s+(const|let)\s+run\b|export\s*\{[^}]*\brun\b[^}]*\}/.test(text);
}

async function callRun(file: string): Promise<string> {
  const mod = (await import(new URL(file, import.meta.url).href)) as { run?: unknown };
  if (typeof mod.run !== 'function') return 'no run() export';
  await (mod.run as () => Promise<void>)();
  return 'ok';
}

function asProcess(file: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', DIR + file], { stdio: 'inherit' });
  return r.status === 0 ? 'ok (own process)' : `FAILED (exit ${r.status ?? r.signal})`;
}

async function main(): Promise<number> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.bench.ts')).sort();
  if (existsSync(DIR + EDITOR)) files.push(EDITOR);
  const outcomes: Outcome[] = [];
  for (const file of files.filter(wanted)) {
    process.stdout.write(`\n=== ${file} ===\n`);
    const started = performance.now();
    let status: string;
    try {
      status = file === EDITOR && !exportsRun(file) ? asProcess(file) : await callRun(file);
    } catch (e) {
      status = `FAILED: ${(e as Error).message.split('\n')[0]}`;
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    }
    outcomes.push({ name: file, status, seconds: (performance.now() - started) / 1000 });
  }
  if (outcomes.length === 0) {
    process.stderr.write(`no benchmark matches ${filters.join(', ')}\n`);
    return 2;
  }
  process.stdout.write(`\n=== summary ===\n${table([['benchmark', 'status', 'seconds'], ...outcomes.map((o) => [o.name, o.status, o.seconds.toFixed(1)])])}\n`);
  return outcomes.every((o) => o.status.startsWith('ok')) ? 0 : 1;
}

process.exitCode = await main();
