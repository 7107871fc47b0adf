import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { CURRENT_VERSION } from '../../graph-schema/document.ts';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { MIGRATIONS, OLDEST_VERSION } from '../../graph-schema/migrate.ts';
import { parseDocument } from '../../graph-schema/parse.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('migrations', () => {
  it('has one up() step per version below the current one', () => {
    for (let v = OLDEST_VERSION; v < CURRENT_VERSION; v++) expect(MIGRATIONS[v], `step from ${v}`).toBeTypeOf('function');
  });

  it('brings the version-0 draft fixture to version 1', () => {
    const r = parseDocument(fixture('v0-draft.formwork.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const doc = r.value;
    expect(doc.version).toBe(1);
    expect(doc.meta?.title).toBe('A version-0 draft: one-hot lookup');
    expect(doc.nodes.map((n) => [n.id, n.block])).toEqual([
      ['tokens', 'TokenInput'],
      ['onehot', 'OneHot'],
      ['out', 'Output'],
    ]);
    expect(doc.edges[1]).toEqual({ from: { node: 'onehot', port: 'onehot' }, to: { node: 'out', port: 'x' } });
    expect(doc.layout?.nodes.onehot).toEqual({ x: 220, y: 0 });
    expect(analyzeGraph(doc, standardCatalogue()).ok).toBe(true);
  });
});
