/**
 * What the exported ModelProto contains (IR, opset, names, initializers, dim params), determinism, and
 * FW070 rejections of malformed plans.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { float32, int64 } from '../../graph-schema/tensor.ts';
import { OnnxExportError, exportOnnx, tryExportOnnx } from '../../engine/onnx/export.ts';
import { ModelProtoSchema, TensorProto_DataType } from '../../engine/onnx/onnx_pb.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { TestPlan, expectTensor } from './helpers.ts';
import { attentionPlan } from './fixtures.ts';

const decode = (bytes: Uint8Array) => fromBinary(ModelProtoSchema, bytes);

describe('model structure', () => {
  const model = decode(exportOnnx(attentionPlan(), { graphName: 'tiny' }));
  const graph = model.graph!;

  it('declares IR 8, opset 17 in the default domain, the producer and the graph name', () => {
    expect(model.irVersion).toBe(8n);
    expect(model.opsetImport.map((o) => [o.domain, o.version])).toEqual([['', 17n]]);
    expect(model.producerName).toBe('formwork');
    expect(graph.name).toBe('tiny');
  });

  it('types graph inputs with dim_param for symbols and dim_value for numbers', () => {
    const x = graph.input[0]!;
    expect(x.name).toBe('x');
    const type = x.type?.value;
    expect(type?.case).toBe('tensorType');
    if (type?.case !== 'tensorType') return;
    expect(type.value.elemType).toBe(TensorProto_DataType.FLOAT);
    expect(type.value.shape?.dim.map((d) => d.value)).toEqual([
      { case: 'dimParam', value: 'B' }, { case: 'dimParam', value: 'T' }, { case: 'dimValue', value: 4n },
    ]);
  });

  it('keeps weights as float32 initializers under their stable names, not as graph inputs', () => {
    const weights = graph.initializer.filter((t) => t.name.includes('.W_'));
    expect(weights.map((t) => t.name)).toEqual(['layers.0.attn.W_Q', 'layers.0.attn.W_K', 'layers.0.attn.W_V']);
    expect(weights.every((t) => t.dataType === TensorProto_DataType.FLOAT && t.rawData.length === 64)).toBe(true);
    expect(graph.input.map((i) => i.name)).toEqual(['x']);
  });

  it('names nodes after the Formwork node and op, and turns attribute-like prim attrs into int64 initializers', () => {
    expect(graph.node.map((n) => n.name)).toEqual([
      'layers.0.attn/MatMul_0', 'layers.0.attn/MatMul_1', 'layers.0.attn/MatMul_2', 'layers.0.attn/Transpose_0',
      'layers.0.attn/MatMul_3', 'layers.0.attn/Div_0', 'layers.0.attn/Shape_0', 'layers.0.attn/ConstantOfShape_0',
      'layers.0.attn/Trilu_0', 'layers.0.attn/Mul_0', 'layers.0.attn/Add_0', 'layers.0.attn/Softmax_0',
      'layers.0.attn/MatMul_4', 'layers.0.mlp/Relu_0', 'layers.0.mlp/Slice_0',
    ]);
    const trilu = graph.node.find((n) => n.opType === 'Trilu')!;
    expect(trilu.input).toEqual(['layers.0.attn/ConstantOfShape_0:0', 'layers.0.attn/Trilu_0:k']);
    const k = graph.initializer.find((t) => t.name === 'layers.0.attn/Trilu_0:k')!;
    expect(k.dataType).toBe(TensorProto_DataType.INT64);
    expect(k.dims).toEqual([]);
    expect([...k.rawData]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    // The step feeding graph output `y` writes it directly; no Identity is needed.
    expect(graph.node.find((n) => n.opType === 'Relu')?.output).toEqual(['y']);
    expect(graph.node.some((n) => n.opType === 'Identity')).toBe(false);
  });

  it('widens int64 constants to 8 bytes, little-endian', () => {
    const ends = graph.initializer.find((t) => t.name === 'constant.3')!;
    expect(ends.dataType).toBe(TensorProto_DataType.INT64);
    expect([...ends.rawData]).toEqual([2, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('outputs that no step computes', () => {
  it('passes a graph input and a weight through to outputs via Identity, and runs', async () => {
    const b = new TestPlan();
    const x = b.input('x', 'int64', ['T']);
    const w = b.weight('table', float32([2], [0.5, 1.5]));
    b.output('same_x', x, ['T']);
    b.output('w_out', w, [2]);
    const bytes = exportOnnx(b.build());
    const graph = decode(bytes).graph!;
    expect(graph.node.map((n) => [n.opType, n.name, n.input, n.output])).toEqual([
      ['Identity', 'outputs/same_x', ['x'], ['same_x']],
      ['Identity', 'outputs/w_out', ['table'], ['w_out']],
    ]);
    const out = await runWithOrt(bytes, { x: int64([3], [7, 8, 9]) }, { runtime: 'node' });
    expectTensor(out['same_x'], int64([3], [7, 8, 9]));
    expectTensor(out['w_out'], float32([2], [0.5, 1.5]));
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same plan, rebuilt plans and any weight-map or metadata order', () => {
    const metadata = { b: '2', a: '1', 'formwork.graph': '{}' };
    const first = exportOnnx(attentionPlan(), { metadata });
    expect(exportOnnx(attentionPlan(), { metadata })).toEqual(first);
    expect(exportOnnx(attentionPlan(true), { metadata: { 'formwork.graph': '{}', a: '1', b: '2' } })).toEqual(first);
    expect(exportOnnx(attentionPlan(), { metadata: { ...metadata, a: 'other' } })).not.toEqual(first);
  });
});

describe('FW070 rejections', () => {
  const tiny = (mutate: (b: TestPlan, x: number) => void): Plan => {
    const b = new TestPlan();
    const x = b.input('x', 'float32', [2]);
    mutate(b, x);
    return b.build();
  };

  it('rejects an unsupported opset', () => {
    const result = tryExportOnnx(tiny((b, x) => b.output('y', b.step('Relu', {}, [x], 'float32'), [2])), { opset: 12 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.code)).toEqual(['FW070']);
  });

  it('rejects a step reading a value nothing computes', () => {
    const plan = tiny((b, x) => b.output('y', b.step('Add', {}, [x, 99], 'float32', 'blk'), [2]));
    const result = tryExportOnnx(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]).toMatchObject({ code: 'FW070', node: 'blk' });
  });

  it('rejects a name used twice, and exportOnnx throws it as OnnxExportError', () => {
    const plan = tiny((b, x) => {
      b.weight('x2', float32([2], [1, 2]));
      const y = b.step('Relu', {}, [x], 'float32');
      b.output('x2', y, [2]);
    });
    expect(() => exportOnnx(plan)).toThrow(OnnxExportError);
    expect(() => exportOnnx(plan)).toThrow(/FW070.*'x2'/);
  });

  it('rejects a weight whose data does not fit its shape', () => {
    const plan = tiny((b, x) => b.output('y', b.step('Add', {}, [x, b.weight('w', { dtype: 'float32', shape: [3], data: new Float32Array(2) })], 'float32'), [2]));
    expect(tryExportOnnx(plan).ok).toBe(false);
  });
});
