/**
 * Runs exported ONNX bytes in onnxruntime, converting between our Tensor and ORT tensors. Why: onnxruntime is
 * the independent oracle for the exporter (parity tests) and the CLI's way to run an exported model.
 *
 * `onnxruntime-web` (plain entry) runs in the browser and in Node; `onnxruntime-node` (native, a dev dependency)
 * is imported only when asked for, so browser bundles never see it.
 */
import * as ort from 'onnxruntime-web';
import type { Tensor as OrtTensor } from 'onnxruntime-web';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { own, setOwn } from '../../graph-schema/own.ts';

/** Which onnxruntime build to run on. */
export type OrtRuntime = 'web' | 'node';

/** Options of {@link runWithOrt}. */
export interface OrtRunOptions {
  readonly runtime: OrtRuntime;
}

/** The part of an onnxruntime module we use; both builds share onnxruntime-common's types. */
type OrtModule = Pick<typeof ort, 'InferenceSession' | 'Tensor'>;

async function loadRuntime(runtime: OrtRuntime): Promise<OrtModule> {
  if (runtime === 'web') return ort;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) throw new Error("runWithOrt: runtime 'node' needs Node.js; use 'web' in the browser");
  // A variable specifier keeps bundlers (vite) from pulling the native package into browser builds.
  const specifier = 'onnxruntime-node';
  const ortNode = (await import(/* @vite-ignore */ specifier)) as typeof import('onnxruntime-node');
  return ortNode;
}

/** Our tensor → an ORT tensor (int64 widened to BigInt64Array). */
function toOrt(runtime: OrtModule, tensor: Tensor): OrtTensor {
  const dims = [...tensor.shape];
  if (tensor.dtype === 'float32') return new runtime.Tensor('float32', Float32Array.from(tensor.data), dims);
  if (tensor.dtype === 'bool') return new runtime.Tensor('bool', Uint8Array.from(tensor.data), dims);
  return new runtime.Tensor('int64', BigInt64Array.from(tensor.data, (v) => BigInt(v)), dims);
}

/** An ORT tensor → ours (int64 narrowed to Int32Array; values outside int32 are an error, not a wrap). */
function fromOrt(name: string, value: OrtTensor): Tensor {
  const shape = value.dims.map((d) => Number(d));
  const data = value.data;
  if (value.type === 'float32' && data instanceof Float32Array) return { dtype: 'float32', shape, data: Float32Array.from(data) };
  if (value.type === 'bool' && data instanceof Uint8Array) return { dtype: 'bool', shape, data: Uint8Array.from(data) };
  if (value.type === 'int64' && data instanceof BigInt64Array) {
    const out = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v > 2147483647n || v < -2147483648n) throw new RangeError(`runWithOrt: output '${name}' holds ${v}, outside int32`);
      out[i] = Number(v);
    }
    return { dtype: 'int64', shape, data: out };
  }
  throw new TypeError(`runWithOrt: output '${name}' has ORT type ${value.type}, which Formwork tensors cannot hold`);
}

/**
 * Runs the ONNX model `bytes` on `feeds` (by graph input name) and returns every graph output by name.
 * Rejects with ORT's own error for a model or feed it does not accept.
 */
export async function runWithOrt(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, Tensor>>,
  options: OrtRunOptions,
): Promise<Record<string, Tensor>> {
  const runtime = await loadRuntime(options.runtime);
  const session = await runtime.InferenceSession.create(bytes);
  try {
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, tensor] of Object.entries(feeds)) setOwn(ortFeeds, name, toOrt(runtime, tensor));
    const results = await session.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    for (const name of session.outputNames) {
      const value = own(results, name);
      if (value === undefined) throw new Error(`runWithOrt: ORT returned no value for output '${name}'`);
      setOwn(out, name, fromOrt(name, value));
    }
    return out;
  } finally {
    await session.release();
  }
}
