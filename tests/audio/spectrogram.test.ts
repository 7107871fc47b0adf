import { describe, expect, it } from 'vitest';
import { hzToMel, logMel, logSpectrogram, melCenters, melFilterbank, melToHz } from '../../engine/audio/index.ts';
import { argmax, columnMeans, localPeaks, tones, unwrap } from './helpers.ts';

const SR = 16_000;

describe('logSpectrogram', () => {
  it('peaks in the FFT bin of a 1000 Hz tone', () => {
    const spec = unwrap(logSpectrogram(tones([1000], SR, 4000), { windowSize: 512, hop: 256 }));
    const [frames, bins] = spec.shape as [number, number];
    expect(bins).toBe(257);
    expect(frames).toBe(1 + Math.floor((4000 - 512) / 256));
    const expectedBin = Math.round((1000 * 512) / SR);
    for (let t = 0; t < frames; t++) expect(argmax(spec.data.subarray(t * bins, (t + 1) * bins))).toBe(expectedBin);
  });

  it('shows two peaks for two tones', () => {
    const spec = unwrap(logSpectrogram(tones([500, 3000], SR, 4096), { windowSize: 1024, hop: 512 }));
    const [frames, bins] = spec.shape as [number, number];
    const mean = columnMeans(spec.data, frames, bins);
    const floor = Math.max(...mean) - 3; // within e^3 (~20x) of the strongest
    expect(localPeaks(mean, floor)).toEqual([Math.round((500 * 1024) / SR), Math.round((3000 * 1024) / SR)]);
  });

  it('gives one zero-padded frame for a clip shorter than the window', () => {
    expect(unwrap(logSpectrogram(tones([1000], SR, 100), { windowSize: 256, hop: 128 })).shape).toEqual([1, 129]);
  });
});

describe('mel', () => {
  it('uses the HTK formula and inverts it', () => {
    expect(hzToMel(700)).toBeCloseTo(2595 * Math.log10(2), 9);
    expect(hzToMel(1000)).toBeCloseTo(1000, 0);
    for (const hz of [0, 100, 1234, 8000]) expect(melToHz(hzToMel(hz))).toBeCloseTo(hz, 6);
  });

  it('builds triangles that peak near their centres and never exceed 1', () => {
    const fb = melFilterbank({ sampleRate: SR, windowSize: 512, nMels: 20, fMin: 0, fMax: 8000 });
    expect(fb.shape).toEqual([20, 257]);
    const centres = melCenters({ nMels: 20, fMin: 0, fMax: 8000 });
    for (let m = 0; m < 20; m++) {
      const row = fb.data.subarray(m * 257, (m + 1) * 257);
      expect(Math.max(...row)).toBeLessThanOrEqual(1);
      expect(Math.abs(argmax(row) * (SR / 512) - (centres[m] as number))).toBeLessThan(SR / 512); // one of the two bins around the centre
    }
  });
});

describe('logMel', () => {
  const opts = { sampleRate: SR, windowSize: 512, hop: 160, nMels: 40 };

  it('returns [T, n_mels] with its energy in the band whose centre is nearest the tone', () => {
    const mel = unwrap(logMel(tones([1000], SR, 8000), opts));
    const [frames, nMels] = mel.shape as [number, number];
    expect(mel.dtype).toBe('float32');
    expect(nMels).toBe(40);
    expect(frames).toBe(1 + Math.floor((8000 - 512) / 160));
    // Independent expectation: band centres equally spaced in HTK mel between 0 and 8000 Hz.
    const step = (2595 * Math.log10(1 + 8000 / 700)) / 41;
    const target = 2595 * Math.log10(1 + 1000 / 700);
    const expected = Math.round(target / step) - 1;
    expect(argmax(columnMeans(mel.data, frames, nMels))).toBe(expected);
  });

  it('shows two peaks for two tones', () => {
    const mel = unwrap(logMel(tones([300, 4000], SR, 8000), opts));
    const [frames, nMels] = mel.shape as [number, number];
    const mean = columnMeans(mel.data, frames, nMels);
    const peaks = localPeaks(mean, Math.max(...mean) - 2);
    const centres = melCenters({ nMels: 40, fMin: 0, fMax: 8000 });
    expect(peaks).toHaveLength(2);
    expect(Math.abs((centres[peaks[0] as number] as number) - 300)).toBeLessThan(60);
    expect(Math.abs((centres[peaks[1] as number] as number) - 4000)).toBeLessThan(300);
  });

  it('keeps silence finite at log(1e-6)', () => {
    const mel = unwrap(logMel(new Float32Array(1024), opts));
    for (const v of mel.data) expect(v).toBeCloseTo(Math.log(1e-6), 5);
  });

  it('respects fMin/fMax', () => {
    const mel = unwrap(logMel(tones([1000], SR, 4000), { ...opts, nMels: 10, fMin: 2000, fMax: 6000 }));
    const mean = columnMeans(mel.data, mel.shape[0] as number, 10);
    // A 1000 Hz tone lies below every band: nothing stands out much above the floor.
    expect(Math.max(...mean)).toBeLessThan(Math.log(1e-6) + 12);
    const inBand = unwrap(logMel(tones([4000], SR, 4000), { ...opts, nMels: 10, fMin: 2000, fMax: 6000 }));
    expect(Math.max(...columnMeans(inBand.data, inBand.shape[0] as number, 10))).toBeGreaterThan(Math.max(...mean) + 5);
  });

  it('rejects bad options with FW061', () => {
    const s = tones([1000], SR, 2000);
    const cases: [Parameters<typeof logMel>[1], RegExp][] = [
      [{ ...opts, windowSize: 500 }, /windowSize 500 must be a power of two/],
      [{ ...opts, hop: 0 }, /hop 0/],
      [{ ...opts, nMels: 0 }, /nMels 0/],
      [{ ...opts, sampleRate: -1 }, /sampleRate -1/],
      [{ ...opts, fMax: 9000 }, /fMax 9000 Hz must be at most half/],
      [{ ...opts, fMin: 5000, fMax: 4000 }, /fMin 5000 Hz must be below fMax/],
    ];
    for (const [o, re] of cases) {
      const r = logMel(s, o);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.diagnostics[0]?.code).toBe('FW061');
      expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(re);
    }
    const empty = logMel(new Float32Array(0), opts);
    expect(empty.ok).toBe(false);
  });

  it('warns when bands are too narrow to cover any FFT bin', () => {
    const r = logMel(tones([1000], SR, 2000), { sampleRate: SR, windowSize: 64, hop: 32, nMels: 60 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings[0]?.code).toBe('FW061');
  });
});
