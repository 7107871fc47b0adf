/**
 * Graphs inside pictures: a PNG written by Chromium (a committed screenshot) gets an iTXt chunk that
 * node's zlib CRC and Pillow (an independent PNG reader, when python3-pil is installed) accept and read
 * back; Formwork reads it back byte for byte, re-export replaces rather than duplicates, damaged or
 * foreign pictures give FW080/FW081. The SVG metadata round-trips every example.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as nodeCrc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, graphTextFromPng, PNG_GRAPH_KEYWORD, withPngText } from '../../engine/share/png-text.ts';
import { graphTextFromSvg, svgGraphMetadata } from '../../engine/share/svg-graph.ts';
import { EXAMPLES_DIR, exampleFiles, unwrap } from '../examples/helpers.ts';

const SCREENSHOT = new Uint8Array(readFileSync(new URL('../../docs/screenshots/tour-step.png', import.meta.url)));
const GRAPH = readFileSync(EXAMPLES_DIR + 'encoder-decoder.formwork.json', 'utf8') + '\n“unicode” ✓ & <tags>';

function hasPillow(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import PIL'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function chunkTypes(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
    expect(nodeCrc32(png.subarray(at + 4, at + 8 + length))).toBe(view.getUint32(at + 8 + length));
    at += 12 + length;
  }
  return types;
}

describe('PNG text chunk', () => {
  it('crc32 matches zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(SCREENSHOT)).toBe(nodeCrc32(SCREENSHOT));
  });

  it('writes an iTXt chunk before IEND that Formwork reads back exactly', () => {
    const png = unwrap(withPngText(SCREENSHOT, GRAPH));
    const types = chunkTypes(png);
    expect(types.slice(-2)).toEqual(['iTXt', 'IEND']);
    expect(types.filter((t) => t === 'iTXt')).toHaveLength(1);
    expect(unwrap(graphTextFromPng(png))).toBe(GRAPH);
    // Exporting again replaces the graph instead of adding a second one.
    const again = unwrap(withPngText(png, 'second'));
    expect(chunkTypes(again).filter((t) => t === 'iTXt')).toHaveLength(1);
    expect(unwrap(graphTextFromPng(again))).toBe('second');
  });

  it.runIf(hasPillow())('Pillow opens the picture and reads the same graph text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-png-'));
    writeFileSync(join(dir, 'g.png'), unwrap(withPngText(SCREENSHOT, GRAPH)));
    const script = `import sys; from PIL import Image\nim = Image.open(sys.argv[1]); im.load()\nsys.stdout.buffer.write(im.text[${JSON.stringify(PNG_GRAPH_KEYWORD)}].encode('utf-8'))`;
    const out = execFileSync('/usr/bin/python3', ['-c', script, join(dir, 'g.png')]).toString('utf8');
    expect(out).toBe(GRAPH);
  });

  it('reads tEXt and uncompressed iTXt written by other tools', () => {
    const chunk = (type: string, data: Uint8Array) => {
      const out = new Uint8Array(12 + data.length);
      new DataView(out.buffer).setUint32(0, data.length);
      out.set(new TextEncoder().encode(type), 4);
      out.set(data, 8);
      new DataView(out.buffer).setUint32(8 + data.length, nodeCrc32(out.subarray(4, 8 + data.length)));
      return out;
    };
    const ihdrEnd = 8 + 25;
    const build = (extra: Uint8Array) => new Uint8Array([...SCREENSHOT.subarray(0, ihdrEnd), ...extra, ...SCREENSHOT.subarray(ihdrEnd)]);
    const latin = new Uint8Array([...new TextEncoder().encode(PNG_GRAPH_KEYWORD), 0, ...new TextEncoder().encode('{"a":1}')]);
    expect(unwrap(graphTextFromPng(build(chunk('tEXt', latin))))).toBe('{"a":1}');
    const itxt = new Uint8Array([...new TextEncoder().encode(PNG_GRAPH_KEYWORD), 0, 0, 0, 0, 0, ...new TextEncoder().encode('ü')]);
    expect(unwrap(graphTextFromPng(build(chunk('iTXt', itxt))))).toBe('ü');
    const ztxt = new Uint8Array([...new TextEncoder().encode(PNG_GRAPH_KEYWORD), 0, 0, ...deflateSync(Buffer.from('zipped'))]);
    expect(unwrap(graphTextFromPng(build(chunk('zTXt', ztxt))))).toBe('zipped');
  });

  it('says so when a picture carries no graph (FW081), and rejects damaged or foreign bytes (FW080)', () => {
    const code = (r: ReturnType<typeof graphTextFromPng>) => (r.ok ? 'ok' : r.diagnostics[0]!.code);
    expect(code(graphTextFromPng(SCREENSHOT))).toBe('FW081');
    const png = unwrap(withPngText(SCREENSHOT, GRAPH));
    const flipped = png.slice();
    flipped[png.length - 30]! ^= 1; // inside the iTXt chunk: CRC mismatch
    expect(code(graphTextFromPng(flipped))).toBe('FW080');
    expect(code(graphTextFromPng(png.subarray(0, png.length - 5)))).toBe('FW080');
    expect(code(graphTextFromPng(new TextEncoder().encode('{"format":"formwork.graph"}')))).toBe('FW080');
    const huge = new Uint8Array(png);
    new DataView(huge.buffer).setUint32(8, 0x7fffffff); // IHDR claims 2 GB
    expect(code(graphTextFromPng(huge))).toBe('FW080');
    const bomb = unwrap(withPngText(SCREENSHOT, ' '.repeat(3_000_000)));
    const r = graphTextFromPng(bomb, 1_000_000);
    expect(r.ok ? '' : r.diagnostics[0]!.message).toMatch(/more than 1000000 bytes/);
  });
});

describe('SVG metadata', () => {
  it.each(exampleFiles())('%s round-trips through the SVG metadata', (file) => {
    const text = readFileSync(EXAMPLES_DIR + file, 'utf8');
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">${svgGraphMetadata(text)}<text>x</text></svg>`;
    expect(unwrap(graphTextFromSvg(svg))).toBe(text);
  });

  it('reads entities other writers use, and says when an SVG carries no graph', () => {
    const svg = '<svg><metadata><formwork:graph xmlns:formwork="urn:formwork:graph">&#123;&#x22;a&#x22;:&apos;&lt;&apos;}</formwork:graph></metadata></svg>';
    expect(unwrap(graphTextFromSvg(svg))).toBe(`{"a":'<'}`);
    const none = graphTextFromSvg('<svg><rect/></svg>');
    expect(none.ok ? '' : none.diagnostics[0]!.code).toBe('FW081');
    const notSvg = graphTextFromSvg('<html></html>');
    expect(notSvg.ok ? '' : notSvg.diagnostics[0]!.code).toBe('FW080');
  });
});
