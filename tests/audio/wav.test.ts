import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../engine/audio/index.ts';
import { tones, unwrap } from './helpers.ts';

function failMessage(bytes: Uint8Array): string {
  const r = parseWav(bytes);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.diagnostics[0]?.code).toBe('FW061');
  return r.diagnostics[0]?.message ?? '';
}

/** A RIFF/WAVE file from raw chunks (id, body), with pad bytes for odd sizes. */
function riff(chunks: [string, Uint8Array][], form = 'WAVE'): Uint8Array {
  const size = chunks.reduce((n, [, b]) => n + 8 + b.length + (b.length & 1), 4);
  const out = new Uint8Array(8 + size);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string): void => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, size, true);
  ascii(8, form);
  let pos = 12;
  for (const [id, body] of chunks) {
    ascii(pos, id);
    view.setUint32(pos + 4, body.length, true);
    out.set(body, pos + 8);
    pos += 8 + body.length + (body.length & 1);
  }
  return out;
}

function fmtChunk(channels: number, sampleRate: number, bits = 16, format = 1): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, format, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, sampleRate, true);
  v.setUint32(8, (sampleRate * channels * bits) / 8, true);
  v.setUint16(12, (channels * bits) / 8, true);
  v.setUint16(14, bits, true);
  return b;
}

function int16s(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setInt16(2 * i, x, true));
  return b;
}

describe('wav', () => {
  it('round-trips mono 16-bit audio', () => {
    const samples = tones([440, 1000], 16_000, 1600);
    samples[0] = -1;
    samples[1] = 1;
    const wav = encodeWav(samples, 16_000);
    expect(wav.length).toBe(44 + 2 * 1600);
    const back = unwrap(parseWav(wav));
    expect(back.sampleRate).toBe(16_000);
    expect(back.channels).toBe(1);
    expect(back.samples.length).toBe(1600);
    for (let i = 0; i < samples.length; i++) expect(Math.abs((back.samples[i] as number) - (samples[i] as number))).toBeLessThan(1e-4);
    expect(back.samples[0]).toBe(-1);
  });

  it('reads from a Uint8Array view at an offset', () => {
    const wav = encodeWav([0.5, -0.5], 8000);
    const padded = new Uint8Array(wav.length + 3);
    padded.set(wav, 3);
    expect(Array.from(unwrap(parseWav(padded.subarray(3))).samples)).toEqual([Math.round(0.5 * 32767) / 32768, -0.5]);
  });

  it('mixes stereo down to mono and skips unknown chunks (with odd-size padding)', () => {
    const wav = riff([
      ['LIST', new Uint8Array([1, 2, 3])],
      ['fmt ', fmtChunk(2, 22_050)],
      ['data', int16s([16384, -8192, -32768, -32768])],
      ['junk', new Uint8Array(2)],
    ]);
    const r = unwrap(parseWav(wav));
    expect(r.channels).toBe(2);
    expect(r.sampleRate).toBe(22_050);
    expect(Array.from(r.samples)).toEqual([(16384 - 8192) / 65536, -1]);
  });

  it('drops a trailing partial frame with a warning', () => {
    const wav = riff([
      ['fmt ', fmtChunk(2, 8000)],
      ['data', new Uint8Array(6)],
    ]);
    const r = parseWav(wav);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.samples.length).toBe(1);
    expect(r.warnings[0]?.message).toMatch(/partial frame/);
  });

  it('gives a distinct FW061 message for each kind of malformed file, never throwing', () => {
    const good = encodeWav(tones([1000], 16_000, 100), 16_000);
    const withView = (edit: (v: DataView, b: Uint8Array) => void): Uint8Array => {
      const b = good.slice();
      edit(new DataView(b.buffer), b);
      return b;
    };
    const messages = {
      tooShort: failMessage(good.slice(0, 10)),
      truncatedFmt: failMessage(good.slice(0, 30)),
      truncatedData: failMessage(good.slice(0, 100)),
      wrongRiff: failMessage(withView((_, b) => b.set([0x52, 0x49, 0x46, 0x58], 0))),
      notWave: failMessage(withView((_, b) => b.set([0x41, 0x56, 0x49, 0x20], 8))),
      eightBit: failMessage(withView((v) => v.setUint16(34, 8, true))),
      float: failMessage(withView((v) => v.setUint16(20, 3, true))),
      zeroSamples: failMessage(riff([['fmt ', fmtChunk(1, 16_000)], ['data', new Uint8Array(0)]])),
      hugeData: failMessage(withView((v) => v.setUint32(40, 0xfffffff0, true))),
      noData: failMessage(riff([['fmt ', fmtChunk(1, 16_000)]])),
      noFmt: failMessage(riff([['data', int16s([1, 2])]])),
      threeChannels: failMessage(riff([['fmt ', fmtChunk(3, 16_000)], ['data', int16s([1, 2, 3])]])),
      zeroRate: failMessage(riff([['fmt ', fmtChunk(1, 0)], ['data', int16s([1])]])),
      empty: failMessage(new Uint8Array(0)),
    };
    expect(messages.tooShort).toMatch(/10 bytes, too short/);
    expect(messages.truncatedFmt).toMatch(/fmt chunk is truncated/);
    expect(messages.truncatedData).toMatch(/data chunk declares 200 bytes but only 56 remain/);
    expect(messages.wrongRiff).toMatch(/RIFX/);
    expect(messages.notWave).toMatch(/'AVI '/);
    expect(messages.eightBit).toMatch(/8 bits per sample/);
    expect(messages.float).toMatch(/IEEE float/);
    expect(messages.zeroSamples).toMatch(/no samples/);
    expect(messages.hugeData).toMatch(/declares 4294967280 bytes/);
    expect(messages.noData).toMatch(/no data chunk/);
    expect(messages.noFmt).toMatch(/no fmt chunk/);
    expect(messages.threeChannels).toMatch(/3 channels/);
    expect(messages.zeroRate).toMatch(/sample rate 0/);
    const distinct = new Set(Object.values(messages).filter((_, i) => i !== 13));
    expect(distinct.size).toBe(Object.keys(messages).length - 1);
  });

  it('never throws on random bytes or random corruptions', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const good = encodeWav(tones([1000], 16_000, 64), 16_000);
    for (let i = 0; i < 500; i++) {
      const b = i % 2 === 0 ? Uint8Array.from({ length: Math.floor(rand() * 80) }, () => Math.floor(rand() * 256)) : good.slice(0, Math.floor(rand() * good.length));
      if (i % 4 === 1) for (let k = 0; k < 4; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      const r = parseWav(b);
      if (!r.ok) expect(r.diagnostics[0]?.code).toBe('FW061');
    }
  });

  it('encodeWav clamps out-of-range samples and rejects bad sample rates', () => {
    const back = unwrap(parseWav(encodeWav([2, -2, Number.NaN], 8000))).samples;
    expect(Array.from(back)).toEqual([32767 / 32768, -1, 0]);
    expect(() => encodeWav([0], 0)).toThrow(RangeError);
    expect(() => encodeWav([0], 44_100.5)).toThrow(RangeError);
  });
});
