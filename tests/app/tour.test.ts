/**
 * The seed tour, headless: 20 steps in order, shown in order in the templates gallery, and a non-empty
 * "what changed" summary from step 2 on.
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../app/files/templates.ts';
import { addedMarkKeys, summarizeDiff, TOUR, tourDiff, tourIndexOf } from '../../app/tour/tour.ts';

describe('tour', () => {
  it('has the 20 steps in order, each titled "N · …" with a description', () => {
    expect(TOUR).toHaveLength(20);
    TOUR.forEach((t, i) => {
      expect(t.doc).not.toBeNull();
      expect(t.title.startsWith(`${i + 1} · `)).toBe(true);
      expect(t.description.length).toBeGreaterThan(20);
      expect(tourIndexOf(t.doc!)).toBe(i);
    });
  });

  it('the gallery lists the tour in order, after the default example', () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(ids[0]).toBe('tiny-gpt');
    const tour = ids.filter((id) => id.startsWith('tour-'));
    expect(tour).toEqual(TOUR.map((t) => t.id));
    const first = ids.indexOf(tour[0]!);
    expect(ids.slice(first, first + 20)).toEqual(tour);
  });

  it('summarises what changed from the previous step', () => {
    expect(tourDiff(0)).toBeNull();
    for (let i = 1; i < TOUR.length; i++) expect(summarizeDiff(tourDiff(i)!).length, TOUR[i]!.id).toBeGreaterThan(0);
    expect(summarizeDiff(tourDiff(12)!).map((l) => l.text)).toEqual(['attn: causal false → true']);
    const step10 = summarizeDiff(tourDiff(9)!).map((l) => l.text);
    expect(step10[0]).toBe('added pos');
    expect(step10).toContain('connected embed.embedded → pos.x; pos.y → attend.x; pos.y → attn_skip.b');
    const step16 = summarizeDiff(tourDiff(15)!);
    expect(step16.find((l) => l.kind === 'subgraph')?.text).toBe('new subgraph decoder_layer');
    expect(step16[0]?.text).toMatch(/^added decoder, decoder_layer\/attn/);
  });

  it('marks added nodes, and the instances of a subgraph that gained nodes', () => {
    const keys = addedMarkKeys(TOUR[17]!.doc!, tourDiff(17)!);
    expect(keys).toEqual(expect.arrayContaining(['decoder_layer/cross_attn', 'decoder']));
    expect(addedMarkKeys(TOUR[9]!.doc!, tourDiff(9)!)).toEqual(['pos']);
  });

  it('documents outside the tour are not steps', () => {
    expect(tourIndexOf(TEMPLATES.find((t) => t.id === 'tiny-gpt')!.doc!)).toBe(-1);
  });
});
