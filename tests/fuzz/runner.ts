/**
 * The fuzz run: one worker thread runs the cases in order while this thread watches it — a case that
 * runs longer than the time limit, or a process that grows past the memory limit, gets the worker
 * terminated, the case recorded and a fresh worker started after it. Distinct failures go to a corpus.
 */
import { Worker } from 'node:worker_threads';
import { makeCase, type FuzzCase } from './cases.ts';
import { saveCase } from './corpus.ts';
import { caseSeed } from './random.ts';
import { buildSeeds, type Seeds } from './seeds.ts';
import type { WorkerJob, WorkerMessage } from './worker.ts';

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Where to store minimised failures; none when undefined. */
  readonly corpusDir?: string;
  /** Kill a command after this long without the next one starting (default 10 s). */
  readonly killMs?: number;
  /** Resident set size that counts as a failure (default 1 GiB). */
  readonly maxRssBytes?: number;
  /** Progress lines (e.g. to stderr). */
  readonly log?: (line: string) => void;
}

export interface FuzzFailure {
  readonly index: number;
  readonly problem: string;
  readonly detail: string;
  readonly signature: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly seconds: number;
  /** Failures by problem (internal-error, stack-trace, slow, memory, valid-but-run-fails, …). */
  readonly counts: Readonly<Record<string, number>>;
  /** The first case of each distinct signature. */
  readonly distinct: readonly FuzzFailure[];
  /** Wall-clock time of the slowest case (all its commands), and CPU time of the slowest single command. */
  readonly slowestCaseMs: number;
  readonly slowestCommandCpuMs: number;
  readonly peakRssBytes: number;
  /** How far cases got: `validate` rejected them, or accepted them and `run` succeeded or failed. */
  readonly reached: { readonly rejected: number; readonly ran: number; readonly runFailed: number };
  readonly corpusFolders: readonly string[];
}

const WORKER = new URL('./worker.mjs', import.meta.url);

/** Runs `options.cases` cases with seed `options.seed`. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const killMs = options.killMs ?? 10_000;
  const maxRss = options.maxRssBytes ?? 1024 ** 3;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const counts: Record<string, number> = {};
  const distinct = new Map<string, FuzzFailure>();
  const folders: string[] = [];
  let slowest = 0;
  let slowestCpu = 0;
  const reached = { rejected: 0, ran: 0, runFailed: 0 };
  let peakRss = process.memoryUsage.rss();
  let seeds: Seeds | undefined;
  let next = 0;

  const record = (f: FuzzFailure, c?: FuzzCase) => {
    counts[f.problem] = (counts[f.problem] ?? 0) + 1;
    if (!distinct.has(f.signature)) {
      distinct.set(f.signature, f);
      log(`case ${f.index}: ${f.problem}: ${f.detail}`);
      if (c && options.corpusDir) folders.push(saveCase(options.corpusDir, f.signature, c, { problem: f.problem, detail: f.detail, seed: options.seed, index: f.index }));
    }
  };

  while (next < options.cases) {
    const job: WorkerJob = { seed: options.seed, from: next, to: options.cases, known: [...distinct.keys()], minimise: options.corpusDir !== undefined };
    const killed = await new Promise<{ index: number; why: 'slow' | 'memory' | 'crash'; detail: string } | null>((resolve) => {
      const worker = new Worker(WORKER, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 1536 }, stdout: true, stderr: true });
      let current = -1;
      let lastBeat = performance.now();
      let settled = false;
      const finish = (value: { index: number; why: 'slow' | 'memory' | 'crash'; detail: string } | null) => {
        if (settled) return;
        settled = true;
        clearInterval(watch);
        void worker.terminate();
        resolve(value);
      };
      const watch = setInterval(() => {
        const rss = process.memoryUsage.rss();
        peakRss = Math.max(peakRss, rss);
        if (current < 0) return;
        if (rss > maxRss) finish({ index: current, why: 'memory', detail: `resident memory reached ${(rss / 2 ** 20).toFixed(0)} MiB` });
        else if (performance.now() - lastBeat > killMs) finish({ index: current, why: 'slow', detail: `a command ran longer than ${killMs} ms` });
      }, 20);
      worker.on('message', (m: WorkerMessage) => {
        lastBeat = performance.now();
        if (m.type === 'start') {
          current = m.index;
          next = m.index + 1;
        } else if (m.type === 'done') {
          slowest = Math.max(slowest, m.ms);
          slowestCpu = Math.max(slowestCpu, m.slowest);
          if (/^validate:[12]/.test(m.path)) reached.rejected++;
          else if (/ run:0/.test(m.path)) reached.ran++;
          else if (/ run:/.test(m.path)) reached.runFailed++;
          if (m.problem && m.problem !== null) counts[m.problem] = (counts[m.problem] ?? 0) + 1;
          if ((m.index + 1) % 1000 === 0) log(`${m.index + 1} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
          current = -1;
        } else if (m.type === 'found') {
          if (!distinct.has(m.signature)) {
            const f = { index: m.index, problem: m.problem, detail: m.detail, signature: m.signature };
            distinct.set(m.signature, f);
            log(`case ${m.index}: ${m.problem}: ${m.detail}`);
            if (options.corpusDir) folders.push(saveCase(options.corpusDir, m.signature, m.minimised, { problem: m.problem, detail: m.detail, seed: options.seed, index: m.index }));
          }
        } else if (m.type === 'finished') finish(null);
      });
      worker.on('error', (e) => finish({ index: current, why: /memory/i.test(String(e)) ? 'memory' : 'crash', detail: String(e).slice(0, 200) }));
      worker.on('exit', () => finish(current >= 0 ? { index: current, why: 'crash', detail: 'the worker exited' } : null));
    });
    if (!killed) break;
    if (killed.index < 0) throw new Error(`fuzz worker failed before its first case: ${killed.detail}`);
    seeds ??= buildSeeds();
    const c = makeCase(caseSeed(options.seed, killed.index), seeds);
    record({ index: killed.index, problem: killed.why, detail: killed.detail, signature: `${killed.why}|${c.kind}` }, c);
    next = killed.index + 1;
  }
  return {
    cases: options.cases,
    seconds: (performance.now() - started) / 1000,
    counts,
    distinct: [...distinct.values()],
    slowestCaseMs: Math.round(slowest),
    slowestCommandCpuMs: Math.round(slowestCpu),
    peakRssBytes: peakRss,
    reached,
    corpusFolders: folders,
  };
}
