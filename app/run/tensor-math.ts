/**
 * Pure helpers behind the tensor inspector and the attention view: summary statistics, histograms,
 * 2-D slices of N-D tensors, top-k lists and row-sum checks. No React, no DOM — tested headless.
 */
import type { Tensor } from '../../graph-schema/tensor.ts';

/** Summary statistics over the finite values of a tensor, plus counts of the others. */
export interface TensorStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly nan: number;
  readonly posInf: number;
  readonly negInf: number;
}

/** Statistics of `data`; min/max/mean/std ignore NaN and ±Inf (NaN when nothing is finite). */
export function tensorStats(data: ArrayLike<number>): TensorStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let finite = 0;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isNaN(v)) nan++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else {
      finite++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const mean = finite > 0 ? sum / finite : NaN;
  let squares = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  return {
    count: data.length,
    min: finite > 0 ? min : NaN,
    max: finite > 0 ? max : NaN,
    mean,
    std: finite > 0 ? Math.sqrt(squares / finite) : NaN,
    nan,
    posInf,
    negInf,
  };
}

/** A histogram of the finite values: `bins` equal-width bins from `min` to `max`. */
export interface Histogram {
  readonly min: number;
  readonly max: number;
  readonly counts: readonly number[];
}

/** Bins the finite values of `data`; a constant tensor puts everything in the middle bin. */
export function histogram(data: ArrayLike<number>, bins = 32): Histogram {
  const { min, max } = tensorStats(data);
  const counts = new Array<number>(bins).fill(0);
  if (!Number.isFinite(min)) return { min: 0, max: 0, counts };
  const width = (max - min) / bins;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    const bin = width === 0 ? Math.floor(bins / 2) : Math.min(bins - 1, Math.floor((v - min) / width));
    counts[bin]!++;
  }
  return { min, max, counts };
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Which axes a 2-D view shows and where the other axes are fixed. */
export interface SliceSpec {
  readonly rowAxis: number;
  readonly colAxis: number;
  /** One index per axis; the entries of `rowAxis` and `colAxis` are ignored. */
  readonly fixed: readonly number[];
}

/** A 2-D slice: `rows × cols` values, row-major. */
export interface Slice2D {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float32Array;
}

/** The default view of a tensor: its last two axes, every other axis at 0 (a vector is one row). */
export function defaultSlice(shape: readonly number[]): SliceSpec {
  const fixed = shape.map(() => 0);
  if (shape.length === 0) return { rowAxis: -1, colAxis: -1, fixed };
  if (shape.length === 1) return { rowAxis: -1, colAxis: 0, fixed };
  return { rowAxis: shape.length - 2, colAxis: shape.length - 1, fixed };
}

/** Cuts a 2-D slice out of `tensor` (`rowAxis` -1 gives a single row). Indices are clamped. */
export function slice2d(tensor: Pick<Tensor, 'shape' | 'data'>, spec: SliceSpec): Slice2D {
  const { shape, data } = tensor;
  if (shape.length === 0) return { rows: 1, cols: 1, values: Float32Array.of(data[0] ?? NaN) };
  const strides = stridesOf(shape);
  let base = 0;
  shape.forEach((size, axis) => {
    if (axis === spec.rowAxis || axis === spec.colAxis) return;
    base += Math.max(0, Math.min(size - 1, spec.fixed[axis] ?? 0)) * strides[axis]!;
  });
  const rows = spec.rowAxis < 0 ? 1 : shape[spec.rowAxis]!;
  const cols = spec.colAxis < 0 ? 1 : shape[spec.colAxis]!;
  const rowStride = spec.rowAxis < 0 ? 0 : strides[spec.rowAxis]!;
  const colStride = spec.colAxis < 0 ? 0 : strides[spec.colAxis]!;
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = data[base + r * rowStride + c * colStride]!;
  return { rows, cols, values };
}

/** One entry of a top-k list. */
export interface Ranked {
  readonly id: number;
  readonly value: number;
}

/** The `k` largest values with their indices, largest first (ties: lower index first). NaN is skipped. */
export function topK(values: ArrayLike<number>, k: number): Ranked[] {
  const out: Ranked[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (out.length === k && v <= out[out.length - 1]!.value) continue;
    let at = out.length;
    while (at > 0 && out[at - 1]!.value < v) at--;
    out.splice(at, 0, { id: i, value: v });
    if (out.length > k) out.pop();
  }
  return out;
}

/** The largest |Σ row − 1| over all rows (last axis) of a tensor — 0 for a perfect attention pattern. */
export function maxRowSumError(tensor: Pick<Tensor, 'shape' | 'data'>): number {
  const width = tensor.shape[tensor.shape.length - 1] ?? 1;
  let worst = 0;
  for (let start = 0; start + width <= tensor.data.length; start += width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += tensor.data[start + j]!;
    worst = Math.max(worst, Math.abs(sum - 1));
  }
  return worst;
}

/** A short strip of a tensor for an edge: the flattened values averaged into `cells` buckets, scaled to [-1, 1] by the largest magnitude. */
export function heatStrip(data: ArrayLike<number>, cells = 16): number[] {
  const n = Math.min(cells, data.length);
  if (n === 0) return [];
  const sums = new Array<number>(n).fill(0);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    const cell = Math.floor((i * n) / data.length);
    sums[cell]! += v;
    counts[cell]!++;
  }
  const means = sums.map((s, i) => (counts[i]! > 0 ? s / counts[i]! : 0));
  const scale = Math.max(1e-12, ...means.map(Math.abs));
  return means.map((m) => m / scale);
}

/** Coordinates of flat index `flat` in `shape`. */
export function coordsOf(shape: readonly number[], flat: number): number[] {
  const strides = stridesOf(shape);
  return strides.map((s, axis) => Math.floor(flat / s) % shape[axis]!);
}

/** A number for display: fixed for moderate magnitudes, exponent otherwise. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '−Inf';
  if (v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return v.toFixed(a >= 100 ? 1 : 4);
}
