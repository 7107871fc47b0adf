/**
 * Checks run inputs against a plan's declared inputs: every input present, right dtype and rank,
 * numbers where the shape has numbers, and each symbol (B, T, S) the same size everywhere. In a
 * decoding plan the caches may be empty (P = 0, the first call) and the position input must say P.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { formatShape } from '../../graph-schema/dims.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../compile/plan.ts';
import { own } from '../../graph-schema/own.ts';

/** Returns the symbol sizes (`{B: 1, T: 5}`) when the feeds fit. */
export function checkFeeds(plan: Plan, feeds: Readonly<Record<string, Tensor>>): Result<Record<string, number>> {
  const sizes: Record<string, number> = {};
  const problems: Diagnostic[] = [];
  for (const io of plan.inputs) {
    const t = own(feeds, io.name);
    if (!t) {
      problems.push(error('FW051', `no value given for input '${io.name}'`, { node: io.name }));
      continue;
    }
    if (t.dtype !== io.dtype) {
      problems.push(error('FW051', `input '${io.name}' must be ${io.dtype}, got ${t.dtype}`, { node: io.name }));
      continue;
    }
    if (t.shape.length !== io.shape.length) {
      problems.push(error('FW051', `input '${io.name}' must have shape ${formatShape(io.shape)}, got ${formatShape(t.shape)}`, { node: io.name }));
      continue;
    }
    io.shape.forEach((d, i) => {
      const actual = t.shape[i]!;
      if (typeof d === 'number') {
        if (d !== actual) problems.push(error('FW051', `input '${io.name}' dimension ${i} must be ${d}, got ${actual}`, { node: io.name }));
      } else if (sizes[d] === undefined) sizes[d] = actual;
      else if (sizes[d] !== actual)
        problems.push(error('FW051', `input '${io.name}': ${d} is ${actual} here but ${sizes[d]} in another input`, { node: io.name }));
    });
    const empty = t.shape.some((d, i) => d === 0 && !(io.role === 'cache' && io.shape[i] === 'P'));
    if (empty) problems.push(error('FW051', `input '${io.name}' is empty`, { node: io.name, hint: 'give at least one token' }));
  }
  if (problems.length === 0) problems.push(...checkPosition(plan, feeds, sizes));
  return problems.length > 0 ? fail(problems) : ok(sizes);
}

/** The position input of a decoding plan holds one whole number P ≥ 0, the cached length when there are caches. */
function checkPosition(plan: Plan, feeds: Readonly<Record<string, Tensor>>, sizes: Readonly<Record<string, number>>): Diagnostic[] {
  const io = plan.inputs.find((i) => i.role === 'position');
  if (!io) return [];
  const offset = own(feeds, io.name)!.data[0]!;
  if (offset < 0) return [error('FW051', `input '${io.name}' must be the number of positions already processed, got ${offset}`, { node: io.name })];
  if (sizes.P !== undefined && offset !== sizes.P)
    return [error('FW051', `input '${io.name}' says ${offset} positions were processed, but the caches hold ${sizes.P}`, {
      node: io.name,
      hint: "feed each call's .present outputs back as the next call's .past inputs",
    })];
  return [];
}
