/**
 * Deterministic ONNX names for a plan's values and nodes. Why a separate pass: a step's output is named after
 * the graph output it feeds, which must be known when the step is lowered, and the same plan must always give
 * the same names so exports are byte-for-byte reproducible.
 *
 * - graph inputs keep their PlanIO names, weights their stable names, constants are `constant.<index>`;
 * - the ONNX node of step i is `<node path>/<Op>_<k>` where k counts that op within that Formwork node;
 * - a step output is named after the graph output it feeds (first one wins), else `<onnx node name>:0`.
 */
import { error } from '../../graph-schema/diagnostics.ts';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { Plan } from '../compile/plan.ts';

/** Names chosen for one plan. */
export interface PlanNames {
  /** ONNX value name per plan value id. */
  readonly values: ReadonlyMap<number, string>;
  /** ONNX node name per step index. */
  readonly nodes: readonly string[];
}

/** Keeps every ONNX value name unique across the graph. */
export class NameRegistry {
  private readonly owners = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];

  /** Claims `name` for `owner` (a description used in the error); reports a clash with an earlier owner. */
  claim(name: string, owner: string): string {
    const previous = this.owners.get(name);
    if (previous !== undefined) {
      this.diagnostics.push(error('FW070', `ONNX name '${name}' is used by both ${previous} and ${owner}`));
    } else this.owners.set(name, owner);
    return name;
  }
}

/** Names every value and step of `plan`; clashes and dangling ids are reported into `registry.diagnostics`. */
export function namePlan(plan: Plan, registry: NameRegistry): PlanNames {
  const values = new Map<number, string>();
  const name = (id: number, chosen: string, owner: string): void => {
    if (values.has(id)) {
      registry.diagnostics.push(error('FW070', `plan value ${id} is defined twice (${owner})`));
      return;
    }
    values.set(id, registry.claim(chosen, owner));
  };

  for (const io of plan.inputs) name(io.value, io.name, `graph input '${io.name}'`);
  for (const [weight, { value }] of [...plan.weights].sort((a, b) => a[1].value - b[1].value)) {
    name(value, weight, `weight '${weight}'`);
  }
  for (const v of plan.values) {
    if (v.source.kind === 'constant') name(v.id, `constant.${v.source.index}`, `constant ${v.source.index}`);
  }

  const counters = new Map<string, number>();
  const nodes = plan.steps.map((step) => {
    const key = `${step.node}\u0000${step.op}`;
    const k = counters.get(key) ?? 0;
    counters.set(key, k + 1);
    return `${step.node}/${step.op}_${k}`;
  });

  const outputNameOf = new Map<number, string>();
  for (const io of plan.outputs) if (!outputNameOf.has(io.value)) outputNameOf.set(io.value, io.name);
  plan.steps.forEach((step, i) => {
    const nodeName = nodes[i]!;
    name(step.output, outputNameOf.get(step.output) ?? `${nodeName}:0`, `the output of ${nodeName}`);
  });
  return { values, nodes };
}
