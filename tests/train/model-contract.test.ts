/**
 * What `createTrainableModel` must give for tiny-gpt, checked against references that do not use it: its
 * parameters are exactly the graph's learned weights (the tied de-embedding is not one of them), its loss is
 * the cross-entropy of the CPU interpreter's forward pass, and its gradients match central finite differences
 * of that forward pass — including embed.table, which gets gradient from both of its uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { formatDiagnostic } from '../../graph-schema/diagnostics.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { int64, type Tensor } from '../../graph-schema/tensor.ts';
import { uniformStream } from '../../engine/compile/init.ts';
import { compile } from '../../engine/compile/compile.ts';
import { createSession } from '../../engine/run/session.ts';
import { learnedWeights, createTrainableModel } from '../../engine/train/model.ts';

const parsed = parseDocument(readFileSync(new URL('../../examples/tiny-gpt.formwork.json', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('example');
const doc = parsed.value;
const catalogue = standardCatalogue();
const compiled = compile(doc, catalogue);
if (!compiled.ok) throw new Error('compile');
const initial = new Map<string, Tensor>(learnedWeights(compiled.value.analysis).map((w) => [w.name, compiled.value.plan.weights.get(w.name)!.tensor]));

const B = 2;
const T = 8;
const VOCAB = 64;
const inputs = Int32Array.from({ length: B * T }, (_, i) => (i * 7 + 3) % VOCAB);
const targets = Int32Array.from({ length: B * T }, (_, i) => (i % 5 === 4 ? -1 : (i * 11 + 1) % VOCAB)); // some positions ignored

/** Reference loss: compile with `weights`, run the CPU interpreter, mean −log probs[target] over counted positions (float64). */
function referenceLoss(weights: ReadonlyMap<string, Tensor>): number {
  const c = compile(doc, catalogue, { weights });
  if (!c.ok) throw new Error(JSON.stringify(c.diagnostics));
  const session = createSession(c.value.plan, { text: int64([B, T], inputs) });
  if (!session.ok) throw new Error(JSON.stringify(session.diagnostics));
  const out = session.value.run();
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  const probs = out.value.probs!.data; // [B, T, V]
  let total = 0;
  let counted = 0;
  targets.forEach((t, n) => t >= 0 && ((total -= Math.log(probs[n * VOCAB + t]!)), counted++));
  return total / counted;
}

/** Central difference of the reference loss in element `index` of weight `name` (step h, in float32). */
function referenceGradient(name: string, index: number, h = 5e-3): number {
  const base = initial.get(name)!;
  const at = (delta: number) => {
    const data = Float32Array.from(base.data as Float32Array);
    data[index] = data[index]! + delta;
    return { loss: referenceLoss(new Map(initial).set(name, { ...base, data })), value: data[index]! };
  };
  const up = at(h);
  const down = at(-h);
  return (up.loss - down.loss) / (up.value - down.value);
}

/** Two elements per weight: a seeded one and the last. */
const probes = [...initial].map(([name, t]) => {
  const next = uniformStream(name.length * 977);
  return { name, indices: [Math.floor(next() * t.data.length), t.data.length - 1] };
});

describe('createTrainableModel(tiny-gpt) against the interpreter', () => {
  it('the reference: 25 learned weights, a finite starting loss within 1.5 of log V, finite differences that see a change', () => {
    expect(initial.size).toBe(25);
    const loss = referenceLoss(initial);
    expect(Math.abs(loss - Math.log(VOCAB))).toBeLessThan(1.5); // √d_model-scaled, tied rows: the untrained scores are not flat
    expect(Math.abs(referenceGradient('embed.table', 3 * 32 + 5))).toBeGreaterThan(1e-5); // token 3 is an input
  });

  it('parameters, loss and gradients (finite differences on two elements of every weight)', () => {
    const made = createTrainableModel(doc, catalogue, { weights: initial });
    if (!made.ok) throw new Error(`createTrainableModel failed: ${made.diagnostics.map(formatDiagnostic).join('; ')}`);
    const model = made.value;
    expect([...model.parameters.keys()].sort()).toEqual([...initial.keys()].sort());
    expect(model.parameters.has('unembed.W')).toBe(false);
    for (const [name, t] of initial) {
      expect(model.shapes.get(name), name).toEqual(t.shape);
      expect(Array.from(model.parameters.get(name)!), name).toEqual(Array.from(t.data));
    }
    expect(model.vocabSize).toBe(VOCAB);
    const reference = referenceLoss(initial);
    expect(model.loss(inputs, targets, B, T)).toBeCloseTo(reference, 5);
    const { loss, gradients } = model.lossAndGradients(inputs, targets, B, T);
    expect(loss).toBeCloseTo(reference, 5);
    expect([...gradients.keys()].sort()).toEqual([...initial.keys()].sort());
    // These finite differences agree with themselves at h = 2e-3 within 2.5 % of this tolerance (measured).
    for (const { name, indices } of probes)
      for (const index of indices) {
        const numeric = referenceGradient(name, index);
        const analytic = gradients.get(name)![index]!;
        expect(Math.abs(analytic - numeric), `${name}[${index}]: autograd ${analytic}, finite differences ${numeric}`).toBeLessThan(2e-5 + 0.02 * Math.abs(numeric));
      }
  });
});
