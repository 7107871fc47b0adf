/**
 * createPlanModel with a source input (an encoder–decoder graph): the source is fed as given, it changes the
 * loss, and a graph with two inputs and no named source (or a wrong name) is a coded diagnostic.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { createPlanModel } from '../../engine/train/plan-model.ts';
import { unwrap } from '../examples/helpers.ts';
import { loadTour } from '../tour/helpers.ts';

describe('createPlanModel with a source input', () => {
  const doc = { ...loadTour(18), weights: {} };

  it('refuses two inputs without a named source, and a name that is not a token input (FW064)', () => {
    const none = createPlanModel(doc, standardCatalogue());
    expect(none.ok ? [] : none.diagnostics.map((d) => d.code)).toEqual(['FW064']);
    const wrong = createPlanModel(doc, standardCatalogue(), { sourceInput: 'toString' });
    expect(wrong.ok ? [] : wrong.diagnostics.map((d) => [d.code, d.param])).toEqual([['FW064', 'source']]);
  });

  it('feeds the source: a different source gives a different loss, the same one the same loss', () => {
    const model = unwrap(createPlanModel(doc, standardCatalogue(), { sourceInput: 'source' }));
    const inputs = Int32Array.from([8, 1, 6, 10]);
    const targets = Int32Array.from([1, 6, 10, 3]);
    const a = model.loss(inputs, targets, 1, 4, Int32Array.from([1, 6, 10, 3]));
    const b = model.loss(inputs, targets, 1, 4, Int32Array.from([9, 2, 0, 5]));
    expect(Number.isFinite(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(model.loss(inputs, targets, 1, 4, Int32Array.from([1, 6, 10, 3]))).toBe(a);
    expect(() => model.loss(inputs, targets, 1, 4)).toThrow(RangeError);
  });
});
