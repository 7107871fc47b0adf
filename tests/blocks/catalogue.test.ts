/**
 * Tests that loop over the whole standard catalogue, so a new block is covered the moment it is
 * registered: documentation and ports are present, and every block compiles and runs in a minimal
 * generated graph for its default params and for every value of its bool/enum params, with output
 * shapes matching inference and every declared intermediate showing up in the trace.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS, standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { resolveShape } from '../../graph-schema/dims.ts';
import { defaultParams, paramsSchema } from '../../graph-schema/params.ts';
import { createSession } from '../../engine/run/session.ts';
import { compileDoc, unwrap } from './helpers.ts';
import { feedsFor, minimalGraph, paramVariants, SIZES } from './minimal-graph.ts';

describe('standard catalogue', () => {
  it('builds, has unique ids and puts every block in a known category', () => {
    const catalogue = standardCatalogue();
    expect(catalogue.list().length).toBe(STANDARD_BLOCKS.length);
    const grouped = catalogue.byCategory().flatMap((g) => g.blocks);
    expect(grouped.length).toBe(STANDARD_BLOCKS.length);
    for (const b of STANDARD_BLOCKS) expect(CATEGORIES).toContain(b.category);
  });

  it('keeps blocks of one category together, in category order', () => {
    const order = STANDARD_BLOCKS.map((b) => CATEGORIES.indexOf(b.category));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  for (const block of STANDARD_BLOCKS) {
    describe(block.id, () => {
      it('is documented: title, one-line summary, one-paragraph doc, port and param help', () => {
        expect(block.title.trim()).not.toBe('');
        expect(block.summary.trim().length).toBeGreaterThan(10);
        expect(block.summary).not.toContain('\n');
        expect(block.doc.trim().length).toBeGreaterThan(80);
        expect(block.doc).not.toContain('\n');
        expect(block.inputs.length + block.outputs.length).toBeGreaterThan(0);
        for (const port of [...block.inputs, ...block.outputs]) {
          expect(port.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(port.doc.trim()).not.toBe('');
          expect(port.shape.length).toBeGreaterThan(0);
        }
        expect(new Set(block.inputs.map((p) => p.name)).size).toBe(block.inputs.length);
        expect(new Set(block.outputs.map((p) => p.name)).size).toBe(block.outputs.length);
        for (const spec of Object.values(block.params)) expect(spec.help.trim()).not.toBe('');
        expect(paramsSchema(block.params).safeParse(defaultParams(block.params)).success).toBe(true);
        expect(new Set(block.intermediates ?? []).size).toBe((block.intermediates ?? []).length);
      });

      for (const variant of paramVariants(block)) {
        it(`compiles and runs in a minimal graph (${variant.label})`, () => {
          const { plan } = compileDoc(minimalGraph(block, variant.params));
          const session = unwrap(createSession(plan, feedsFor(plan)));
          const outputs = unwrap(session.run());

          // Every graph output has the inferred shape (symbols resolved) and the declared dtype, and no NaN.
          expect(plan.outputs.length).toBeGreaterThan(0);
          for (const io of plan.outputs) {
            const t = outputs[io.name]!;
            expect([...t.shape], io.name).toEqual(resolveShape(io.shape, SIZES));
            const declared = block.outputs.find((p) => `out_${p.name}` === io.name)?.dtype;
            if (declared !== undefined && declared !== 'any') expect(t.dtype).toBe(declared);
            expect(t.data.some((v) => Number.isNaN(v)), `${io.name} has NaN`).toBe(false);
          }

          // Exposed intermediates are declared, and (for the defaults) every declared one is exposed and traced.
          for (const planBlock of plan.blocks.filter((b) => b.block === block.id)) {
            const exposed = Object.keys(planBlock.intermediates);
            for (const name of exposed) expect(block.intermediates ?? [], `'${name}' is exposed but not declared`).toContain(name);
            if (variant.label === 'defaults') expect(exposed.sort()).toEqual([...(block.intermediates ?? [])].sort());
            const traced = session.blockRun(planBlock.node)!.intermediates;
            for (const name of exposed) {
              expect(traced[name], `intermediate '${name}' missing from the trace`).toBeDefined();
              expect(traced[name]!.data.some((v) => Number.isNaN(v)), `intermediate '${name}' has NaN`).toBe(false);
            }
            // Weights materialised with the declared (fully concrete) shapes.
            for (const w of planBlock.weights) expect(plan.weights.has(w), w).toBe(true);
          }
        });
      }
    });
  }
});
