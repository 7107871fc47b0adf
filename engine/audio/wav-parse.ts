/**
 * Reading 16-bit PCM WAV files (RIFF/WAVE) into mono float samples.
 */
import { error, fail, ok, warning, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';

/** Decoded audio: the mono mixdown of the file's channels. */
export interface WavAudio {
  /** Samples per second, from the fmt chunk. */
  readonly sampleRate: number;
  /** Channels in the file (1 or 2); `samples` is always mono. */
  readonly channels: number;
  /** Mono mixdown (channel mean), each sample in [−1, 1): int16 / 32768. */
  readonly samples: Float32Array;
}

/** Bounds on what `parseWav` accepts. */
export const LIMITS_WAV = { maxSampleRate: 768_000 } as const;

const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Readonly<Record<number, string>> = { 1: 'PCM', 2: 'ADPCM', 3: 'IEEE float', 6: 'A-law', 7: 'µ-law', 0xfffe: 'extensible' };

interface Fmt {
  readonly format: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bits: number;
}

function tag(view: DataView, at: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const c = view.getUint8(at + i);
    s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '?';
  }
  return s;
}

const bad = (message: string, hint?: string): Result<WavAudio> =>
  fail([error('FW061', message, hint !== undefined ? { hint } : {})]);

function readFmt(view: DataView, at: number, size: number): Fmt {
  let format = view.getUint16(at, true);
  // WAVE_FORMAT_EXTENSIBLE carries the real format in the first two bytes of its sub-format GUID.
  if (format === FORMAT_EXTENSIBLE && size >= 40) format = view.getUint16(at + 24, true);
  return {
    format,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    blockAlign: view.getUint16(at + 12, true),
    bits: view.getUint16(at + 14, true),
  };
}

function checkFmt(f: Fmt): string | undefined {
  if (f.format !== FORMAT_PCM) {
    return `unsupported sample format ${f.format} (${FORMAT_NAMES[f.format] ?? 'unknown'}); only 16-bit integer PCM is supported`;
  }
  if (f.bits !== 16) return `${f.bits} bits per sample; only 16-bit PCM is supported`;
  if (f.channels !== 1 && f.channels !== 2) return `${f.channels} channels; only mono and stereo are supported`;
  if (f.sampleRate === 0 || f.sampleRate > LIMITS_WAV.maxSampleRate) {
    return `sample rate ${f.sampleRate} Hz is outside 1…${LIMITS_WAV.maxSampleRate} Hz`;
  }
  if (f.blockAlign !== f.channels * 2) return `block align ${f.blockAlign} does not match ${f.channels} channel(s) of 16 bits`;
  return undefined;
}

/**
 * Parses a RIFF/WAVE file holding 16-bit integer PCM, mono or stereo (plain or WAVE_FORMAT_EXTENSIBLE),
 * and returns its mono mixdown. Chunks other than `fmt ` and `data` are skipped (odd sizes padded); the
 * RIFF size field is not trusted. Never throws: a file that is too short, not RIFF/WAVE, not 16-bit PCM,
 * missing a chunk, has a chunk running past the end of the file, or holds no samples gives an FW061
 * error. Allocation is bounded by the file's actual length. A trailing partial frame is dropped with a
 * warning.
 */
export function parseWav(bytes: Uint8Array): Result<WavAudio> {
  const len = bytes.byteLength;
  if (len < 12) return bad(`file is ${len} bytes, too short for a RIFF/WAVE header (12 bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, len);
  const riff = tag(view, 0);
  if (riff !== 'RIFF') {
    const why = riff === 'RIFX' ? 'big-endian RIFX files are not supported' : riff === 'RF64' ? 'RF64 files are not supported' : `starts with '${riff}', not 'RIFF'`;
    return bad(`not a WAV file: ${why}`);
  }
  const form = tag(view, 8);
  if (form !== 'WAVE') return bad(`RIFF file of type '${form}', not 'WAVE'`);

  let fmt: Fmt | undefined;
  let data: { offset: number; size: number } | undefined;
  let pos = 12;
  while (pos + 8 <= len) {
    const id = tag(view, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    const remaining = len - body;
    if (id === 'fmt ') {
      if (size < 16) return bad(`fmt chunk is ${size} bytes; at least 16 are needed`);
      if (size > remaining) return bad(`fmt chunk is truncated: it declares ${size} bytes but only ${remaining} remain`);
      fmt = readFmt(view, body, size);
    } else if (id === 'data') {
      if (size > remaining) {
        return bad(`data chunk declares ${size} bytes but only ${remaining} remain in the file`, 'the file is truncated or its header is corrupt');
      }
      data = { offset: body, size };
    } else if (size > remaining) {
      if (fmt !== undefined && data !== undefined) break; // trailing junk after the audio
      return bad(`chunk '${id}' at byte ${pos} declares ${size} bytes but only ${remaining} remain`);
    }
    pos = body + size + (size & 1);
  }
  if (fmt === undefined) return bad('no fmt chunk: the file does not say how its samples are stored');
  if (data === undefined) return bad('no data chunk: the file holds no audio');
  const fmtProblem = checkFmt(fmt);
  if (fmtProblem !== undefined) return bad(fmtProblem);

  const frames = Math.floor(data.size / fmt.blockAlign);
  if (frames === 0) return bad('data chunk holds no samples');
  const warnings: Diagnostic[] = [];
  const extra = data.size - frames * fmt.blockAlign;
  if (extra > 0) warnings.push(warning('FW061', `data chunk ends with a partial frame; ${extra} byte(s) ignored`));

  const samples = new Float32Array(frames);
  const scale = 1 / (32768 * fmt.channels);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < fmt.channels; c++) sum += view.getInt16(data.offset + f * fmt.blockAlign + 2 * c, true);
    samples[f] = sum * scale;
  }
  return ok({ sampleRate: fmt.sampleRate, channels: fmt.channels, samples }, warnings);
}
