import { describe, expect, it } from 'vitest';
import { encodeWav, logMel, logMelFromWav, resample } from '../../engine/audio/index.ts';
import { tones, unwrap } from './helpers.ts';

function rms(xs: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (xs[i] as number) ** 2;
  return Math.sqrt(s / (to - from));
}

describe('resample', () => {
  it('keeps a tone below both Nyquist frequencies (48 kHz → 16 kHz and back up)', () => {
    const down = unwrap(resample(tones([1000], 48_000, 4800), 48_000, 16_000));
    expect(down.length).toBe(1600);
    const expected = tones([1000], 16_000, 1600);
    let maxErr = 0;
    for (let i = 100; i < 1500; i++) maxErr = Math.max(maxErr, Math.abs((down[i] as number) - (expected[i] as number)));
    expect(maxErr).toBeLessThan(5e-3);
    const up = unwrap(resample(expected, 16_000, 44_100));
    expect(up.length).toBe(Math.ceil((1600 * 44_100) / 16_000));
    const ref = tones([1000], 44_100, up.length);
    let upErr = 0;
    for (let i = 300; i < up.length - 300; i++) upErr = Math.max(upErr, Math.abs((up[i] as number) - (ref[i] as number)));
    expect(upErr).toBeLessThan(5e-3);
  });

  it('removes content above the new Nyquist frequency instead of aliasing it', () => {
    const high = tones([7000], 48_000, 9600);
    const out = unwrap(resample(high, 48_000, 8000));
    expect(rms(out, 100, out.length - 100)).toBeLessThan(0.02 * rms(high, 0, high.length));
  });

  it('copies at equal rates and rejects bad rates', () => {
    const s = Float32Array.from([0.1, 0.2]);
    const same = unwrap(resample(s, 8000, 8000));
    expect(Array.from(same)).toEqual(Array.from(s));
    expect(same).not.toBe(s);
    for (const [a, b] of [[0, 8000], [8000, 1.5], [8000, 1e9]] as const) {
      const r = resample(s, a, b);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics[0]?.code).toBe('FW061');
    }
  });
});

describe('logMelFromWav', () => {
  it('matches logMel on the resampled audio and passes FW061 through', () => {
    const opts = { sampleRate: 16_000, windowSize: 512, hop: 160, nMels: 40 };
    const wavAt32k = encodeWav(tones([1000], 32_000, 6400), 32_000);
    const mel = unwrap(logMelFromWav(wavAt32k, opts));
    expect(mel.shape).toEqual([1 + Math.floor((3200 - 512) / 160), 40]);
    const direct = unwrap(logMel(tones([1000], 16_000, 3200), opts));
    const [frames] = mel.shape as [number];
    // Interior frames agree with a tone generated directly at 16 kHz in every band within e^4 (~35 dB) of
    // the frame's strongest; quieter bands are dominated by the WAV's 16-bit quantisation noise.
    let compared = 0;
    for (let t = 2; t < frames - 2; t++) {
      const row = direct.data.subarray(t * 40, (t + 1) * 40);
      const top = Math.max(...row);
      for (let m = 0; m < 40; m++) {
        if ((row[m] as number) < top - 4) continue;
        expect(Math.abs((mel.data[t * 40 + m] as number) - (row[m] as number))).toBeLessThan(0.05);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(frames - 4); // at least one band per interior frame
    const bad = logMelFromWav(new Uint8Array(4), opts);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostics[0]?.code).toBe('FW061');
  });
});
