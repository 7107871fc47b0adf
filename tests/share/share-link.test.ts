/**
 * Share links: every example round-trips byte for byte (file text and editor document), node's own
 * zlib reads the payload (an independent decoder), oversized documents drop their weights with a
 * notice or are refused, and damaged links give FW080 instead of throwing.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { serializeDocument } from '../../graph-schema/parse.ts';
import { decodeBase64Url, encodeBase64Url } from '../../engine/share/base64url.ts';
import {
  createShareLink,
  decodeSharePayload,
  documentFromShareFragment,
  encodeSharePayload,
  SHARE_FRAGMENT_PREFIX,
} from '../../engine/share/share-link.ts';
import { EXAMPLES_DIR, exampleFiles, loadExample, unwrap } from '../examples/helpers.ts';

const BASE = 'http://localhost:5173/?x=1';

describe('share link', () => {
  it.each(exampleFiles())('%s: the file text and the document round-trip byte for byte', (file) => {
    const text = readFileSync(EXAMPLES_DIR + file, 'utf8');
    const payload = encodeSharePayload(text);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(unwrap(decodeSharePayload(payload))).toBe(text);
    // An independent inflater reads the same payload.
    expect(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8')).toBe(text);

    const doc = loadExample(file);
    const link = unwrap(createShareLink(doc, BASE + '#old'));
    expect(link.url.startsWith(BASE + SHARE_FRAGMENT_PREFIX)).toBe(true);
    expect(link.omittedWeights).toEqual([]);
    const back = unwrap(documentFromShareFragment(link.url.slice(link.url.indexOf('#')))!);
    expect(serializeDocument(back)).toBe(serializeDocument(doc));
  });

  it('base64url agrees with node Buffer on every length mod 3', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const ours = encodeBase64Url(bytes);
      expect(ours).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64Url(ours)).toEqual(bytes);
    }
    expect(decodeBase64Url('ab+c')).toBeNull();
    expect(decodeBase64Url('abcde')).toBeNull();
  });

  it('leaves hand-set weights out of a link that would be too long, and says which', () => {
    const doc = loadExample('tour-04-skips.formwork.json');
    const names = Object.keys(doc.weights ?? {}).sort();
    expect(names.length).toBeGreaterThan(0);
    const full = unwrap(createShareLink(doc, BASE));
    const withoutWeights = unwrap(createShareLink({ ...doc, weights: undefined }, BASE));
    const max = withoutWeights.url.length - BASE.length; // room for the structure, not for the weights
    expect(full.url.length - BASE.length).toBeGreaterThan(max);
    const link = unwrap(createShareLink(doc, BASE, { maxFragmentChars: max }));
    expect(link.omittedWeights).toEqual(names);
    expect(link.warnings.map((w) => w.code)).toEqual(['FW080']);
    expect(link.warnings[0]!.message).toMatch(/weight tensor\(s\) left out/);
    const back = unwrap(documentFromShareFragment(link.url.slice(link.url.indexOf('#')))!);
    expect(back.weights).toBeUndefined();
    expect(back.nodes).toEqual(doc.nodes);
  });

  it('refuses a graph that is too long even without weights, pointing at the file', () => {
    const r = createShareLink(loadExample('tiny-gpt.formwork.json'), BASE, { maxFragmentChars: 100 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: 'FW080', hint: expect.stringMatching(/file/) });
  });

  it('warns that a weights file is not carried', () => {
    const link = unwrap(createShareLink({ ...loadExample('tiny-gpt.formwork.json'), weightsFile: 'w.safetensors' }, BASE));
    expect(link.warnings.map((w) => w.path)).toEqual(['weightsFile']);
  });

  it('damaged links give FW080, never an exception', () => {
    const good = encodeSharePayload(readFileSync(EXAMPLES_DIR + 'tiny-gpt.formwork.json', 'utf8'));
    for (const bad of ['%%%', good.slice(0, good.length >> 1), 'AAAA' + good, good.slice(0, -1) + '!']) {
      const r = decodeSharePayload(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics[0]!.code).toBe('FW080');
    }
    expect(documentFromShareFragment('#elsewhere')).toBeNull();
    const notAGraph = documentFromShareFragment(SHARE_FRAGMENT_PREFIX + encodeSharePayload('{"format":"x"}'))!;
    expect(notAGraph.ok).toBe(false);
  });

  it('stops unpacking a bomb at the cap', () => {
    const bomb = encodeBase64Url(deflateRawSync(Buffer.alloc(4_000_000, 32)));
    expect(bomb.length).toBeLessThan(10_000);
    const r = decodeSharePayload(bomb, 1_000_000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/more than 1000000 bytes/);
  });
});
