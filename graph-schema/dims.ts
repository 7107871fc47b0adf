/**
 * Symbolic shapes. Ports declare shape patterns such as `['B', 'T', 'd_model']`; inference unifies
 * them with the shapes that actually arrive and substitutes the bindings into output patterns.
 * A symbol that names an int parameter of the block takes that parameter's value; `'...'` matches
 * any number of leading dimensions. Symbols that stay unbound (B, T) are graph-level symbols and are
 * only made concrete when the model runs.
 */

/** A dimension of an inferred shape: a size, or a symbol fixed at run time (`'T'`). */
export type Dim = number | string;
/** An inferred shape. */
export type Shape = readonly Dim[];
/** A dimension in a declared port or weight shape. */
export type DimPattern = number | string;
/** The pattern entry that matches any number of dimensions. */
export const REST = '...';

/** Symbol bindings gathered while unifying a block's inputs. `'...'` holds the rest dims. */
export type Bindings = Map<string, Dim | readonly Dim[]>;

/** Unifies `pattern` with `shape`, extending `bindings`. Returns a message on mismatch. */
export function unify(pattern: readonly DimPattern[], shape: Shape, bindings: Bindings): string | null {
  const restAt = pattern.indexOf(REST);
  if (restAt === -1) {
    if (pattern.length !== shape.length)
      return `expected ${pattern.length} dimensions ${formatPattern(pattern)}, got ${shape.length} ${formatShape(shape)}`;
    return unifyFixed(pattern, shape, bindings);
  }
  const before = pattern.slice(0, restAt);
  const after = pattern.slice(restAt + 1);
  if (shape.length < before.length + after.length)
    return `expected at least ${before.length + after.length} dimensions ${formatPattern(pattern)}, got ${formatShape(shape)}`;
  const rest = shape.slice(before.length, shape.length - after.length);
  const bound = bindings.get(REST);
  if (bound !== undefined) {
    if (!Array.isArray(bound) || !sameShape(bound, rest))
      return `leading dimensions ${formatShape(rest)} differ from ${formatShape(bound as Shape)} on another input`;
  } else bindings.set(REST, rest);
  return (
    unifyFixed(before, shape.slice(0, before.length), bindings) ??
    unifyFixed(after, shape.slice(shape.length - after.length), bindings)
  );
}

function unifyFixed(pattern: readonly DimPattern[], shape: Shape, bindings: Bindings): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const d = shape[i]!;
    if (typeof p === 'number') {
      if (p !== d) return `dimension ${i} must be ${p}, got ${d}`;
      continue;
    }
    const bound = bindings.get(p);
    if (bound === undefined) bindings.set(p, d);
    else if (bound !== d) return `dimension ${i} (${p}) must be ${String(bound)}, got ${d}`;
  }
  return null;
}

/** Substitutes bindings into a pattern. Unbound symbols stay symbolic. */
export function substitute(pattern: readonly DimPattern[], bindings: Bindings): Dim[] {
  const out: Dim[] = [];
  for (const p of pattern) {
    if (p === REST) {
      const rest = bindings.get(REST);
      if (Array.isArray(rest)) out.push(...(rest as Dim[]));
      continue;
    }
    if (typeof p === 'number') out.push(p);
    else {
      const bound = bindings.get(p);
      out.push(bound === undefined || Array.isArray(bound) ? p : (bound as Dim));
    }
  }
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `[B, T, 32]` */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function formatPattern(pattern: readonly DimPattern[]): string {
  return `[${pattern.join(', ')}]`;
}

/** Product of the concrete dims, or null when a symbol remains. */
export function concreteSize(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}

/** Replaces graph symbols (B, T, …) with run-time sizes. Throws nothing: unknown symbols stay. */
export function resolveShape(shape: Shape, sizes: Readonly<Record<string, number>>): Dim[] {
  return shape.map((d) => (typeof d === 'number' ? d : (sizes[d] ?? d)));
}
