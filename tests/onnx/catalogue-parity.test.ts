/**
 * Every block of the catalogue, for its defaults and every bool/enum variant, in a minimal graph: the debug
 * ONNX export run in onnxruntime-node gives every block output and intermediate the CPU interpreter gives.
 * A new block is covered the moment it is registered.
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { createSession } from '../../engine/run/session.ts';
import { compileDoc, unwrap } from '../blocks/helpers.ts';
import { feedsFor, minimalGraph, paramVariants } from '../blocks/minimal-graph.ts';
import { expectTensor } from './helpers.ts';

/** Blocks whose minimal graph has nothing ONNX can run (their inputs come from outside a graph). */
const INTERFACE = new Set(STANDARD_BLOCKS.filter((b) => b.role === 'subgraph-input' || b.role === 'subgraph-output').map((b) => b.id));

describe.each(STANDARD_BLOCKS.filter((b) => !INTERFACE.has(b.id)).map((b) => [b.id, b] as const))('%s', (_id, block) => {
  for (const variant of paramVariants(block)) {
    it(`onnxruntime-node = CPU interpreter (${variant.label})`, async () => {
      const { plan } = compileDoc(minimalGraph(block, variant.params));
      const feeds = feedsFor(plan);
      const session = unwrap(createSession(plan, feeds));
      const outputs = unwrap(session.run());
      const ort = await runWithOrt(exportOnnx(plan, { debug: true }), feeds, { runtime: 'node' });
      let compared = 0;
      for (const [name, tensor] of Object.entries(outputs)) {
        expectTensor(ort[name], tensor, 1e-4);
        compared++;
      }
      for (const planBlock of plan.blocks.filter((b) => b.block === block.id)) {
        const run = session.blockRun(planBlock.node)!;
        for (const [port, tensor] of Object.entries({ ...run.outputs, ...run.intermediates })) {
          expectTensor(ort[`${planBlock.node}:${port}`], tensor, 1e-4);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
