/**
 * Checks run inputs against a plan's declared inputs: every input present, right dtype and rank,
 * numbers where the shape has numbers, and each symbol (B, T, S) the same size everywhere.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../graph-schema/diagnostics.ts';
import { formatShape } from '../graph-schema/dims.ts';
import type { Tensor } from '../graph-schema/tensor.ts';
import type { Plan } from './plan.ts';

/** Returns the symbol sizes (`{B: 1, T: 5}`) when the feeds fit. */
export function checkFeeds(plan: Plan, feeds: Readonly<Record<string, Tensor>>): Result<Record<string, number>> {
  const sizes: Record<string, number> = {};
  const problems: Diagnostic[] = [];
  for (const io of plan.inputs) {
    const t = feeds[io.name];
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
    if (t.shape.some((d) => d === 0)) problems.push(error('FW051', `input '${io.name}' is empty`, { node: io.name, hint: 'give at least one token' }));
  }
  return problems.length > 0 ? fail(problems) : ok(sizes);
}
