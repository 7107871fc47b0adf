/**
 * Token labels for tensor axes: which text input a block's values come from, and which axes of a
 * tensor are sequence axes of that input (their size equals its token count).
 */
import type { BlockInfo, TextInputInfo } from './protocol.ts';

/** Tokens of the text input the block's first input port depends on (queries, for attention). */
export function queryTokens(block: BlockInfo | null, inputs: readonly TextInputInfo[]): readonly string[] | null {
  if (!block) return null;
  const ports = Object.values(block.inputSources);
  const source = ports.find((s) => s.length === 1)?.[0] ?? (inputs.length === 1 ? inputs[0]!.name : undefined);
  const input = inputs.find((i) => i.name === source);
  return input ? input.tokens.map((t) => t.text) : null;
}

/** The text input keys come from when it differs from the queries' (cross-attention's memory), else null. */
export function crossSource(block: BlockInfo | null): string | null {
  if (!block) return null;
  const sources = Object.values(block.inputSources);
  const first = sources[0] ?? [];
  return sources.slice(1).find((s) => s.length === 1 && s[0] !== first[0])?.[0] ?? null;
}

/** Tokens the keys come from: a port fed by another text input (cross-attention's memory), else the queries'. */
export function keyTokens(block: BlockInfo | null, inputs: readonly TextInputInfo[]): readonly string[] | null {
  const other = crossSource(block);
  if (other) return inputs.find((i) => i.name === other)?.tokens.map((t) => t.text) ?? null;
  return queryTokens(block, inputs);
}

/** Labels for an axis of `size`: the tokens when the count matches, else nothing. */
export function axisLabels(size: number, tokens: readonly string[] | null): readonly string[] | undefined {
  return tokens && tokens.length === size && size > 1 ? tokens : undefined;
}
