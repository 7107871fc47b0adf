import type { BlockIssue } from '../block.ts';
import { defineBlock } from '../block.ts';

export const AudioFrames = defineBlock({
  id: 'AudioFrames',
  version: 1,
  title: 'Audio frames',
  category: 'input',
  role: 'input',
  accepts: 'audio',
  summary: 'Sound in, one vector of log-mel energies per short time slice out.',
  doc:
    'The start of a speech model. The engine reads a WAV file, cuts it into overlapping windows, measures how much ' +
    'energy each window has in n_mels frequency bands spaced the way hearing is, and takes the logarithm. Each window ' +
    'becomes one frame, so a recording becomes a sequence of T vectors that the rest of the graph treats like ' +
    'embedded tokens.',
  inputs: [],
  outputs: [{ name: 'frames', dtype: 'float32', shape: ['B', 'T', 'n_mels'], doc: 'log-mel features, one row per frame' }],
  params: {
    sample_rate: { kind: 'int', default: 16_000, min: 1_000, max: 192_000, help: 'samples per second the audio is resampled to' },
    window: { kind: 'int', default: 512, min: 16, max: 65_536, help: 'samples per analysis window (a power of two)' },
    hop: { kind: 'int', default: 160, min: 1, max: 65_536, help: 'samples between the starts of consecutive windows' },
    n_mels: { kind: 'int', default: 80, min: 1, max: 512, help: 'number of mel frequency bands per frame' },
  },
  check: ({ params }) => {
    const issues: BlockIssue[] = [];
    if ((params.window & (params.window - 1)) !== 0)
      issues.push({ code: 'FW032', message: `window ${params.window} is not a power of two`, param: 'window', hint: 'use 256, 512, 1024 …' });
    const bins = params.window / 2 + 1;
    if (params.n_mels > bins)
      issues.push({ code: 'FW032', message: `n_mels ${params.n_mels} exceeds the ${Math.floor(bins)} frequency bins of a ${params.window}-sample window`, param: 'n_mels', hint: 'use fewer bands or a longer window' });
    return issues;
  },
  lower: (b, { params }) => ({ frames: b.graphInput('float32', ['B', 'T', params.n_mels]) }),
});
