/**
 * The tokenizer a TokenInput carries, as plain data so a shared graph file is self-contained.
 * The engine turns this spec into an encoder/decoder (engine/tokenizers); here it is only validated.
 */
import { z } from 'zod';

export const LIMITS_TOKENIZER = { maxVocab: 262_144, maxTokenLength: 256, maxMerges: 262_144 } as const;

export const TokenizerSpecSchema = z
  .object({
    /** `char`: one token per character; `word`: words and punctuation; `bpe`: byte-pair merges. */
    kind: z.enum(['char', 'word', 'bpe']),
    /** Token strings; a token's id is its index. */
    vocab: z.array(z.string().max(LIMITS_TOKENIZER.maxTokenLength)).max(LIMITS_TOKENIZER.maxVocab),
    /** BPE merges in the order they were learned. */
    merges: z
      .array(z.tuple([z.string().max(LIMITS_TOKENIZER.maxTokenLength), z.string().max(LIMITS_TOKENIZER.maxTokenLength)]))
      .max(LIMITS_TOKENIZER.maxMerges)
      .optional(),
    /** Fold case before lookup (word tokenizer). */
    lowercase: z.boolean().optional(),
    /** Token used for text that is not in the vocabulary (char/word). */
    unknown: z.string().max(LIMITS_TOKENIZER.maxTokenLength).optional(),
  })
  .strict();

export type TokenizerSpec = z.infer<typeof TokenizerSpecSchema>;
