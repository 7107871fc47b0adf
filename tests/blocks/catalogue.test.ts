/**
 * Tests that loop over the whole standard catalogue, so a new block is covered the moment it is
 * registered: documentation and ports are present, and every block compiles and runs in a minimal
 * generated graph for its default params and for every value of its bool/enum params, with output
 * shapes matching inference and every declared intermediate showing up in the trace.
 */
import { describe, expect, it } from 'vitest';
import type { AnyBlock, PortSpec } from '../../graph-schema/block.ts';
import { CATEGORIES } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS, standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { resolveShape, type Dim } from '../../graph-schema/dims.ts';
import type { GraphDocument, GraphEdge, GraphNode } from '../../graph-schema/document.ts';
import { defaultParams, paramsSchema, type AnyParamValue } from '../../graph-schema/params.ts';
import { float32, int64, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../../engine/plan.ts';
import { createSession } from '../../engine/session.ts';
import { compileDoc, edge, graph, node, unwrap, wave } from './helpers.ts';

/** Run-time sizes of the graph symbols. */
const SIZES: Readonly<Record<string, number>> = { B: 2, T: 3, S: 4 };
/** Sizes for other free symbols; distinct values catch swapped axes. Unknown symbols get 4. */
const FIXED: Readonly<Record<string, number>> = { d_model: 8, M: 3, K: 5, N: 6 };

/** Turns a declared port pattern into a shape a TestTensor can declare (graph symbols stay symbolic). */
function patternToShape(pattern: readonly (string | number)[], params: Record<string, AnyParamValue>): Dim[] {
  if (pattern.length === 1 && pattern[0] === '...') return ['B', 'T', 4];
  const others = pattern.filter((p) => p !== '...').length;
  const out: Dim[] = [];
  for (const p of pattern) {
    if (p === '...') out.push(...(others <= 1 ? ['B', 'T'] : ['B']));
    else if (typeof p === 'number') out.push(p);
    else if (typeof params[p] === 'number') out.push(params[p] as number);
    else if (p in SIZES) out.push(p);
    else out.push(FIXED[p] ?? 4);
  }
  return out;
}

/** One feed per plan input: ids 0,1,2,0,… (valid for any vocabulary ≥ 3) or a float wave. */
function feedsFor(plan: Plan): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const io of plan.inputs) {
    const shape = resolveShape(io.shape, SIZES) as number[];
    const n = sizeOf(shape);
    feeds[io.name] =
      io.dtype === 'int64' ? int64(shape, Array.from({ length: n }, (_, i) => i % 3)) : float32(shape, wave(n, io.name.length));
  }
  return feeds;
}

/** A minimal graph around one block: test inputs into every input port, an Output on every output port. */
function minimalGraph(block: AnyBlock, params: Record<string, AnyParamValue>): GraphDocument {
  if (block.role === 'subgraph-input' || block.role === 'subgraph-output') {
    // Interface blocks only live inside a subgraph: wrap a pass-through body.
    const nodes: GraphNode[] = [
      node('source', 'TestTensor', { shape: 'B,T,4' }),
      { id: 'wrapped', subgraph: 'body' },
      node('result', 'Output'),
    ];
    const edges = [edge('source', 'out', 'wrapped', 'inside_in'), edge('wrapped', 'inside_out', 'result', 'x')];
    const inBlock = block.role === 'subgraph-input' ? block.id : STANDARD_BLOCKS.find((b) => b.role === 'subgraph-input')!.id;
    const outBlock = block.role === 'subgraph-output' ? block.id : STANDARD_BLOCKS.find((b) => b.role === 'subgraph-output')!.id;
    const bodyIn = STANDARD_BLOCKS.find((b) => b.id === inBlock)!.outputs[0]!.name;
    const bodyOut = STANDARD_BLOCKS.find((b) => b.id === outBlock)!.inputs[0]!.name;
    return graph(nodes, edges, {
      subgraphs: {
        body: { nodes: [node('inside_in', inBlock), node('inside_out', outBlock)], edges: [edge('inside_in', bodyIn, 'inside_out', bodyOut)] },
      },
    });
  }
  const nodes: GraphNode[] = [node('block', block.id, params)];
  const edges: GraphEdge[] = [];
  block.inputs.forEach((port: PortSpec, i) => {
    const dtype = port.dtype === 'any' ? 'float32' : port.dtype;
    nodes.push(node(`in${i}`, 'TestTensor', { dtype, shape: patternToShape(port.shape, params).join(',') }));
    edges.push(edge(`in${i}`, 'out', 'block', port.name));
  });
  for (const port of block.outputs) {
    nodes.push(node(`out_${port.name}`, 'Output'));
    edges.push(edge('block', port.name, `out_${port.name}`, 'x'));
  }
  return graph(nodes, edges);
}

/** Defaults, plus every other value of each bool and enum param (one change at a time). */
function paramVariants(block: AnyBlock): Array<{ label: string; params: Record<string, AnyParamValue> }> {
  const defaults = defaultParams(block.params);
  const variants = [{ label: 'defaults', params: defaults }];
  for (const [name, spec] of Object.entries(block.params)) {
    const others = spec.kind === 'bool' ? [!spec.default] : spec.kind === 'enum' ? spec.options.filter((o) => o !== spec.default) : [];
    for (const v of others) variants.push({ label: `${name}=${String(v)}`, params: { ...defaults, [name]: v } });
  }
  return variants;
}

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
