/**
 * The exporter's shape inference (used to declare debug output shapes): for every one-op case the inferred
 * shape has the right rank and never contradicts the real one; plus the symbolic cases attention relies on.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS } from '../../graph-schema/primitives.ts';
import { int64 } from '../../graph-schema/tensor.ts';
import { symbolicShapes as inferShapes } from '../../engine/ops/plan-types.ts';
import { TestPlan } from './helpers.ts';
import { allCases, opCasePlan } from './op-cases.ts';
import { attentionPlan } from './fixtures.ts';

describe('inferShapes', () => {
  it.each(allCases(PRIM_OPS))('$label: rank right, known dims agree', ({ op, case: c }) => {
    const { plan } = opCasePlan(op, c);
    const inferred = inferShapes(plan).get(plan.outputs[0]!.value);
    // Slice bounds and ConstantOfShape's shape fed at run time: the output shape depends on values nobody knows yet.
    const fedSizes = (op === 'Slice' || op === 'ConstantOfShape') && c.inputs.some((i) => i.tensor.dtype === 'int64' && (i.as ?? 'input') === 'input');
    if (fedSizes) return expect(inferred).toBeNull();
    expect(inferred).not.toBeNull();
    expect(inferred?.length).toBe(c.expected.shape.length);
    inferred?.forEach((d, i) => {
      if (typeof d === 'number') expect(d, `dim ${i}`).toBe(c.expected.shape[i]);
    });
  });

  it('follows T through Shape → ConstantOfShape → Trilu → Add in the attention plan', () => {
    const plan = attentionPlan();
    const shapes = inferShapes(plan);
    const attn = plan.blocks[0]!;
    expect(shapes.get(attn.intermediates['scores']!)).toEqual(['B', 'T', 'T']);
    expect(shapes.get(attn.intermediates['pattern']!)).toEqual(['B', 'T', 'T']);
    const trilu = plan.steps.find((s) => s.op === 'Trilu')!;
    expect(shapes.get(trilu.output)).toEqual(['T', 'T']);
  });

  it('infers Reshape -1 from known sizes, also next to a symbol, and leaves B·3 unknown', () => {
    const b = new TestPlan();
    const known = b.input('a', 'float32', [2, 3, 4]);
    const symbolic = b.input('b', 'float32', ['B', 3, 4]);
    const r1 = b.step('Reshape', { shape: [0, -1] }, [known], 'float32');
    const r2 = b.step('Reshape', { shape: [0, -1] }, [symbolic], 'float32');
    const r3 = b.step('Reshape', { shape: [-1, 4] }, [symbolic], 'float32');
    const shapes = inferShapes(b.build());
    expect(shapes.get(r1)).toEqual([2, 12]);
    expect(shapes.get(r2)).toEqual(['B', 12]); // the −1 is 3·4 whatever B is
    expect(shapes.get(r3)).toEqual([null, 4]);
  });

  it('leaves ambiguous broadcasts and ConstantOfShape of unknown contents unknown, follows Shape contents', () => {
    const b = new TestPlan();
    const x = b.input('x', 'float32', ['B', 'T', 1]);
    const y = b.input('y', 'float32', ['S', 1, 8]);
    const s = b.input('s', 'int64', [3]);
    const sum = b.step('Add', {}, [x, y], 'float32');
    const filled = b.step('ConstantOfShape', { value: 0 }, [s], 'float32');
    const shape = b.step('Shape', { start: -2 }, [x], 'int64');
    const fromShape = b.step('ConstantOfShape', { value: 0 }, [shape], 'float32');
    const c = b.constant(int64([2], [1, 2]));
    const gathered = b.step('Gather', { axis: 1 }, [x, c], 'float32');
    const shapes = inferShapes(b.build());
    // B against S cannot be checked without knowing both, and ConstantOfShape needs its contents: unknown.
    expect(shapes.get(sum)).toBeNull();
    expect(shapes.get(filled)).toBeNull();
    expect(shapes.get(fromShape)).toEqual(['T', 1]);
    expect(shapes.get(gathered)).toEqual(['B', 2, 1]);
  });
});
