/**
 * Debug export: every block output and named intermediate becomes a graph output `<node path>:<port>`,
 * with a declared shape (fresh dim_params where a dim cannot be known before running).
 */
import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { float32 } from '../../graph-schema/tensor.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { ModelProtoSchema } from '../../engine/onnx/onnx_pb.ts';
import type { ValueInfoProto } from '../../engine/onnx/onnx_pb.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { RUNTIMES, expectTensor, seeded } from './helpers.ts';
import { D, attentionPlan, attentionReference } from './fixtures.ts';

const plan = attentionPlan();
const DEBUG_OUTPUTS = ['y', 'layers.0.attn:out', 'layers.0.attn:scores', 'layers.0.attn:pattern', 'layers.0.mlp:out', 'layers.0.mlp:first2'];

/** Declared dims of a graph output, as numbers and dim_param strings. */
function dims(info: ValueInfoProto | undefined): (number | string)[] {
  const type = info?.type?.value;
  if (type?.case !== 'tensorType') throw new Error('not a tensor output');
  return (type.value.shape?.dim ?? []).map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : String(d.value.value)));
}

describe('debug export', () => {
  it('lists block outputs and intermediates as graph outputs, and only with debug on', () => {
    const plain = fromBinary(ModelProtoSchema, exportOnnx(plan));
    expect(plain.graph?.output.map((o) => o.name)).toEqual(['y']);
    const debug = fromBinary(ModelProtoSchema, exportOnnx(plan, { debug: true }));
    expect(debug.graph?.output.map((o) => o.name)).toEqual(DEBUG_OUTPUTS);
  });

  it('declares a shape on every output: compiler shapes and inferred symbols', () => {
    const graph = fromBinary(ModelProtoSchema, exportOnnx(plan, { debug: true })).graph;
    const byName = new Map(graph?.output.map((o) => [o.name, o]));
    expect(dims(byName.get('layers.0.attn:out'))).toEqual(['B', 'T', D]);
    expect(dims(byName.get('layers.0.attn:scores'))).toEqual(['B', 'T', 'T']);
    expect(dims(byName.get('layers.0.attn:pattern'))).toEqual(['B', 'T', 'T']);
    expect(dims(byName.get('layers.0.mlp:first2'))).toEqual(['B', 'T', 2]); // Slice bounds are constants: known
  });

  describe.each(RUNTIMES)('on onnxruntime-%s', (runtime) => {
    it('exposes the right values at T=5', async () => {
      const x = seeded([1, 5, D], 7);
      const outputs = await runWithOrt(exportOnnx(plan, { debug: true }), { x }, { runtime });
      expect(Object.keys(outputs).sort()).toEqual([...DEBUG_OUTPUTS].sort());
      const ref = attentionReference(x, plan);
      expectTensor(outputs['layers.0.attn:scores'], ref.scores, 1e-4);
      expectTensor(outputs['layers.0.attn:pattern'], ref.pattern, 1e-4);
      expectTensor(outputs['layers.0.mlp:out'], ref.y, 1e-4);
      expectTensor(outputs['y'], ref.y, 1e-4);
      const first2 = [...ref.y.data].filter((_, i) => i % D < 2);
      expectTensor(outputs['layers.0.mlp:first2'], float32([1, 5, 2], first2), 1e-4);
    });
  });
});
