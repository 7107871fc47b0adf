/**
 * The run worker: compiles, steps, runs and generates off the main thread (see run-engine.ts).
 * Requests are handled one at a time in arrival order; cancelling means terminating this worker.
 */
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { RunRequest } from './protocol.ts';
import { RunEngine } from './run-engine.ts';

const engine = new RunEngine(standardCatalogue(), (reply, transfer) => self.postMessage(reply, { transfer }));
let queue: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<RunRequest>) => {
  const request = event.data;
  queue = queue.then(() => engine.handle(request)).catch((e: unknown) => {
    self.postMessage({ type: 'failed', seq: request.seq, stage: 'run', diagnostics: [{ code: 'FW099', severity: 'error', message: String((e as Error).message ?? e) }] });
  });
});
