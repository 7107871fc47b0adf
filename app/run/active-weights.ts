/**
 * Weights the Run panel uses instead of the document's own: a training checkpoint the user picked in
 * the Train panel, or weights kept in a `.safetensors` download. A tiny store of its own, so the run
 * side does not depend on the train side; null means "the document's weights".
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Tensor } from '../../graph-schema/tensor.ts';

export interface ActiveWeights {
  readonly weights: ReadonlyMap<string, Tensor> | null;
  /** Shown to the user: where the weights come from ("checkpoint at step 300"). */
  readonly label: string | null;
}

export type ActiveWeightsStore = StoreApi<ActiveWeights>;

export const createActiveWeights = (): ActiveWeightsStore => createStore<ActiveWeights>()(() => ({ weights: null, label: null }));

/** The editor page's one store. */
export const activeWeights: ActiveWeightsStore = createActiveWeights();
