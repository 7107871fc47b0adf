/**
 * The fuzz worker thread: generates cases by number, runs them through the CLI in-process, minimises
 * each new kind of failure, and reports every step to the watchdog on the main thread (runner.ts),
 * which may terminate it when a case runs too long or the process grows too large.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { caseSeed } from './random.ts';
import { makeCase, type FuzzCase } from './cases.ts';
import { executeCase } from './execute.ts';
import { minimise } from './minimise.ts';
import { buildSeeds } from './seeds.ts';

/** What the main thread asks for. */
export interface WorkerJob {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** Signatures already found: not minimised again. */
  readonly known: readonly string[];
  readonly minimise: boolean;
}

/** What the worker reports. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly index: number }
  | { readonly type: 'beat'; readonly index: number }
  | {
      readonly type: 'done';
      readonly index: number;
      readonly signature: string;
      readonly problem: string | null;
      readonly detail: string;
      readonly ms: number;
      readonly slowest: number;
      /** The commands run and their exit codes, e.g. `validate:0 run:0`. */
      readonly path: string;
    }
  | { readonly type: 'found'; readonly index: number; readonly signature: string; readonly problem: string; readonly detail: string; readonly minimised: FuzzCase }
  | { readonly type: 'finished' };

const port = parentPort!;
const job = workerData as WorkerJob;
const post = (m: WorkerMessage) => port.postMessage(m);
const seeds = buildSeeds();
const dir = join(tmpdir(), `formwork-fuzz-${process.pid}-${threadId}`);
const known = new Set(job.known);
post({ type: 'ready' });

for (let index = job.from; index < job.to; index++) {
  post({ type: 'start', index });
  const started = performance.now();
  const c = makeCase(caseSeed(job.seed, index), seeds);
  const beat = () => post({ type: 'beat', index });
  const outcome = await executeCase(c, dir, seeds.audio.wav, beat);
  const ms = performance.now() - started;
  const slowest = Math.max(0, ...outcome.commands.map((x) => x.ms));
  const path = outcome.commands.map((x) => `${x.argv[0]}:${x.code}`).join(' ');
  post({ type: 'done', index, signature: outcome.signature, problem: outcome.verdict?.problem ?? null, detail: outcome.verdict?.detail ?? '', ms, slowest, path });
  if (outcome.verdict && !known.has(outcome.signature)) {
    known.add(outcome.signature);
    const small =
      job.minimise && outcome.verdict.problem !== 'slow'
        ? await minimise(c, async (candidate) => (await executeCase(candidate, dir, seeds.audio.wav, beat)).signature === outcome.signature)
        : c;
    post({ type: 'found', index, signature: outcome.signature, problem: outcome.verdict.problem, detail: outcome.verdict.detail, minimised: small });
  }
}
post({ type: 'finished' });
