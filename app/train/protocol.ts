/**
 * Messages between the Train panel and the train worker. Plain data only; checkpoint weights travel
 * as `Tensor`s with their buffers transferred. The worker batches its progress (at most a few
 * messages a second) so the UI never re-renders per step.
 */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { LoopSettings } from './training-loop.ts';

/** Everything the user sets before pressing Train. */
export interface TrainSettings extends LoopSettings {
  /** Validation loss every N steps. */
  readonly evalEvery: number;
  /** A sample completion every N steps. */
  readonly sampleEvery: number;
  /** A checkpoint (copy of the weights) every N steps. */
  readonly checkpointEvery: number;
  /** The start of every sample completion. */
  readonly samplePrompt: string;
  /** Tokens generated per sample. */
  readonly sampleLength: number;
}

/** A loss at a step. */
export interface LossPoint {
  readonly step: number;
  readonly loss: number;
}

export type TrainRequest =
  | {
      readonly type: 'start';
      readonly run: number;
      readonly doc: GraphDocument;
      readonly corpus: string;
      readonly settings: TrainSettings;
      /** Starting weights from outside the document (a chosen checkpoint, a kept weights file). */
      readonly weights: ReadonlyMap<string, Tensor> | null;
    }
  | { readonly type: 'pause'; readonly run: number }
  | { readonly type: 'resume'; readonly run: number }
  | { readonly type: 'stop'; readonly run: number };

export type TrainReply =
  | { readonly type: 'started'; readonly run: number; readonly parameterCount: number; readonly trainTokens: number; readonly validationTokens: number }
  | {
      readonly type: 'progress';
      readonly run: number;
      /** Training losses since the previous progress message. */
      readonly train: readonly LossPoint[];
      readonly validation: readonly LossPoint[];
      readonly step: number;
      /** Milliseconds spent training (pauses excluded). */
      readonly elapsedMs: number;
      readonly tokens: number;
    }
  | { readonly type: 'sample'; readonly run: number; readonly step: number; readonly text: string }
  | { readonly type: 'checkpoint'; readonly run: number; readonly step: number; readonly weights: ReadonlyMap<string, Tensor> }
  | { readonly type: 'state'; readonly run: number; readonly state: 'running' | 'paused' | 'done' | 'stopped' }
  /** Training could not start, or stopped on an error; `step` is where (null: before the first step). */
  | { readonly type: 'failed'; readonly run: number; readonly step: number | null; readonly diagnostics: readonly Diagnostic[] };
