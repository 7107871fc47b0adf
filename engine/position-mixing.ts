/**
 * Which blocks of a decoding plan would silently compute something else than the full model. Why: a
 * decoding plan runs each block on the newest positions only. That is right for position-wise blocks
 * (embeddings, layer norm, feed-forward, cross-attention queries) and for blocks that use the
 * incremental context (cached attention, positional encoding from the offset). A block that relates
 * positions to each other without the context — a pair-of-words feature, a hand-built mask — would
 * see only the new tokens and give wrong results without any error, so its steps are looked at here
 * through the plan's symbolic shapes and such blocks are reported.
 */
import { error, type Diagnostic } from '../graph-schema/diagnostics.ts';
import type { Plan, PlanStep } from './plan.ts';
import { inferShapes, type InferredShape } from './onnx/shapes.ts';

/** The sequence axis a decoding plan steps along. */
const SEQUENCE = 'T';

const normalize = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** Axes of `shape` that are the sequence axis. */
function sequenceAxes(shape: InferredShape | undefined): number[] {
  return (shape ?? []).flatMap((d, i) => (d === SEQUENCE ? [i] : []));
}

/** How `step` relates positions to each other, or null when it treats each position on its own (as far as shapes tell). */
export function positionMixing(step: PlanStep, shapeOf: (id: number) => InferredShape | undefined): string | null {
  const input = shapeOf(step.inputs[0]!);
  const onSequence = (axis: number) => input !== null && input !== undefined && input[normalize(axis, input.length)] === SEQUENCE;
  if (sequenceAxes(shapeOf(step.output)).length > 1) return `${step.op} makes a [T, T] position-by-position tensor`;
  switch (step.op) {
    case 'Shape': {
      if (!input) return null;
      const rank = input.length;
      const start = Math.max(0, Math.min(rank, normalize(step.attrs.start, rank)));
      const end = Math.max(0, Math.min(rank, normalize(step.attrs.end ?? rank, rank)));
      return sequenceAxes(input).some((a) => a >= start && a < end) ? 'Shape reads the sequence length' : null;
    }
    case 'ReduceMean': case 'ReduceSum': case 'ReduceMax':
      return step.attrs.axes.length === 0 || step.attrs.axes.some(onSequence) ? `${step.op} reduces over positions` : null;
    case 'Softmax': case 'ArgMax': case 'Concat': case 'Gather':
      return onSequence(step.attrs.axis) ? `${step.op} works along the sequence axis` : null;
    case 'Slice':
      return step.attrs.axes.some(onSequence) ? 'Slice cuts the sequence axis' : null;
    case 'MatMul': {
      const contracted = input?.[input.length - 1];
      return contracted === SEQUENCE ? 'MatMul sums over positions' : null;
    }
    case 'Reshape':
      return sequenceAxes(input).length > 0 && sequenceAxes(shapeOf(step.output)).length === 0 ? 'Reshape merges the sequence axis' : null;
    default:
      return null;
  }
}

/**
 * FW032 for each block of a decoding plan that mixes positions without the incremental context.
 * `contextUsers` are the node paths of blocks that used it (they keep their own caches).
 */
export function positionMixingDiagnostics(plan: Plan, contextUsers: ReadonlySet<string>): Diagnostic[] {
  const shapes = inferShapes(plan);
  const out: Diagnostic[] = [];
  for (const block of plan.blocks) {
    if (contextUsers.has(block.node)) continue;
    for (let i = block.steps[0]; i < block.steps[1]; i++) {
      const reason = positionMixing(plan.steps[i]!, (id) => shapes.get(id));
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
