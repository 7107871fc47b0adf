/**
 * Tokenizers: turning text into token ids and back, from the TokenizerSpec stored in a graph file,
 * and building such specs from a corpus.
 */
export { createTokenizer } from './create.ts';
export type { Tokenizer, TokenPiece } from './types.ts';
export { buildCharVocab, buildWordVocab, LIMITS_VOCAB_BUILD, type VocabOptions, type WordVocabOptions } from './build-vocab.ts';
export { trainBpe, LIMITS_BPE_TRAINING } from './train-bpe.ts';
export { BYTE_SPELLINGS, byteSpelling, spellingToBytes } from './bytes.ts';
export { splitWords, splitChunks, type TextSpan } from './text-split.ts';
export { joinWords } from './word.ts';
