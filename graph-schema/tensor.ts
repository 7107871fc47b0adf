/**
 * Plain tensors as they travel between the schema, the engine and the app.
 * `int64` tensors are held in an Int32Array (ids and shapes never exceed 2^31 here);
 * exporters widen them where a format needs 64 bits.
 */
export type DType = 'float32' | 'int64' | 'bool';

export type TensorArray = Float32Array | Int32Array | Uint8Array;

export interface Tensor {
  readonly dtype: DType;
  /** Row-major shape; an empty array is a scalar. */
  readonly shape: readonly number[];
  readonly data: TensorArray;
}

/** Number of elements of a concrete shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Allocates a zero tensor. */
export function zeros(dtype: DType, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const data = dtype === 'float32' ? new Float32Array(n) : dtype === 'int64' ? new Int32Array(n) : new Uint8Array(n);
  return { dtype, shape: [...shape], data };
}

/** A float32 tensor from nested or flat numbers. */
export function float32(shape: readonly number[], values: ArrayLike<number>): Tensor {
  if (values.length !== sizeOf(shape)) throw new RangeError(`float32: ${values.length} values for shape [${shape.join(', ')}]`);
  return { dtype: 'float32', shape: [...shape], data: Float32Array.from(values) };
}

/** An int64 tensor (held in Int32Array) from numbers. */
export function int64(shape: readonly number[], values: ArrayLike<number>): Tensor {
  if (values.length !== sizeOf(shape)) throw new RangeError(`int64: ${values.length} values for shape [${shape.join(', ')}]`);
  return { dtype: 'int64', shape: [...shape], data: Int32Array.from(values) };
}
