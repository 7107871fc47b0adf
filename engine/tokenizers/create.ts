/**
 * Turning a TokenizerSpec (as stored in a graph file) into a working tokenizer.
 */
import { fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { bpeTokenizer } from './bpe.ts';
import { charTokenizer } from './char.ts';
import { checkSpec } from './validate.ts';
import { wordTokenizer } from './word.ts';
import type { Tokenizer } from './types.ts';

/**
 * Validates `spec` and builds its tokenizer.
 *
 * FW060 errors: the spec breaks the schema limits, has empty or duplicate vocabulary entries, names an
 * `unknown` token that is not in the vocabulary, has multi-character entries in a char vocabulary, lacks
 * any of the 256 byte tokens (BPE), or has merges whose parts or result are not in the vocabulary (BPE).
 * FW060 warnings: word entries that text can never produce, merges on a non-BPE spec.
 * `lowercase` folds the text's case before encoding, for every kind.
 */
export function createTokenizer(spec: TokenizerSpec): Result<Tokenizer> {
  const check = checkSpec(spec);
  if (check.errors.length > 0) return fail(check.errors);
  const tokenizer =
    spec.kind === 'char'
      ? charTokenizer(spec, check.index)
      : spec.kind === 'word'
        ? wordTokenizer(spec, check.index)
        : bpeTokenizer(spec, check.index);
  return ok(tokenizer, check.warnings);
}
