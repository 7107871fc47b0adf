/**
 * Shared test fixtures: a catalogue of the standard blocks plus a float source block, so tests
 * can build float graphs whatever blocks the standard catalogue has today.
 */
import { defineBlock } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { createCatalogue } from '../../graph-schema/catalogue.ts';
import { emptyDocument, type GraphDocument } from '../../graph-schema/document.ts';
import { addNode, connect, type Scope } from '../../graph-schema/edits.ts';

/** `[B, T, features]` float32 from nowhere: a test-only input block. */
export const TestFeatures = defineBlock({
  id: 'TestFeatures',
  version: 1,
  title: 'Test features',
  category: 'input',
  role: 'input',
  summary: 'Float features for tests.',
  doc: 'Test-only block.',
  inputs: [],
  outputs: [{ name: 'out', dtype: 'float32', shape: ['B', 'T', 'features'], doc: 'features' }],
  params: { features: { kind: 'int', default: 32, min: 1, max: 4096, help: 'feature size' } },
  lower: (b) => ({ out: b.graphInput('float32', ['B', 'T', 8]) }),
});

export const catalogue = createCatalogue([...STANDARD_BLOCKS.filter((b) => b.id !== 'TestFeatures'), TestFeatures]);

/** Adds a node and returns [doc, id]. */
export function add(doc: GraphDocument, block: string, x = 0, y = 0, scope: Scope = null, id?: string): [GraphDocument, string] {
  const r = addNode(doc, catalogue, scope, block, { x, y }, id ? { id } : {});
  return [r.doc, r.id];
}

/** Connects or fails the test. */
export function wire(doc: GraphDocument, from: string, fromPort: string, to: string, toPort: string, scope: Scope = null): GraphDocument {
  const r = connect(doc, catalogue, { node: from, port: fromPort }, { node: to, port: toPort }, { scope });
  if (!r.ok) throw new Error(r.reason);
  return r.doc;
}

/** features(32) → linear(16) → softmax → output */
export function smallChain(): GraphDocument {
  let doc = emptyDocument('chain');
  let src, lin, sm, out;
  [doc, src] = add(doc, 'TestFeatures', 0, 0, null, 'src');
  [doc, lin] = add(doc, 'Linear', 250, 0, null, 'lin');
  [doc, sm] = add(doc, 'Softmax', 500, 0, null, 'sm');
  [doc, out] = add(doc, 'Output', 750, 0, null, 'probs');
  doc = wire(doc, src, 'out', lin, 'x');
  doc = wire(doc, lin, 'y', sm, 'x');
  doc = wire(doc, sm, 'probs', out, 'x');
  return doc;
}
