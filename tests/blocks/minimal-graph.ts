/**
 * A minimal graph around any one block of the catalogue (test inputs into every input port, an Output on
 * every output port), its feeds, and the param variants worth trying — shared by the tests that loop over
 * the whole catalogue.
 */
import type { AnyBlock, PortSpec } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { resolveShape, type Dim } from '../../graph-schema/dims.ts';
import type { GraphDocument, GraphEdge, GraphNode } from '../../graph-schema/document.ts';
import { defaultParams, type AnyParamValue } from '../../graph-schema/params.ts';
import { float32, int64, sizeOf, type Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { edge, graph, node, wave } from './helpers.ts';

/** Run-time sizes of the graph symbols. */
export const SIZES: Readonly<Record<string, number>> = { B: 2, T: 3, S: 4 };
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
export function feedsFor(plan: Plan): Record<string, Tensor> {
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
export function minimalGraph(block: AnyBlock, params: Record<string, AnyParamValue>): GraphDocument {
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
export function paramVariants(block: AnyBlock): Array<{ label: string; params: Record<string, AnyParamValue> }> {
  const defaults = defaultParams(block.params);
  const variants = [{ label: 'defaults', params: defaults }];
  for (const [name, spec] of Object.entries(block.params)) {
    const others = spec.kind === 'bool' ? [!spec.default] : spec.kind === 'enum' ? spec.options.filter((o) => o !== spec.default) : [];
    for (const v of others) variants.push({ label: `${name}=${String(v)}`, params: { ...defaults, [name]: v } });
  }
  return variants;
}
