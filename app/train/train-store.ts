/**
 * The Train panel's state: a small vanilla zustand store of its own (never saved in the document).
 * The controller folds the worker's batched replies in with {@link applyReply}, a pure function, so
 * the panel re-renders a few times a second at most, whatever the step rate.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { LossPoint, TrainReply, TrainSettings } from './protocol.ts';

/** Where the corpus came from, and its text. */
export interface Corpus {
  readonly name: string;
  readonly text: string;
}

/** A checkpoint the user can go back to. */
export interface StoredCheckpoint {
  readonly step: number;
  readonly weights: ReadonlyMap<string, Tensor>;
}

export type TrainStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

export interface TrainState {
  readonly open: boolean;
  readonly corpus: Corpus | null;
  readonly settings: TrainSettings;
  readonly status: TrainStatus;
  /** The run the replies must belong to. */
  readonly run: number;
  readonly info: { readonly parameterCount: number; readonly trainTokens: number; readonly validationTokens: number } | null;
  readonly train: readonly LossPoint[];
  readonly validation: readonly LossPoint[];
  readonly step: number;
  readonly elapsedMs: number;
  readonly tokens: number;
  readonly samples: readonly { readonly step: number; readonly text: string }[];
  readonly checkpoints: readonly StoredCheckpoint[];
  /** The checkpoint whose weights the Run panel uses (by step), or null for the document's own weights. */
  readonly selectedStep: number | null;
  /** Move the selection to each new checkpoint as it arrives (off once the user picks an older one). */
  readonly followLatest: boolean;
  readonly problems: { readonly step: number | null; readonly diagnostics: readonly Diagnostic[] } | null;
}

export type TrainStore = StoreApi<TrainState>;

/**
 * Defaults sized for tiny-gpt on a few KB of text. Its embedding starts tiny (std 0.02) next to the
 * sinusoidal positions (amplitude 1), so the loss sits at the letter frequencies (≈ 2.9) for a few
 * hundred steps before the model starts using the previous characters; 0.01 gets it there soonest.
 */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  steps: 1000,
  batchSize: 8,
  contextLength: 32,
  learningRate: 0.01,
  warmupSteps: 30,
  weightDecay: 0.01,
  seed: 0,
  evalEvery: 25,
  sampleEvery: 100,
  checkpointEvery: 50,
  samplePrompt: 'the ',
  sampleLength: 60,
};

/** At most this many checkpoints are kept; beyond it every other one is dropped (first and last stay). */
export const MAX_CHECKPOINTS = 40;
/** At most this many samples are kept (the newest). */
export const MAX_SAMPLES = 50;

export function initialTrainState(): TrainState {
  return {
    open: false,
    corpus: null,
    settings: DEFAULT_TRAIN_SETTINGS,
    status: 'idle',
    run: 0,
    info: null,
    train: [],
    validation: [],
    step: 0,
    elapsedMs: 0,
    tokens: 0,
    samples: [],
    checkpoints: [],
    selectedStep: null,
    followLatest: true,
    problems: null,
  };
}

export function createTrainStore(): TrainStore {
  return createStore<TrainState>()(() => initialTrainState());
}

/** Drops every other middle checkpoint while there are more than `max` (keeps the first and the last). */
export function thinCheckpoints(list: readonly StoredCheckpoint[], max = MAX_CHECKPOINTS): readonly StoredCheckpoint[] {
  let out = list;
  while (out.length > max) out = out.filter((_, i) => i === 0 || i === out.length - 1 || i % 2 === 0);
  return out;
}

/** The state change a worker reply makes (empty when it belongs to another run). */
export function applyReply(s: TrainState, reply: TrainReply): Partial<TrainState> {
  if (reply.run !== s.run) return {};
  switch (reply.type) {
    case 'started':
      return { info: { parameterCount: reply.parameterCount, trainTokens: reply.trainTokens, validationTokens: reply.validationTokens } };
    case 'progress':
      return {
        train: reply.train.length ? [...s.train, ...reply.train] : s.train,
        validation: reply.validation.length ? [...s.validation, ...reply.validation] : s.validation,
        step: reply.step,
        elapsedMs: reply.elapsedMs,
        tokens: reply.tokens,
      };
    case 'sample':
      return { samples: [...s.samples.slice(-(MAX_SAMPLES - 1)), { step: reply.step, text: reply.text }] };
    case 'checkpoint': {
      const checkpoints = thinCheckpoints([...s.checkpoints.filter((c) => c.step !== reply.step), { step: reply.step, weights: reply.weights }]);
      const kept = s.selectedStep !== null && checkpoints.some((c) => c.step === s.selectedStep);
      return { checkpoints, selectedStep: s.followLatest ? reply.step : kept ? s.selectedStep : reply.step };
    }
    case 'state':
      return { status: reply.state };
    case 'failed':
      return { status: 'failed', problems: { step: reply.step, diagnostics: reply.diagnostics } };
  }
}

/** Tokens per second over the time spent training. */
export const tokensPerSecond = (s: Pick<TrainState, 'tokens' | 'elapsedMs'>): number => (s.elapsedMs > 0 ? (s.tokens * 1000) / s.elapsedMs : 0);

/** Estimated milliseconds left at the average step time so far (null before the first step). */
export function etaMs(s: Pick<TrainState, 'step' | 'elapsedMs' | 'settings'>): number | null {
  if (s.step === 0) return null;
  return Math.max(0, ((s.settings.steps - s.step) * s.elapsedMs) / s.step);
}

/** The checkpoint the Run panel should use, if any. */
export const selectedCheckpoint = (s: TrainState): StoredCheckpoint | null =>
  s.selectedStep === null ? null : (s.checkpoints.find((c) => c.step === s.selectedStep) ?? null);
