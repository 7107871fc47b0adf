import type { Result } from '../../graph-schema/diagnostics.ts';

/** The value of an ok result (throws otherwise, failing the test). */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.value;
}

/** Sum of sines, amplitude `amp` each. */
export function tones(freqs: readonly number[], sampleRate: number, n: number, amp = 0.4): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const f of freqs) s += amp * Math.sin((2 * Math.PI * f * i) / sampleRate);
    out[i] = s;
  }
  return out;
}

/** Index of the largest value. */
export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

/** Column means of a row-major [rows, cols] array. */
export function columnMeans(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] = (out[c] as number) + (data[r * cols + c] as number) / rows;
  return out;
}

/** Indices that are strictly larger than both neighbours and at least `minValue`. */
export function localPeaks(xs: ArrayLike<number>, minValue: number): number[] {
  const out: number[] = [];
  for (let i = 1; i + 1 < xs.length; i++) {
    const v = xs[i] as number;
    if (v >= minValue && v > (xs[i - 1] as number) && v > (xs[i + 1] as number)) out.push(i);
  }
  return out;
}
