/**
 * Fresh, readable identifiers for new nodes and subgraphs (`linear`, `linear_2`, …), and the rule
 * a user-typed id must follow (the same one the document schema enforces).
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_ID_LENGTH = 64;

/** Why `id` is not a valid node id, or null when it is. */
export function identifierProblem(id: string): string | null {
  if (id.length === 0) return 'an id cannot be empty';
  if (id.length > MAX_ID_LENGTH) return `an id has at most ${MAX_ID_LENGTH} characters`;
  if (!IDENTIFIER.test(id)) return 'an id starts with a letter or _ and uses only letters, digits, _ and -';
  return null;
}

/** `MultiHeadAttention` → `multi_head_attention`; anything unusable becomes `node`. */
export function baseIdFor(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 48);
  return snake === '' || !/^[A-Za-z_]/.test(snake) ? 'node' : snake;
}

/** `base` if it is free, else `base_2`, `base_3`, … (a trailing `_n` of `base` is replaced). */
export function uniqueId(base: string, taken: ReadonlySet<string> | ((id: string) => boolean)): string {
  const isTaken = typeof taken === 'function' ? taken : (id: string) => taken.has(id);
  if (!isTaken(base)) return base;
  const stem = base.replace(/_\d+$/, '') || base;
  for (let i = 2; ; i++) {
    const candidate = `${stem}_${i}`;
    if (!isTaken(candidate)) return candidate;
  }
}
