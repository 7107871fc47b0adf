/**
 * End to end: documents compiled by engine/compile/compile.ts, exported (debug) and run in onnxruntime-node and
 * onnxruntime-web, against the CPU interpreter (engine/run/session.ts), at two sequence lengths from one export.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import { int64 } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { createSession } from '../../engine/run/session.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { smallDocument, stackDocument } from '../helpers/docs.ts';
import { RUNTIMES, expectTensor } from './helpers.ts';
import { runChecker } from './run-checker.ts';

function compiledPlan(doc: unknown): Plan {
  const valid = validateDocument(doc);
  if (!valid.ok) throw new Error(JSON.stringify(valid.diagnostics));
  const compiled = compile(valid.value, standardCatalogue());
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.value.plan;
}

const DOCUMENTS = [
  { label: 'two-layer attention stack', plan: compiledPlan(stackDocument()) },
  { label: 'one-hot → linear → softmax', plan: compiledPlan(smallDocument()) },
];

describe.each(RUNTIMES)('compiled documents on onnxruntime-%s', (runtime) => {
  describe.each(DOCUMENTS)('$label', ({ plan }) => {
    const bytes = exportOnnx(plan, { debug: true });
    it.each([3, 6])('T=%i: graph outputs and every block output/intermediate match the interpreter', async (t) => {
      const feeds = { [plan.inputs[0]!.name]: int64([1, t], Array.from({ length: t }, (_, i) => (i * 2) % 3)) };
      const session = createSession(plan, feeds);
      if (!session.ok) throw new Error(JSON.stringify(session.diagnostics));
      const cpu = session.value.run();
      if (!cpu.ok) throw new Error(JSON.stringify(cpu.diagnostics));
      const ort = await runWithOrt(bytes, feeds, { runtime });
      for (const [name, tensor] of Object.entries(cpu.value)) expectTensor(ort[name], tensor, 1e-5);
      const compared = new Set(plan.outputs.map((io) => io.name));
      for (const block of plan.blocks) {
        for (const [port, id] of [...Object.entries(block.outputs), ...Object.entries(block.intermediates)]) {
          const tensor = session.value.value(id);
          expect(tensor, `${block.node}:${port} was not computed`).toBeDefined();
          expectTensor(ort[`${block.node}:${port}`], tensor!, 1e-5);
          compared.add(`${block.node}:${port}`);
        }
      }
      expect(new Set(Object.keys(ort))).toEqual(compared);
      expect(compared.size).toBeGreaterThan(plan.outputs.length);
    });
  });
});

describe('compiled documents and onnx.checker.check_model(full_check=True)', () => {
  it('accepts the plain and the debug export of each', () => {
    const models = DOCUMENTS.flatMap(({ label, plan }) => [
      [label, exportOnnx(plan)] as const,
      [`${label} (debug)`, exportOnnx(plan, { debug: true })] as const,
    ]);
    const verdicts = runChecker(models);
    expect([...verdicts]).toEqual(models.map(([label]) => [label, '']));
  });
});
