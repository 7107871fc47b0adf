/**
 * Deterministic weight initialisation. Each weight gets its own stream, seeded from the document
 * seed and the weight's stable name, so adding a node never changes the other weights. Only exact
 * arithmetic is used (no log/cos), so the same seed gives the same bits on every platform.
 */
import type { InitRule } from '../../graph-schema/block.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** FNV-1a over the UTF-16 code units of a string. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small, fast 32-bit PRNG; returns uniforms in [0, 1) with 32 bits each. */
export function uniformStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Materialises one weight from its init rule. */
export function initWeight(name: string, shape: readonly number[], rule: InitRule, seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  const next = uniformStream(hash32(`${seed}:${name}`));
  switch (rule.kind) {
    case 'zeros':
      break;
    case 'ones':
      data.fill(1);
      break;
    case 'normal':
      // Irwin–Hall: the sum of 12 uniforms minus 6 has mean 0 and variance 1.
      for (let i = 0; i < n; i++) {
        let s = -6;
        for (let k = 0; k < 12; k++) s += next();
        data[i] = s * rule.std;
      }
      break;
    case 'xavier': {
      const fanOut = shape[shape.length - 1] ?? 1;
      const fanIn = shape.length >= 2 ? shape[shape.length - 2]! : fanOut;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < n; i++) data[i] = (next() * 2 - 1) * limit;
      break;
    }
  }
  return { dtype: 'float32', shape: [...shape], data };
}
