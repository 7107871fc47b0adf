/**
 * Where kernels get their output buffers. By default a fresh zeroed array (`zeros` of tensor.ts); while a
 * runner has installed a {@link BufferPool} (`withPool`), a buffer of the same dtype and length that the
 * runner has released — an intermediate past its last reader, known when the plan is compiled — is
 * zeroed and reused instead, so a steady stream of forward passes stops allocating (and collecting)
 * tens of MiB per pass. Kernels never hold on to outputs or return their inputs' arrays, so a released
 * buffer has no other owner.
 */
import { type DType, type Tensor, type TensorArray, sizeOf, zeros as freshZeros } from '../../graph-schema/tensor.ts';

/** Released buffers by dtype and length, reused for later outputs of the same kind. */
export class BufferPool {
  /** Released since the current run started: reusable at once. */
  private returned = new Map<string, TensorArray[]>();
  /** Released during the previous run and not reused yet; dropped at the end of this run. */
  private carried = new Map<string, TensorArray[]>();
  /** Bytes handed out fresh vs. reused since the last `startRun` (for tests and benchmarks). */
  allocatedBytes = 0;
  reusedBytes = 0;

  /** Begins a run: what the last run released stays available through this run, older buffers go. */
  startRun(): void {
    this.carried = this.returned;
    this.returned = new Map();
    this.allocatedBytes = 0;
    this.reusedBytes = 0;
  }

  /** Gives `data` back for reuse; the caller must hold no other reference that is still read. */
  release(data: TensorArray): void {
    const key = keyOf(data);
    const list = this.returned.get(key);
    if (list) list.push(data);
    else this.returned.set(key, [data]);
  }

  /** A zeroed buffer of `dtype` × `n` from the pool, or undefined. */
  take(dtype: DType, n: number): TensorArray | undefined {
    const key = `${dtype}:${n}`;
    const data = this.returned.get(key)?.pop() ?? this.carried.get(key)?.pop();
    if (!data) return undefined;
    data.fill(0);
    return data;
  }
}

const keyOf = (data: TensorArray): string =>
  `${data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int64' : 'bool'}:${data.length}`;

let active: BufferPool | undefined;

/** Runs `fn` with kernels taking their outputs from `pool` where it has a fitting buffer. */
export function withPool<T>(pool: BufferPool, fn: () => T): T {
  const previous = active;
  active = pool;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Gives a kernel's own scratch tensor (never returned, never shared) back to the active pool, if any. */
export function recycle(scratch: Tensor): void {
  active?.release(scratch.data);
}

/** A zero tensor of `dtype` and `shape` for a kernel's output: pooled when a pool is active and fits. */
export function zeros(dtype: DType, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const pooled = active?.take(dtype, n);
  const bytes = n * (dtype === 'bool' ? 1 : 4);
  if (pooled) {
    active!.reusedBytes += bytes;
    return { dtype, shape: [...shape], data: pooled };
  }
  if (active) active.allocatedBytes += bytes;
  return freshZeros(dtype, shape);
}
