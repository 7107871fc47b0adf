/**
 * Which blocks of a decoding plan would silently compute something else than the full model. Why: a
 * decoding plan runs each block on the newest positions only. That is right for position-wise blocks
 * (embeddings, layer norm, feed-forward, cross-attention queries) and for blocks that use the
 * incremental context (cached attention, positional encoding from the offset). A block that relates
 * positions to each other without the context — a pair-of-words feature, a hand-built mask — would
 * see only the new tokens and give wrong results without any error, so its steps are classified by
 * their op definitions' position-mixing rules over the plan's symbolic shapes, and such blocks are reported.
 */
import { error, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import { positionMixing } from '../ops/index.ts';
import { symbolicShapes } from '../ops/plan-types.ts';
import type { Plan } from './plan.ts';

/**
 * FW032 for each block of a decoding plan that mixes positions without the incremental context.
 * `contextUsers` are the node paths of blocks that used it (they keep their own caches).
 */
export function positionMixingDiagnostics(plan: Plan, contextUsers: ReadonlySet<string>): Diagnostic[] {
  const shapes = symbolicShapes(plan);
  const out: Diagnostic[] = [];
  for (const block of plan.blocks) {
    if (contextUsers.has(block.node)) continue;
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const step = plan.steps[i]!;
      const reason = positionMixing(step, { inputs: step.inputs.map((id) => shapes.get(id) ?? null), output: shapes.get(step.output) ?? null });
      if (reason === null) continue;
      out.push(error('FW032', `${block.block} relates positions to each other (${reason}); step-by-step decoding with a KV cache cannot reproduce that`, {
        node: block.node,
        hint: 'generate without the KV cache (--no-cache), or build the model from blocks that support it (causal attention, positional encoding)',
      }));
      break;
    }
  }
  return out;
}
