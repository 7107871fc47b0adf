/**
 * FLOPs for the status bar, from the engine's compiler and cost model, at B = 1 and T (and S) =
 * the token input's `context` (as `formwork inspect` does). The compile is shapes-only: no weight is
 * materialised. Skipped for very large models, whose constant tables the blocks still build.
 */
import { contextLength } from '../../graph-schema/param-roles.ts';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { compile } from '../../engine/compile/compile.ts';
import { estimateCost } from '../../engine/compile/cost.ts';

/** An estimate of one forward pass. */
export interface FlopsEstimate {
  readonly value: number;
  /** What the estimate assumes, e.g. `B=1, T=64`. */
  readonly note: string;
}

/** Models larger than this are not compiled just to count FLOPs. */
export const MAX_PARAMETERS_FOR_FLOPS = 20_000_000;
const DEFAULT_SEQUENCE = 16;

/** FLOPs of one forward pass, or null when the graph does not compile or is too large. */
export function estimateFlops(doc: GraphDocument, catalogue: Catalogue, parameterCount: number): FlopsEstimate | null {
  if (parameterCount > MAX_PARAMETERS_FOR_FLOPS) return null;
  try {
    const compiled = compile(doc, catalogue, { shapesOnly: true });
    if (!compiled.ok) return null;
    const seq = contextLength(compiled.value.analysis) ?? DEFAULT_SEQUENCE;
    const cost = estimateCost(compiled.value.plan, { B: 1, T: seq, S: seq });
    return cost.ok ? { value: cost.value.total.flops, note: `B=1, T=${seq}` } : null;
  } catch {
    return null; // the engine is evolving; a failure here must never break editing
  }
}
