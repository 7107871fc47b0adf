/**
 * The runtime tokenizer: a validated TokenizerSpec turned into an encoder/decoder.
 */
import type { Result } from '../../graph-schema/diagnostics.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';

/** One token of an encoding: its id and the vocabulary string it stands for (`spec.vocab[id]`). */
export interface TokenPiece {
  readonly id: number;
  readonly text: string;
}

/** Encoder/decoder built by `createTokenizer`. */
export interface Tokenizer {
  /** The spec this tokenizer was built from. */
  readonly spec: TokenizerSpec;
  /** Number of ids, `spec.vocab.length`. */
  readonly vocabSize: number;
  /** Text → token ids; FW060 when some part of the text has no token and the spec has no `unknown`. */
  encode(text: string): Result<number[]>;
  /** Token ids → text. Ids outside the vocabulary decode as U+FFFD. */
  decode(ids: readonly number[]): string;
  /** Like `encode`, with each id's vocabulary string alongside. */
  pieces(text: string): Result<TokenPiece[]>;
}
