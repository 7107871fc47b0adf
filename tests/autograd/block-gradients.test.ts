/**
 * Every block of the catalogue, for its defaults and every bool/enum variant, in a minimal graph: the
 * gradients of its float outputs with respect to its weights and float inputs match central finite
 * differences. A block whose gradient is wrong fails by name.
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { checkGradients } from '../../engine/autograd/gradcheck.ts';
import { compileDoc } from '../blocks/helpers.ts';
import { feedsFor, minimalGraph, paramVariants, SIZES } from '../blocks/minimal-graph.ts';

const sizes = new Map(Object.entries(SIZES));

describe.each(STANDARD_BLOCKS.map((b) => [b.id, b] as const))('%s', (_id, block) => {
  for (const variant of paramVariants(block)) {
    it(`gradient matches central differences (${variant.label})`, () => {
      const { plan } = compileDoc(minimalGraph(block, variant.params));
      const feeds = new Map(Object.entries(feedsFor(plan)));
      const differentiable = plan.weights.size > 0 || plan.inputs.some((io) => io.dtype === 'float32');
      let checked = 0;
      for (const io of plan.outputs.filter((o) => o.dtype === 'float32')) {
        const report = checkGradients(plan, io.value, feeds, sizes, { perTensor: 8 });
        expect(report.ok, report.ok ? '' : JSON.stringify(report.diagnostics)).toBe(true);
        if (!report.ok) continue;
        expect(report.value.mismatches, `${block.id} → ${io.name}`).toEqual([]);
        checked += report.value.checked;
      }
      if (differentiable && plan.outputs.some((o) => o.dtype === 'float32')) expect(checked, 'nothing was checked').toBeGreaterThan(0);
    });
  }
});
