/**
 * Messages between the run panel and the run worker. Plain data only: tensors travel as our
 * `Tensor` with its typed array transferred, never as JSON.
 */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** Where Run all executes. Stepping is always on the TypeScript CPU interpreter. */
export type Backend = 'cpu' | 'ort';

/** Sampling settings of Generate. */
export interface GenerateSettings {
  /** 0 = greedy. */
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly seed: number;
  readonly maxTokens: number;
  /** A token id that ends generation, or null. */
  readonly stopToken: number | null;
}

export type RunRequest =
  /** Compile `doc`, encode `texts`, start a session (reusing the previous one) and replay `replay` blocks. */
  | {
      readonly type: 'prepare';
      readonly seq: number;
      readonly doc: GraphDocument;
      readonly texts: Readonly<Record<string, string>>;
      readonly replay: number;
      /** Weights to use instead of the document's (a training checkpoint); they win over `doc.weights`. */
      readonly weights?: ReadonlyMap<string, Tensor> | null;
    }
  | { readonly type: 'step'; readonly seq: number }
  | { readonly type: 'run-to'; readonly seq: number; readonly node: string }
  | { readonly type: 'run-all'; readonly seq: number; readonly backend: Backend }
  | { readonly type: 'generate'; readonly seq: number; readonly settings: GenerateSettings };

/** One token of a text input: its id and vocabulary text. */
export interface TokenChip {
  readonly id: number;
  readonly text: string;
}

/** A text input of the graph and how the prompt encoded. */
export interface TextInputInfo {
  readonly name: string;
  readonly tokens: readonly TokenChip[];
  readonly vocab: readonly string[];
}

/** A block of the plan, as the panel lists it. */
export interface BlockInfo {
  readonly node: string;
  readonly block: string;
  readonly topNode: string;
  /** For each input port: the text inputs its value depends on (for token labels). */
  readonly inputSources: Readonly<Record<string, readonly string[]>>;
}

/** Values of one executed block. */
export interface BlockRecord {
  readonly index: number;
  readonly node: string;
  readonly outputs: Readonly<Record<string, Tensor>>;
  readonly intermediates: Readonly<Record<string, Tensor>>;
  readonly reused: boolean;
}

export type RunReply =
  | {
      readonly type: 'prepared';
      readonly seq: number;
      readonly inputs: readonly TextInputInfo[];
      readonly blocks: readonly BlockInfo[];
      /** The token input Generate extends and the probabilities output it reads, if any. */
      readonly generation: { readonly input: string; readonly output: string } | null;
      readonly warnings: readonly Diagnostic[];
    }
  | { readonly type: 'failed'; readonly seq: number; readonly stage: 'compile' | 'feeds' | 'run' | 'generate'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly type: 'block'; readonly seq: number; readonly record: BlockRecord; readonly total: number }
  | { readonly type: 'outputs'; readonly seq: number; readonly outputs: Readonly<Record<string, Tensor>> }
  | { readonly type: 'idle'; readonly seq: number; readonly reused: number; readonly ran: number; readonly backend: Backend; readonly millis: number }
  | { readonly type: 'token'; readonly seq: number; readonly token: TokenChip; readonly probability: number; readonly top: readonly { id: number; p: number }[] }
  | { readonly type: 'generated'; readonly seq: number; readonly cached: boolean; readonly note: string | null };
