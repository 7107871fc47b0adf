/**
 * Per-block migrations: a block that renamed and rescaled a param at version 2 loads a file saved with
 * version 1 through its own migration — in the analysis, the compiler and the editor store — and a node
 * saved by a newer Formwork is a coded diagnostic. Every block of the standard catalogue has a migration
 * for each of its older versions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineBlock } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { createCatalogue } from '../../graph-schema/catalogue.ts';
import { addNode } from '../../graph-schema/edits.ts';
import { emptyDocument } from '../../graph-schema/document.ts';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { migrateBlocks } from '../../graph-schema/migrate-blocks.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';

/** Version 1 had `factor` as a percentage; version 2 calls it `scale` and takes a plain ratio. */
const Amplify = defineBlock({
  id: 'Amplify',
  version: 2,
  migrations: { 1: ({ factor, ...rest }) => ({ ...rest, ...(typeof factor === 'number' ? { scale: factor / 100 } : {}) }) },
  title: 'Amplify',
  category: 'math',
  summary: 'test block: multiplies by a constant',
  doc: 'Multiplies its input by a constant; exists only to test per-block migrations of saved documents across versions.',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['...'], doc: 'input' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['...'], doc: 'scaled input' }],
  params: { scale: { kind: 'float', default: 1, min: -1e6, max: 1e6, help: 'the factor' } },
  lower: (b, { inputs, params }) => ({ y: b.op('Mul', [inputs.x!, b.constant({ dtype: 'float32', shape: [], data: Float32Array.of(params.scale) })], {}) }),
});

const catalogue = createCatalogue([...STANDARD_BLOCKS, Amplify]);
const fixture = () => {
  const parsed = parseDocument(readFileSync(new URL('../fixtures/block-amplify-v1.formwork.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
};

describe('per-block migrations', () => {
  it('a version-1 node (no version field) comes out at version 2 with the renamed, rescaled param', () => {
    const { doc, diagnostics } = migrateBlocks(fixture(), catalogue);
    expect(diagnostics).toEqual([]);
    const node = doc.nodes.find((n) => n.id === 'amp')!;
    expect(node).toMatchObject({ version: 2, params: { scale: 2.5 } });
    expect(node.params).not.toHaveProperty('factor');
    const inside = doc.subgraphs!['wrap']!.nodes.find((n) => n.id === 'inner')!;
    expect(inside).toMatchObject({ version: 2, params: { scale: 0.5 } });
  });

  it('the analysis and the editor store see the migrated params; unmigrated they would be an unknown param', () => {
    expect(analyzeGraph(fixture(), catalogue).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const store = createEditorStore(catalogue, fixture());
    expect(store.getState().doc.nodes.find((n) => n.id === 'amp')).toMatchObject({ version: 2, params: { scale: 2.5 } });
    const v1Catalogue = createCatalogue([...STANDARD_BLOCKS, { ...Amplify, version: 1, migrations: undefined }]);
    const asIs = analyzeGraph({ ...fixture(), nodes: fixture().nodes.map((n) => (n.id === 'amp' ? { ...n, params: { factor: 1 } } : n)) }, catalogue);
    expect(asIs.ok).toBe(true); // `factor` is migrated away, so it is never seen as unknown
    expect(analyzeGraph(fixture(), v1Catalogue).diagnostics.some((d) => d.code === 'FW021')).toBe(true);
  });

  it('a node saved by a newer Formwork is FW022 on that node, not a guess', () => {
    const doc = fixture();
    const newer = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'amp' ? { ...n, version: 3 } : n)) };
    const analysis = analyzeGraph(newer, catalogue);
    expect(analysis.ok).toBe(false);
    expect(analysis.diagnostics[0]).toMatchObject({ code: 'FW022', node: 'amp', path: 'nodes[1].version' });
  });

  it('new nodes record the version of blocks past 1, and nodes of version-1 blocks stay as they were', () => {
    const added = addNode(emptyDocument('t'), catalogue, null, 'Amplify', { x: 0, y: 0 });
    expect(added.doc.nodes[0]).toMatchObject({ block: 'Amplify', version: 2 });
    const plain = addNode(emptyDocument('t'), catalogue, null, 'LayerNorm', { x: 0, y: 0 });
    expect(plain.doc.nodes[0]).not.toHaveProperty('version');
  });

  it.each(STANDARD_BLOCKS.map((b) => [b.id, b] as const))('%s has a migration from every older version', (_id, block) => {
    for (let v = 1; v < block.version; v++) expect(typeof block.migrations?.[v], `${block.id} from ${v}`).toBe('function');
  });
});
