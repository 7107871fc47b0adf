/**
 * The train worker: runs the training loop off the main thread (see train-engine.ts). Messages are
 * handled as they arrive; the engine yields between slices of steps so pause and stop get in.
 */
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { TrainRequest } from './protocol.ts';
import { TrainEngine } from './train-engine.ts';

const engine = new TrainEngine(standardCatalogue(), (reply, transfer) => self.postMessage(reply, { transfer }));

self.addEventListener('message', (event: MessageEvent<TrainRequest>) => {
  const request = event.data;
  engine.handle(request).catch((e: unknown) => {
    self.postMessage({ type: 'failed', run: request.run, step: null, diagnostics: [{ code: 'FW099', severity: 'error', message: String((e as Error).message ?? e) }] });
  });
});
