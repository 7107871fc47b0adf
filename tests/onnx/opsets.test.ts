/**
 * Opsets other than the default: 15 (the oldest with Shape start/end), 18 (ReduceMean/ReduceMax take axes
 * as an input) and 21 (IR 10). Every one-op case must still give the same answer.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { PRIM_OPS } from '../../graph-schema/primitives.ts';
import { IR_VERSION_FOR_OPSET, exportOnnx } from '../../engine/onnx/export.ts';
import { ModelProtoSchema } from '../../engine/onnx/onnx_pb.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { expectTensor } from './helpers.ts';
import { OP_CASES, allCases, opCasePlan } from './op-cases.ts';

describe.each([15, 18, 21])('opset %i on onnxruntime-node', (opset) => {
  it.each(allCases(PRIM_OPS))('$label', async ({ op, case: c }) => {
    const { plan, feeds } = opCasePlan(op, c);
    const bytes = exportOnnx(plan, { opset });
    const model = fromBinary(ModelProtoSchema, bytes);
    expect(model.opsetImport[0]?.version).toBe(BigInt(opset));
    expect(model.irVersion).toBe(BigInt(IR_VERSION_FOR_OPSET[opset]!));
    expectTensor((await runWithOrt(bytes, feeds, { runtime: 'node' }))['y'], c.expected);
  });
});

describe('opset 18 reductions on onnxruntime-web', () => {
  it.each(allCases(['ReduceMean', 'ReduceMax', 'ReduceSum']))('$label', async ({ op, case: c }) => {
    const { plan, feeds } = opCasePlan(op, c);
    expectTensor((await runWithOrt(exportOnnx(plan, { opset: 18 }), feeds, { runtime: 'web' }))['y'], c.expected);
  });
});

describe('where reduce axes go', () => {
  const inputsOf = (opset: number) => {
    const { plan } = opCasePlan('ReduceMean', OP_CASES.ReduceMean![0]!);
    const node = fromBinary(ModelProtoSchema, exportOnnx(plan, { opset })).graph?.node[0];
    return { inputs: node?.input, attributes: node?.attribute.map((a) => a.name) };
  };
  it('is an attribute up to opset 17 and an int64 input from 18', () => {
    expect(inputsOf(17)).toEqual({ inputs: ['x0'], attributes: ['axes', 'keepdims'] });
    expect(inputsOf(18)).toEqual({ inputs: ['x0', 'ops/ReduceMean_0:axes'], attributes: ['keepdims'] });
  });
});
