/**
 * Writing mono 16-bit PCM WAV files (for tests and examples).
 */

const HEADER_BYTES = 44;

/**
 * Encodes `samples` (clamped to [−1, 1]; NaN → 0) as a mono 16-bit PCM RIFF/WAVE file. Negative samples
 * scale by 32768 and positive by 32767, so −1 and 1 map to the int16 extremes.
 * Throws RangeError when `sampleRate` is not a positive integer below 2^32 or the data would exceed 4 GiB
 * (programming errors: this is not a path for untrusted input).
 */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new RangeError(`encodeWav: sample rate ${sampleRate} must be a positive integer`);
  }
  const dataBytes = samples.length * 2;
  if (dataBytes + HEADER_BYTES - 8 > 0xffffffff) throw new RangeError(`encodeWav: ${samples.length} samples do not fit a WAV file`);
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const raw = samples[i] as number;
    const s = Number.isNaN(raw) ? 0 : Math.max(-1, Math.min(1, raw));
    view.setInt16(HEADER_BYTES + 2 * i, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return bytes;
}
