/**
 * The same graph, the same numbers: every shipped example and 200 seeded random graphs run on the CPU
 * backend and, from one debug export each, on onnxruntime-web (wasm, in Node) and onnxruntime-node; every
 * block output, intermediate and graph output must agree to max |Δ| ≤ 1e-4. A failure names the seed (or
 * file) and the first diverging block. Each export must also survive graph → ONNX → graph → ONNX unchanged.
 * FORMWORK_RANDOM_GRAPHS=N changes the number of random graphs (scripts/soak-parity.ts runs thousands).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { compile, type Compiled } from '../../engine/compile/compile.ts';
import { compareBackends, DEFAULT_PARITY_TOLERANCE, formatParityReport } from '../../engine/onnx/parity.ts';
import { randomGraph, randomGraphCatalogue } from './generator.ts';
import { exampleFeeds, exportWithGraph, reexport, sameBytes, unwrap } from './helpers.ts';

// Before the first session (fixed per process): these models are tiny, one wasm thread is fastest.
ort.env.wasm.numThreads = 1;

const COUNT = Number(process.env.FORMWORK_RANDOM_GRAPHS ?? 200);
const SEEDS = Array.from({ length: COUNT }, (_, i) => i);
const EXAMPLES = new URL('../../examples/', import.meta.url);
const EXAMPLE_FILES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.formwork.json')).sort();

/** Both runtimes agree with the CPU backend within tolerance, from the one export `model`. */
async function expectParity(label: string, compiled: Compiled, feeds: Record<string, Tensor>, model: Uint8Array): Promise<void> {
  for (const runtime of ['web', 'node'] as const) {
    const report = await compareBackends(compiled, feeds, { runtime, model });
    if (!(report.maxAbsDiff <= DEFAULT_PARITY_TOLERANCE)) expect.fail(`${label}\n${formatParityReport(report)}`);
    expect(report.outputs.length).toBe(compiled.plan.outputs.length);
    expect(report.blocks.length).toBeGreaterThan(0);
  }
}

describe('example graphs: CPU backend = onnxruntime-web = onnxruntime-node', () => {
  const catalogue = standardCatalogue();
  it('finds the examples', () => expect(EXAMPLE_FILES.length).toBeGreaterThanOrEqual(3));

  it.each(EXAMPLE_FILES)('%s', async (file) => {
    const doc = unwrap(parseDocument(readFileSync(new URL(file, EXAMPLES), 'utf8')), file);
    const compiled = unwrap(compile(doc, catalogue), file);
    const model = exportWithGraph(compiled, doc);
    expect(sameBytes(reexport(model, catalogue, file), model), `${file}: exporting the graph read back from the model changed the bytes`).toBe(true);
    await expectParity(file, compiled, exampleFeeds(compiled), model);
  });
});

describe(`${COUNT} random graphs: CPU backend = onnxruntime-web = onnxruntime-node`, () => {
  const catalogue = randomGraphCatalogue();

  it.each(SEEDS)('seed %i', async (seed) => {
    const label = `random graph seed ${seed} (rebuild it with randomGraph(${seed}); node --import tsx scripts/soak-parity.ts --start ${seed} --count 1)`;
    const graph = randomGraph(seed);
    const compiled = unwrap(compile(graph.doc, catalogue), label);
    const model = exportWithGraph(compiled, graph.doc);
    expect(sameBytes(reexport(model, catalogue, label), model), `${label}: the export is not deterministic`).toBe(true);
    await expectParity(label, compiled, graph.feeds, model);
  });
});
