/**
 * Graph documents inside PNG pictures, the way ComfyUI carries workflows: the document text goes in an
 * `iTXt` chunk (UTF-8, zlib-compressed) with the keyword `formwork.graph`, so any viewer shows the
 * picture and Formwork opens the graph from it. The reader walks untrusted bytes with every length and
 * CRC checked and every decompression capped; it also reads `tEXt` and `zTXt` chunks of that keyword.
 */
import { strFromU8, strToU8, zlibSync } from 'fflate';
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import { boundedInflate } from './bounded-inflate.ts';

/** The text-chunk keyword that holds a Formwork graph document. */
export const PNG_GRAPH_KEYWORD = 'formwork.graph';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const MAX_CHUNKS = 100_000;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as PNG and zlib use) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

interface Chunk {
  readonly type: string;
  readonly data: Uint8Array;
  /** Offset of the chunk's length field. */
  readonly start: number;
}

/** The chunks of a PNG, checked (lengths, CRCs, IHDR first, IEND last); a problem is an FW080 message. */
function readChunks(png: Uint8Array): { ok: true; chunks: Chunk[] } | { ok: false; message: string } {
  if (!isPng(png)) return { ok: false, message: 'this is not a PNG picture' };
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    if (chunks.length >= MAX_CHUNKS) return { ok: false, message: `the PNG has more than ${MAX_CHUNKS} chunks` };
    if (at + 12 > png.length) return { ok: false, message: `the PNG is cut off at byte ${at}` };
    const length = view.getUint32(at);
    if (length > png.length - at - 12) return { ok: false, message: `a chunk at byte ${at} claims ${length} bytes; the file ends first` };
    const typeBytes = png.subarray(at + 4, at + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) return { ok: false, message: `bad chunk type at byte ${at}` };
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length))
      return { ok: false, message: `the ${type} chunk at byte ${at} is damaged (CRC mismatch)` };
    chunks.push({ type, data, start: at });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') return { ok: false, message: 'the PNG does not start with IHDR' };
  if (chunks[chunks.length - 1]?.type !== 'IEND') return { ok: false, message: 'the PNG has no IEND chunk' };
  return { ok: true, chunks };
}

function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Returns a copy of `png` carrying `text` under `keyword` in a compressed iTXt chunk placed just before
 * IEND; earlier text chunks with the same keyword are dropped (re-exporting replaces the graph).
 */
export function withPngText(png: Uint8Array, text: string, keyword: string = PNG_GRAPH_KEYWORD): Result<Uint8Array> {
  const read = readChunks(png);
  if (!read.ok) return fail([error('FW080', read.message)]);
  const keywordBytes = strToU8(keyword, true);
  // iTXt: keyword \0, compression flag 1, method 0, language tag \0, translated keyword \0, zlib(UTF-8 text)
  const compressed = zlibSync(strToU8(text), { level: 9 });
  const data = new Uint8Array(keywordBytes.length + 5 + compressed.length);
  data.set(keywordBytes, 0);
  data.set([0, 1, 0, 0, 0], keywordBytes.length);
  data.set(compressed, keywordBytes.length + 5);
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  for (const c of read.chunks) {
    if (c.type === 'IEND') parts.push(chunkBytes('iTXt', data));
    if (isTextChunk(c.type) && keywordOf(c.data) === keyword) continue;
    parts.push(png.subarray(c.start, c.start + 12 + c.data.length));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) (out.set(p, offset), (offset += p.length));
  return ok(out);
}

const isTextChunk = (type: string): boolean => type === 'tEXt' || type === 'zTXt' || type === 'iTXt';

function keywordOf(data: Uint8Array): string {
  const end = data.indexOf(0);
  return end < 0 ? '' : strFromU8(data.subarray(0, end), true);
}

/** The text of one tEXt / zTXt / iTXt chunk, or an FW080 message; `maxBytes` caps decompression. */
function chunkText(type: string, data: Uint8Array, maxBytes: number): { ok: true; text: string } | { ok: false; message: string } {
  const k = data.indexOf(0);
  if (type === 'tEXt') return { ok: true, text: strFromU8(data.subarray(k + 1), true) };
  const inflate = (bytes: Uint8Array, latin1: boolean) => {
    const r = boundedInflate(bytes, maxBytes, 'zlib');
    if (r.ok) return { ok: true as const, text: strFromU8(r.bytes, latin1) };
    return { ok: false as const, message: r.failure.reason === 'too-large' ? `the graph in the picture unpacks to more than ${maxBytes} bytes` : `the graph in the picture is damaged (${r.failure.detail})` };
  };
  if (type === 'zTXt') return inflate(data.subarray(k + 2), true);
  const flag = data[k + 1];
  const languageEnd = data.indexOf(0, k + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return { ok: false, message: 'an iTXt chunk is malformed' };
  const body = data.subarray(translatedEnd + 1);
  return flag === 1 ? inflate(body, false) : { ok: true, text: strFromU8(body) };
}

/**
 * The graph document text a PNG carries. FW081 when the picture is a valid PNG without a graph; FW080
 * when it is not a PNG, is damaged, or its graph unpacks past `maxBytes`.
 */
export function graphTextFromPng(png: Uint8Array, maxBytes: number = LIMITS.maxFileBytes): Result<string> {
  const read = readChunks(png);
  if (!read.ok) return fail([error('FW080', read.message, { hint: 'open a PNG exported from Formwork' })]);
  for (const c of read.chunks) {
    if (!isTextChunk(c.type) || keywordOf(c.data) !== PNG_GRAPH_KEYWORD) continue;
    const text = chunkText(c.type, c.data, maxBytes);
    return text.ok ? ok(text.text) : fail([error('FW080', text.message)]);
  }
  return fail([error('FW081', 'this picture carries no Formwork graph', { hint: 'pictures exported from Formwork (Share ▸ PNG) carry their graph; this one does not' })]);
}
