/**
 * NumPy `.npy` (format 1.0) encoding, for `--trace DIR` and the inspector's download button.
 */
import type { Tensor } from '../../graph-schema/tensor.ts';

const DESCR = { float32: '<f4', int64: '<i8', bool: '|b1' } as const;

/** Encodes a tensor as .npy bytes (int64 tensors are widened from their Int32Array). */
export function encodeNpy(t: Tensor): Uint8Array {
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[t.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const itemSize = t.dtype === 'float32' ? 4 : t.dtype === 'int64' ? 8 : 1;
  const out = new Uint8Array(10 + header.length + t.data.length * itemSize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i]!;
    if (t.dtype === 'float32') body.setFloat32(i * 4, v, true);
    else if (t.dtype === 'int64') body.setBigInt64(i * 8, BigInt(v), true);
    else body.setUint8(i, v);
  }
  return out;
}
