/**
 * Hand-computed cases for every primitive op: THE op test table. The kernels are checked against it
 * (kernels/primitives.test.ts), every successful case is exported and run in onnxruntime
 * (onnx/ops.test.ts), and the float cases seed the gradient checks (autograd/op-gradients.test.ts).
 * Typed as a partial table on purpose: an op added to PRIM_OPS without cases still compiles, and the
 * tests fail on it.
 */
import type { PrimAttrs, PrimOp } from '../../graph-schema/primitives.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { bool, f32, i64, iota, scalar } from './helpers.ts';

/** An error the kernel must raise; `dataDependent` errors cannot be seen by the static table. */
export interface Throws {
  readonly throws: RegExp;
  readonly dataDependent?: boolean;
}

export interface KernelCase<K extends PrimOp> {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly attrs: PrimAttrs[K];
  readonly expected: Tensor | Throws;
  /** Why onnxruntime gives something else here (a deliberate difference); such a case is not run there. */
  readonly onnxDiffers?: string;
}

type CaseTable = { readonly [K in PrimOp]?: readonly KernelCase<K>[] };

const none = {} as Record<string, never>;
const E = Math.E;
const ERF_HALF = 0.5204998778130465;

export const CASES: CaseTable = {
  MatMul: [
    { name: '2×3 · 3×2', inputs: [iota([2, 3], 1), f32([3, 2], [7, 8, 9, 10, 11, 12])], attrs: none, expected: f32([2, 2], [58, 64, 139, 154]) },
    { name: '1-D · 2-D drops the row dim', inputs: [f32([2], [1, 2]), iota([2, 3], 1)], attrs: none, expected: f32([3], [9, 12, 15]) },
    { name: '2-D · 1-D drops the column dim', inputs: [f32([2, 2], [1, 2, 3, 4]), f32([2], [1, 1])], attrs: none, expected: f32([2], [3, 7]) },
    { name: '1-D · 1-D is a dot product', inputs: [f32([3], [1, 2, 3]), f32([3], [4, 5, 6])], attrs: none, expected: f32([], [32]) },
    { name: 'batched A, shared B', inputs: [f32([2, 1, 2], [1, 2, 3, 4]), f32([2, 1], [1, 10])], attrs: none, expected: f32([2, 1, 1], [21, 43]) },
    { name: 'int64', inputs: [i64([1, 2], [1, 2]), i64([2, 1], [3, 4])], attrs: none, expected: i64([1, 1], [11]) },
    { name: 'K = 0 gives zeros', inputs: [f32([2, 0], []), f32([0, 3], [])], attrs: none, expected: f32([2, 3], [0, 0, 0, 0, 0, 0]) },
    { name: 'inner dims differ', inputs: [iota([2, 3]), iota([2, 3])], attrs: none, expected: { throws: /MatMul: inner dimensions differ/ } },
    { name: 'batch dims incompatible', inputs: [iota([2, 1, 2]), iota([3, 2, 1])], attrs: none, expected: { throws: /MatMul: .*cannot be broadcast/ } },
    { name: 'scalar operand', inputs: [scalar(2), iota([2])], attrs: none, expected: { throws: /MatMul: operands must have rank/ } },
  ],
  Add: [
    { name: '[2,3] + [3]', inputs: [iota([2, 3], 1), f32([3], [10, 20, 30])], attrs: none, expected: f32([2, 3], [11, 22, 33, 14, 25, 36]) },
    { name: 'scalar + [2]', inputs: [scalar(0.5), f32([2], [1, 2])], attrs: none, expected: f32([2], [1.5, 2.5]) },
    { name: 'int64', inputs: [i64([2], [2, -3]), i64([2], [5, 1])], attrs: none, expected: i64([2], [7, -2]) },
    { name: 'incompatible shapes', inputs: [iota([2, 3]), iota([2])], attrs: none, expected: { throws: /Add: shapes \[2, 3\], \[2\] cannot be broadcast/ } },
    { name: 'dtype mismatch', inputs: [iota([2]), i64([2], [1, 2])], attrs: none, expected: { throws: /Add: input dtypes differ/ } },
    { name: 'bool inputs', inputs: [bool([1], [1]), bool([1], [0])], attrs: none, expected: { throws: /Add: inputs must be float32 or int64/ } },
  ],
  Sub: [
    { name: '[3,1] − [1,2]', inputs: [f32([3, 1], [1, 2, 3]), f32([1, 2], [10, 20])], attrs: none, expected: f32([3, 2], [-9, -19, -8, -18, -7, -17]) },
    { name: 'arity', inputs: [iota([2])], attrs: none, expected: { throws: /Sub: expected 2 inputs, got 1/ } },
  ],
  Mul: [
    { name: '[2,2] · [2,1]', inputs: [f32([2, 2], [1, 2, 3, 4]), f32([2, 1], [10, 100])], attrs: none, expected: f32([2, 2], [10, 20, 300, 400]) },
    { name: 'int64 by scalar', inputs: [i64([3], [1, -2, 3]), i64([], [4])], attrs: none, expected: i64([3], [4, -8, 12]) },
  ],
  Div: [
    { name: 'float, incl. 1/0', inputs: [f32([4], [1, 2, 3, 1]), f32([4], [2, 2, 2, 0])], attrs: none, expected: f32([4], [0.5, 1, 1.5, Infinity]) },
    { name: 'int64 truncates toward zero', inputs: [i64([3], [7, -7, 6]), i64([1], [2])], attrs: none, expected: i64([3], [3, -3, 3]) },
    { name: 'int64 division by zero', inputs: [i64([1], [1]), i64([1], [0])], attrs: none, expected: { throws: /Div: integer division by zero/, dataDependent: true } },
  ],
  Relu: [
    { name: 'float', inputs: [f32([4], [-1, 0, 2.5, -0.5])], attrs: none, expected: f32([4], [0, 0, 2.5, 0]) },
    { name: 'int64 rejected (onnxruntime has no int64 Relu)', inputs: [i64([2], [-3, 4])], attrs: none, expected: { throws: /Relu: input must be float32, got int64/ } },
    { name: 'NaN propagates', inputs: [f32([1], [NaN])], attrs: none, expected: f32([1], [NaN]) },
  ],
  Exp: [
    { name: 'values', inputs: [f32([4], [0, 1, -1, -Infinity])], attrs: none, expected: f32([4], [1, E, 1 / E, 0]) },
    { name: 'overflow is Infinity', inputs: [f32([1], [100])], attrs: none, expected: f32([1], [Infinity]) },
    { name: 'int64 rejected', inputs: [i64([1], [1])], attrs: none, expected: { throws: /Exp: input must be float32, got int64/ } },
  ],
  Sqrt: [
    { name: 'values', inputs: [f32([4], [0, 4, 2, -1])], attrs: none, expected: f32([4], [0, 2, Math.SQRT2, NaN]) },
  ],
  Erf: [
    { name: '0, ±0.5, ±∞', inputs: [f32([5], [0, 0.5, -0.5, Infinity, -Infinity])], attrs: none, expected: f32([5], [0, ERF_HALF, -ERF_HALF, 1, -1]) },
  ],
  Tanh: [
    { name: 'values', inputs: [f32([3], [0, 1, -20])], attrs: none, expected: f32([3], [0, 0.7615941559557649, -1]) },
  ],
  Neg: [
    { name: 'values', inputs: [f32([3], [0, 1.5, -2])], attrs: none, expected: f32([3], [-0, -1.5, 2]) },
    { name: 'int64 rejected', inputs: [i64([1], [1])], attrs: none, expected: { throws: /Neg: input must be float32, got int64/ } },
  ],
  Log: [
    { name: 'values, 0 and negatives', inputs: [f32([4], [1, E, 0, -1])], attrs: none, expected: f32([4], [0, 1, -Infinity, NaN]) },
  ],
  Sin: [{ name: 'values', inputs: [f32([3], [0, Math.PI / 2, -Math.PI / 6])], attrs: none, expected: f32([3], [0, 1, -0.5]) }],
  Cos: [{ name: 'values', inputs: [f32([3], [0, Math.PI, Math.PI / 3])], attrs: none, expected: f32([3], [1, -1, 0.5]) }],
  Pow: [
    { name: 'broadcast exponent', inputs: [f32([2, 2], [1, 2, 3, 4]), f32([2], [2, 0.5])], attrs: none, expected: f32([2, 2], [1, Math.SQRT2, 9, 2]) },
    { name: 'negative base, fractional power is NaN', inputs: [f32([1], [-4]), f32([], [0.5])], attrs: none, expected: f32([1], [NaN]) },
    { name: 'int64 rejected', inputs: [i64([1], [2]), i64([1], [2])], attrs: none, expected: { throws: /Pow: inputs must be float32, got int64/ } },
    { name: 'shapes cannot broadcast', inputs: [f32([2], [1, 2]), f32([3], [1, 2, 3])], attrs: none, expected: { throws: /Pow: .*cannot be broadcast/ } },
  ],
  Max: [
    { name: 'broadcast', inputs: [f32([2, 2], [1, 5, -3, 4]), f32([2], [2, 2])], attrs: none, expected: f32([2, 2], [2, 5, 2, 4]) },
    { name: 'NaN propagates', inputs: [f32([1], [NaN]), f32([1], [1])], attrs: none, expected: f32([1], [NaN]) },
  ],
  Min: [
    { name: 'broadcast', inputs: [f32([2, 2], [1, 5, -3, 4]), f32([2], [2, 2])], attrs: none, expected: f32([2, 2], [1, 2, -3, 2]) },
  ],
  Sigmoid: [
    { name: 'values and extremes', inputs: [f32([4], [0, 2, 1000, -1000])], attrs: none, expected: f32([4], [0.5, 0.8807970779778823, 1, 0]) },
  ],
  Identity: [
    { name: 'float', inputs: [iota([2, 2])], attrs: none, expected: iota([2, 2]) },
    { name: 'int64', inputs: [i64([2], [5, -1])], attrs: none, expected: i64([2], [5, -1]) },
    { name: 'bool scalar', inputs: [bool([], [1])], attrs: none, expected: bool([], [1]) },
  ],
  Softmax: [
    { name: 'last axis', inputs: [f32([2, 2], [1, 1, 0, Math.log(3)])], attrs: { axis: -1 }, expected: f32([2, 2], [0.5, 0.5, 0.25, 0.75]) },
    { name: 'axis 0', inputs: [f32([2, 2], [0, 1, 0, 1])], attrs: { axis: 0 }, expected: f32([2, 2], [0.5, 0.5, 0.5, 0.5]) },
    {
      name: 'middle axis of rank 3',
      inputs: [f32([1, 2, 2], [0, Math.log(3), Math.log(3), 0])],
      attrs: { axis: 1 },
      expected: f32([1, 2, 2], [0.25, 0.75, 0.75, 0.25]),
    },
    { name: 'axis out of range', inputs: [iota([2, 2])], attrs: { axis: 2 }, expected: { throws: /Softmax: axis 2 is out of range for rank 2/ } },
  ],
  ReduceMean: [
    { name: 'axis 1 keepdims', inputs: [iota([2, 3], 1)], attrs: { axes: [1], keepdims: true }, expected: f32([2, 1], [2, 5]) },
    { name: 'axis 0 drop', inputs: [iota([2, 3], 1)], attrs: { axes: [0], keepdims: false }, expected: f32([3], [2.5, 3.5, 4.5]) },
    { name: 'negative axis', inputs: [iota([2, 3], 1)], attrs: { axes: [-1], keepdims: false }, expected: f32([2], [2, 5]) },
    { name: 'empty axes reduce all', inputs: [iota([2, 3], 1)], attrs: { axes: [], keepdims: true }, expected: f32([1, 1], [3.5]) },
    { name: 'empty reduction is 0, as onnxruntime', inputs: [f32([2, 0], [])], attrs: { axes: [1], keepdims: false }, expected: f32([2], [0, 0]) },
    { name: 'int64 truncates', inputs: [i64([2], [1, 2])], attrs: { axes: [0], keepdims: false }, expected: i64([], [1]) },
  ],
  ReduceSum: [
    { name: 'all axes to a scalar', inputs: [iota([2, 3], 1)], attrs: { axes: [0, 1], keepdims: false }, expected: f32([], [21]) },
    { name: 'outer and inner axes', inputs: [iota([2, 2, 2])], attrs: { axes: [0, 2], keepdims: false }, expected: f32([2], [10, 18]) },
    { name: 'float64 accumulation', inputs: [f32([3], [1e8, 1, -1e8])], attrs: { axes: [0], keepdims: false }, expected: f32([], [1]), onnxDiffers: 'onnxruntime accumulates in float32 and gives 0' },
    { name: 'int64', inputs: [i64([2, 2], [1, 2, 3, 4])], attrs: { axes: [1], keepdims: true }, expected: i64([2, 1], [3, 7]) },
    { name: 'duplicate axes', inputs: [iota([2, 3])], attrs: { axes: [1, -1], keepdims: false }, expected: { throws: /ReduceSum: axes \[1, -1\] contain a duplicate/ } },
  ],
  ReduceMax: [
    { name: 'last axis', inputs: [f32([2, 3], [1, 3, 2, -Infinity, -5, -4])], attrs: { axes: [1], keepdims: false }, expected: f32([2], [3, -4]) },
    { name: 'outer and inner axes, keepdims', inputs: [iota([2, 2, 2])], attrs: { axes: [0, 2], keepdims: true }, expected: f32([1, 2, 1], [5, 7]) },
    { name: 'NaN propagates', inputs: [f32([3], [1, NaN, 2])], attrs: { axes: [0], keepdims: false }, expected: f32([], [NaN]), onnxDiffers: 'onnxruntime ReduceMax skips NaN (gives 2)' },
  ],
  Transpose: [
    { name: '2-D', inputs: [iota([2, 3], 1)], attrs: { perm: [1, 0] }, expected: f32([3, 2], [1, 4, 2, 5, 3, 6]) },
    { name: 'rank 3 rotate', inputs: [iota([1, 2, 3], 1)], attrs: { perm: [2, 0, 1] }, expected: f32([3, 1, 2], [1, 4, 2, 5, 3, 6]) },
    { name: 'swap middle axes', inputs: [iota([2, 2, 2])], attrs: { perm: [0, 2, 1] }, expected: f32([2, 2, 2], [0, 2, 1, 3, 4, 6, 5, 7]) },
    { name: 'not a permutation', inputs: [iota([2, 3])], attrs: { perm: [0, 0] }, expected: { throws: /Transpose: perm \[0, 0\] is not a permutation/ } },
  ],
  Reshape: [
    { name: '-1 inferred', inputs: [iota([2, 3])], attrs: { shape: [3, -1] }, expected: iota([3, 2]) },
    { name: '0 copies the dim', inputs: [iota([2, 3, 4])], attrs: { shape: [0, -1] }, expected: iota([2, 12]) },
    { name: 'to a scalar', inputs: [i64([1, 1], [7])], attrs: { shape: [] }, expected: i64([], [7]) },
    { name: 'size mismatch', inputs: [iota([2, 3])], attrs: { shape: [4, -1] }, expected: { throws: /Reshape: cannot infer -1/ } },
    { name: 'two -1', inputs: [iota([2, 3])], attrs: { shape: [-1, -1] }, expected: { throws: /Reshape: .*more than one -1/ } },
    { name: 'count mismatch', inputs: [iota([2, 3])], attrs: { shape: [5] }, expected: { throws: /Reshape: cannot reshape \[2, 3\]/ } },
  ],
  Unsqueeze: [
    { name: 'front', inputs: [iota([3])], attrs: { axes: [0] }, expected: iota([1, 3]) },
    { name: 'negative axis', inputs: [iota([2, 3])], attrs: { axes: [-1] }, expected: iota([2, 3, 1]) },
    { name: 'two axes', inputs: [iota([2, 3])], attrs: { axes: [3, 0] }, expected: iota([1, 2, 3, 1]) },
    { name: 'axis out of range', inputs: [iota([2])], attrs: { axes: [2] }, expected: { throws: /Unsqueeze: axis 2 is out of range for rank 2/ } },
  ],
  Concat: [
    { name: 'axis 1', inputs: [f32([2, 1], [1, 2]), f32([2, 2], [3, 4, 5, 6])], attrs: { axis: 1 }, expected: f32([2, 3], [1, 3, 4, 2, 5, 6]) },
    { name: 'axis 0, three inputs', inputs: [iota([1, 2]), iota([2, 2], 2), iota([0, 2])], attrs: { axis: -2 }, expected: iota([3, 2]) },
    { name: 'int64 shapes', inputs: [i64([1], [2]), i64([2], [3, 4])], attrs: { axis: 0 }, expected: i64([3], [2, 3, 4]) },
    { name: 'other dims differ', inputs: [iota([2, 1]), iota([3, 1])], attrs: { axis: 1 }, expected: { throws: /Concat: shapes .* differ outside axis 1/ } },
  ],
  Gather: [
    { name: 'rows, negative index', inputs: [iota([3, 2], 1), i64([2], [2, -3])], attrs: { axis: 0 }, expected: f32([2, 2], [5, 6, 1, 2]) },
    { name: 'scalar index on axis 1', inputs: [iota([3, 2], 1), i64([], [1])], attrs: { axis: 1 }, expected: f32([3], [2, 4, 6]) },
    { name: '2-D indices (embedding)', inputs: [f32([3], [10, 20, 30]), i64([2, 2], [0, 1, 1, 0])], attrs: { axis: 0 }, expected: f32([2, 2], [10, 20, 20, 10]) },
    { name: 'index out of range', inputs: [iota([3]), i64([1], [3])], attrs: { axis: 0 }, expected: { throws: /Gather: index 3 is out of range/, dataDependent: true } },
    { name: 'float indices', inputs: [iota([3]), iota([1])], attrs: { axis: 0 }, expected: { throws: /Gather: indices must be int64/ } },
  ],
  OneHot: [
    {
      name: 'negative wraps, out of range is zero',
      inputs: [i64([5], [0, 2, -1, 3, -4])],
      attrs: { depth: 3 },
      expected: f32([5, 3], [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
    },
    { name: '2-D indices', inputs: [i64([1, 2], [1, 0])], attrs: { depth: 2 }, expected: f32([1, 2, 2], [0, 1, 1, 0]) },
    { name: 'bad depth', inputs: [i64([1], [0])], attrs: { depth: 0 }, expected: { throws: /OneHot: depth must be a positive integer/ } },
  ],
  Slice: [
    { name: 'rows 1..3', inputs: [iota([3, 4]), i64([1], [1]), i64([1], [3])], attrs: { axes: [0] }, expected: iota([2, 4], 4) },
    {
      name: 'negative and clamped bounds',
      inputs: [iota([3, 4]), i64([2], [-3, 1]), i64([2], [100, -1])],
      attrs: { axes: [1, 0] },
      expected: f32([1, 3], [5, 6, 7]),
    },
    { name: 'empty when start ≥ end', inputs: [iota([3, 4]), i64([1], [2]), i64([1], [1])], attrs: { axes: [0] }, expected: f32([0, 4], []) },
    { name: 'default axes', inputs: [iota([3, 4]), i64([2], [0, 2]), i64([2], [1, 4])], attrs: { axes: [] }, expected: f32([1, 2], [2, 3]) },
    { name: 'start below −dim clamps to 0', inputs: [i64([3], [7, 8, 9]), i64([1], [-10]), i64([1], [2])], attrs: { axes: [-1] }, expected: i64([2], [7, 8]) },
    { name: 'length mismatch', inputs: [iota([3]), i64([1], [0]), i64([2], [1, 2])], attrs: { axes: [0] }, expected: { throws: /Slice: starts has 1 entries but ends has 2/ } },
  ],
  Shape: [
    { name: 'whole shape', inputs: [iota([2, 3, 4])], attrs: { start: 0 }, expected: i64([3], [2, 3, 4]) },
    { name: 'start 1, end -1', inputs: [iota([2, 3, 4])], attrs: { start: 1, end: -1 }, expected: i64([1], [3]) },
    { name: 'start -1', inputs: [iota([2, 3, 4])], attrs: { start: -1 }, expected: i64([1], [4]) },
    { name: 'start past end is empty', inputs: [iota([2, 3, 4])], attrs: { start: 2, end: 1 }, expected: i64([0], []) },
    { name: 'out-of-range bounds clamp', inputs: [bool([2], [1, 0])], attrs: { start: -9, end: 9 }, expected: i64([1], [2]) },
  ],
  ConstantOfShape: [
    { name: '[2, 3] of 1.5', inputs: [i64([2], [2, 3])], attrs: { value: 1.5 }, expected: f32([2, 3], [1.5, 1.5, 1.5, 1.5, 1.5, 1.5]) },
    { name: 'empty shape is a scalar', inputs: [i64([0], [])], attrs: { value: -2 }, expected: f32([], [-2]) },
    { name: 'negative dim', inputs: [i64([1], [-1])], attrs: { value: 0 }, expected: { throws: /ConstantOfShape: invalid shape \[-1\]/ } },
    { name: 'float shape', inputs: [f32([1], [2])], attrs: { value: 0 }, expected: { throws: /ConstantOfShape: shape must be int64/ } },
  ],
  Trilu: [
    { name: 'upper k=0', inputs: [iota([3, 3], 1)], attrs: { upper: true, k: 0 }, expected: f32([3, 3], [1, 2, 3, 0, 5, 6, 0, 0, 9]) },
    { name: 'lower k=0', inputs: [iota([3, 3], 1)], attrs: { upper: false, k: 0 }, expected: f32([3, 3], [1, 0, 0, 4, 5, 0, 7, 8, 9]) },
    { name: 'upper k=1', inputs: [iota([3, 3], 1)], attrs: { upper: true, k: 1 }, expected: f32([3, 3], [0, 2, 3, 0, 0, 6, 0, 0, 0]) },
    { name: 'lower k=-1', inputs: [iota([3, 3], 1)], attrs: { upper: false, k: -1 }, expected: f32([3, 3], [0, 0, 0, 4, 0, 0, 7, 8, 0]) },
    { name: 'lower large k keeps all', inputs: [iota([2, 2], 1)], attrs: { upper: false, k: 5 }, expected: iota([2, 2], 1) },
    { name: 'upper large k zeroes all', inputs: [iota([2, 2], 1)], attrs: { upper: true, k: 5 }, expected: f32([2, 2], [0, 0, 0, 0]) },
    {
      name: 'batched, non-square, upper k=-1',
      inputs: [iota([2, 3, 2], 1)],
      attrs: { upper: true, k: -1 },
      expected: f32([2, 3, 2], [1, 2, 3, 4, 0, 6, 7, 8, 9, 10, 0, 12]),
    },
    { name: 'bool causal mask', inputs: [bool([2, 2], [1, 1, 1, 1])], attrs: { upper: false, k: 0 }, expected: bool([2, 2], [1, 0, 1, 1]) },
    { name: 'rank 1', inputs: [iota([3])], attrs: { upper: true, k: 0 }, expected: { throws: /Trilu: input must have rank ≥ 2/ } },
  ],
  ArgMax: [
    { name: 'first max wins', inputs: [f32([2, 3], [1, 5, 5, 7, 2, 7])], attrs: { axis: 1, keepdims: false }, expected: i64([2], [1, 0]) },
    { name: 'axis 0 keepdims', inputs: [f32([2, 3], [1, 5, 5, 7, 2, 7])], attrs: { axis: 0, keepdims: true }, expected: i64([1, 3], [1, 0, 1]) },
    { name: 'int64, negative axis', inputs: [i64([3], [-5, -2, -9])], attrs: { axis: -1, keepdims: true }, expected: i64([1], [1]) },
    { name: 'empty axis', inputs: [f32([2, 0], [])], attrs: { axis: 1, keepdims: false }, expected: { throws: /ArgMax: axis 1 of \[2, 0\] is empty/ } },
  ],
  Cast: [
    { name: 'float → int64 truncates', inputs: [f32([4], [1.7, -1.7, 0, 2])], attrs: { to: 'int64' }, expected: i64([4], [1, -1, 0, 2]) },
    { name: 'float → bool', inputs: [f32([4], [0, 2, -0, NaN])], attrs: { to: 'bool' }, expected: bool([4], [0, 1, 0, 1]) },
    { name: 'bool → float', inputs: [bool([2], [1, 0])], attrs: { to: 'float32' }, expected: f32([2], [1, 0]) },
    { name: 'float → float is a copy', inputs: [f32([2, 1], [1.5, -2])], attrs: { to: 'float32' }, expected: f32([2, 1], [1.5, -2]) },
    { name: 'int64 → float', inputs: [i64([2], [-3, 16777217])], attrs: { to: 'float32' }, expected: f32([2], [-3, 16777216]) },
    { name: 'int64 → bool', inputs: [i64([3], [0, -1, 5])], attrs: { to: 'bool' }, expected: bool([3], [0, 1, 1]) },
  ],
  Equal: [
    { name: 'broadcast', inputs: [f32([3], [1, 2, 3]), f32([1], [2])], attrs: none, expected: bool([3], [0, 1, 0]) },
    { name: 'int64 [2,1] vs [2]', inputs: [i64([2, 1], [1, 2]), i64([2], [1, 2])], attrs: none, expected: bool([2, 2], [1, 0, 0, 1]) },
    { name: 'NaN ≠ NaN', inputs: [f32([2], [NaN, 0]), f32([2], [NaN, -0])], attrs: none, expected: bool([2], [0, 1]) },
    { name: 'dtype mismatch', inputs: [iota([1]), i64([1], [0])], attrs: none, expected: { throws: /Equal: input dtypes differ/ } },
  ],
  Where: [
    {
      name: 'three-way broadcast',
      inputs: [bool([2, 1], [1, 0]), f32([3], [1, 2, 3]), scalar(0)],
      attrs: none,
      expected: f32([2, 3], [1, 2, 3, 0, 0, 0]),
    },
    {
      name: 'attention mask fill',
      inputs: [bool([2, 2], [1, 0, 1, 1]), f32([2, 2], [5, 6, 7, 8]), scalar(-Infinity)],
      attrs: none,
      expected: f32([2, 2], [5, -Infinity, 7, 8]),
    },
    { name: 'int64 values', inputs: [bool([2], [0, 1]), i64([2], [1, 2]), i64([2], [3, 4])], attrs: none, expected: i64([2], [3, 2]) },
    { name: 'non-bool condition', inputs: [iota([1]), iota([1]), iota([1])], attrs: none, expected: { throws: /Where: condition must be bool/ } },
  ],
  // Fused ops (engine/fast). Expected values from Python's math.erf / float64 arithmetic.
  Gelu: [
    {
      name: 'values',
      inputs: [f32([2, 3], [0, 1, -1, 2.5, -3, 6])],
      attrs: none,
      expected: f32([2, 3], [0, 0.8413447460685429, -0.15865525393145707, 2.4844758366855597, -0.00404969409489031, 5.999999994080474]),
    },
    { name: '±∞ (−∞·0 is NaN, as in the primitive chain), NaN', inputs: [f32([3], [Infinity, -Infinity, NaN])], attrs: none, expected: f32([3], [Infinity, NaN, NaN]) },
    { name: 'int64 rejected', inputs: [i64([1], [1])], attrs: none, expected: { throws: /Gelu: input must be float32, got int64/ } },
  ],
  LayerNormalization: [
    {
      name: 'rows with gain and shift',
      inputs: [f32([2, 3], [1, 2, 3, 4, 6, 11]), f32([3], [1, 2, 0.5]), f32([3], [0, 1, -1])],
      attrs: { epsilon: 1e-5 },
      expected: f32([2, 3], [-1.2247356859083902, 1, -0.3876321570458049, -1.0190487428175694, 0.32063417145495365, -0.32063417145495365]),
    },
    { name: 'constant row is beta', inputs: [f32([1, 2], [3, 3]), f32([2], [2, 2]), f32([2], [0.5, -1])], attrs: { epsilon: 1e-5 }, expected: f32([1, 2], [0.5, -1]) },
    { name: 'gamma of the wrong size', inputs: [iota([2, 3]), iota([2]), iota([3])], attrs: { epsilon: 1e-5 }, expected: { throws: /LayerNormalization: gamma must be \[3\]/ } },
  ],
  MatMulAdd: [
    { name: 'bias row', inputs: [iota([2, 3], 1), f32([3, 2], [1, 0, 0, 1, 1, 1]), f32([2], [10, -1])], attrs: none, expected: f32([2, 2], [14, 4, 20, 10]) },
    { name: 'batched, bias column', inputs: [iota([2, 1, 2], 1), f32([2, 2], [1, 0, 0, 1]), f32([1, 1], [0.5])], attrs: none, expected: f32([2, 1, 2], [1.5, 2.5, 3.5, 4.5]) },
    { name: 'bias would grow the product', inputs: [iota([1, 2]), iota([2, 2]), iota([3, 2])], attrs: none, expected: { throws: /MatMulAdd: bias \[3, 2\] would grow the product/ } },
  ],
  MatMulTransposed: [
    { name: 'a · bᵀ', inputs: [iota([2, 3], 1), f32([2, 3], [1, 0, 1, 0, 1, 0])], attrs: { perm: [1, 0] }, expected: f32([2, 2], [4, 2, 10, 5]) },
    {
      name: 'dot-product path (one row), batched a, shared b',
      inputs: [f32([2, 1, 2], [1, 2, 3, 4]), f32([3, 2], [1, 0, 0, 1, 1, 1])],
      attrs: { perm: [1, 0] },
      expected: f32([2, 1, 3], [1, 2, 3, 3, 4, 7]),
    },
    {
      name: 'GEMM path (five rows)',
      inputs: [iota([5, 2]), f32([2, 2], [1, 2, 3, 4])],
      attrs: { perm: [1, 0] },
      expected: f32([5, 2], [2, 4, 8, 18, 14, 32, 20, 46, 26, 60]),
    },
    { name: 'perm must swap the last two axes', inputs: [iota([2, 2]), iota([2, 2, 2])], attrs: { perm: [1, 0, 2] }, expected: { throws: /MatMulTransposed: perm \[1, 0, 2\] must swap the last two axes/ } },
  ],
  MaskedSoftmax: [
    {
      name: 'scale and a row mask',
      inputs: [iota([2, 3], 1), f32([3], [0, 0, -Infinity])],
      attrs: { scale: 0.5 },
      expected: f32([2, 3], [0.37754066879814546, 0.6224593312018546, 0, 0.37754066879814546, 0.6224593312018546, 0]),
    },
    {
      name: 'causal mask broadcast over the batch',
      inputs: [f32([2, 2, 2], [1, 2, 3, 4, 0.5, 0.5, 2, -2]), f32([2, 2], [0, -Infinity, 0, 0])],
      attrs: { scale: 2 },
      expected: f32([2, 2, 2], [1, 0, 0.11920292202211755, 0.8807970779778823, 1, 0, 0.9996646498695336, 0.00033535013046647816]),
    },
    { name: 'no mask', inputs: [f32([2, 3], [1, 2, 3, 3, 3, 0])], attrs: { scale: -1 }, expected: f32([2, 3], [0.6652409557748218, 0.24472847105479764, 0.09003057317038046, 0.04527850074362907, 0.04527850074362907, 0.9094429985127419]) },
    { name: 'fully masked row is NaN', inputs: [f32([1, 2], [1, 2]), f32([2], [-Infinity, -Infinity])], attrs: { scale: 1 }, expected: f32([1, 2], [NaN, NaN]) },
    { name: 'mask would grow x', inputs: [iota([1, 2]), iota([3, 2])], attrs: { scale: 1 }, expected: { throws: /MaskedSoftmax: mask \[3, 2\] would grow x/ } },
  ],
};
