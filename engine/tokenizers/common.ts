/**
 * Small helpers shared by the tokenizer kinds.
 */
import { ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { TokenPiece } from './types.ts';

/** Replacement character for ids outside the vocabulary. */
export const REPLACEMENT = '\uFFFD';

/** Vocabulary strings of `ids`; ids outside the vocabulary give U+FFFD. */
export function decodeWith(vocab: readonly string[], ids: readonly number[]): string[] {
  return ids.map((id) => (Number.isInteger(id) ? vocab[id] : undefined) ?? REPLACEMENT);
}

/** Pairs each encoded id with its vocabulary string. */
export function pieceList(vocab: readonly string[], encoded: Result<number[]>): Result<TokenPiece[]> {
  if (!encoded.ok) return encoded;
  return ok(
    encoded.value.map((id) => ({ id, text: vocab[id] ?? REPLACEMENT })),
    encoded.warnings,
  );
}

/** Locale-independent string order (UTF-16 code units), used wherever output must be deterministic. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first `maxChars` UTF-16 units of `text`, not cutting a surrogate pair in half. */
export function prefixOf(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}
