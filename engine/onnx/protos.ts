/**
 * Small builders for the ONNX protobuf messages the exporter writes. Why a separate file: the generated
 * `onnx_pb.ts` types are verbose (bigint ints, oneof objects, proto2 presence), and keeping that noise here
 * lets the lowering table and the exporter read like the ONNX operator docs.
 *
 * Tensor data is always written as little-endian `raw_data`, so bytes do not depend on the host.
 * Our int64 tensors live in Int32Array (graph-schema/tensor.ts) and are widened to 8 bytes here.
 */
import { create } from '@bufbuild/protobuf';
import type { Dim } from '../../graph-schema/dims.ts';
import type { DType, Tensor } from '../../graph-schema/tensor.ts';
import {
  AttributeProtoSchema,
  AttributeProto_AttributeType,
  NodeProtoSchema,
  TensorProtoSchema,
  TensorProto_DataType,
  TensorShapeProtoSchema,
  TensorShapeProto_DimensionSchema,
  TypeProtoSchema,
  TypeProto_TensorSchema,
  ValueInfoProtoSchema,
} from './onnx_pb.ts';
import type { AttributeProto, NodeProto, TensorProto, ValueInfoProto } from './onnx_pb.ts';

/** ONNX element type of each Formwork dtype. */
export const ONNX_DTYPE: Readonly<Record<DType, TensorProto_DataType>> = {
  float32: TensorProto_DataType.FLOAT,
  int64: TensorProto_DataType.INT64,
  bool: TensorProto_DataType.BOOL,
};

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Little-endian bytes of a tensor's elements as ONNX stores them (int64 widened to 8 bytes). */
export function rawBytes(dtype: DType, data: ArrayLike<number>): Uint8Array {
  if (dtype === 'float32' && data instanceof Float32Array && LITTLE_ENDIAN_HOST) {
    // Fast path for weights: a byte copy, which also keeps NaN payloads bit-exact.
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  }
  const n = data.length;
  if (dtype === 'bool') {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = data[i] ? 1 : 0;
    return out;
  }
  const width = dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(n * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (dtype === 'float32') view.setFloat32(i * 4, v, true);
    else view.setBigInt64(i * 8, BigInt(v), true);
  }
  return out;
}

/** A TensorProto (initializer or attribute value) holding `tensor`. */
export function tensorProto(name: string, tensor: Tensor): TensorProto {
  return create(TensorProtoSchema, {
    name,
    dims: tensor.shape.map((d) => BigInt(d)),
    dataType: ONNX_DTYPE[tensor.dtype],
    rawData: rawBytes(tensor.dtype, tensor.data),
  });
}

/** An int64 TensorProto from plain numbers; `dims` defaults to 1-D. */
export function int64TensorProto(name: string, values: readonly number[], dims: readonly number[] = [values.length]): TensorProto {
  return tensorProto(name, { dtype: 'int64', shape: dims, data: Int32Array.from(values) });
}

/** A float32 TensorProto from plain numbers; `dims` defaults to 1-D. */
export function float32TensorProto(name: string, values: readonly number[], dims: readonly number[] = [values.length]): TensorProto {
  return tensorProto(name, { dtype: 'float32', shape: dims, data: Float32Array.from(values) });
}

/** Attribute builders, one per ONNX attribute type we use. */
export const attr = {
  int(name: string, value: number | boolean): AttributeProto {
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(Number(value)) });
  },
  ints(name: string, values: readonly number[]): AttributeProto {
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: values.map((v) => BigInt(v)) });
  },
  float(name: string, value: number): AttributeProto {
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value });
  },
  tensor(name: string, value: TensorProto): AttributeProto {
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.TENSOR, t: value });
  },
} as const;

/** A NodeProto in the default (ai.onnx) domain. */
export function nodeProto(
  opType: string,
  name: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly AttributeProto[] = [],
): NodeProto {
  return create(NodeProtoSchema, { opType, name, input: [...inputs], output: [...outputs], attribute: [...attributes] });
}

/**
 * A tensor ValueInfoProto. Numeric dims become `dim_value`, symbolic ones `dim_param`;
 * `shape === null` (rank unknown) leaves the shape out.
 */
export function valueInfo(name: string, dtype: DType, shape: readonly Dim[] | null): ValueInfoProto {
  const tensorType = create(TypeProto_TensorSchema, { elemType: ONNX_DTYPE[dtype] });
  if (shape !== null) {
    tensorType.shape = create(TensorShapeProtoSchema, {
      dim: shape.map((d) =>
        create(TensorShapeProto_DimensionSchema, {
          value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
        }),
      ),
    });
  }
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }),
  });
}
