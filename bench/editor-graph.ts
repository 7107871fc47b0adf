/**
 * A generated graph for editor benchmarks: token input and embedding, then a long chain of
 * pre-norm residual feed-forward layers (LayerNorm → FeedForward → Add), laid out on a grid, until
 * the graph has the number of nodes asked for.
 */
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import { emptyDocument, type GraphDocument } from '../graph-schema/document.ts';
import { addNode, connect, type Point } from '../graph-schema/edits.ts';

const catalogue = standardCatalogue();
const COLUMN = 300;
const ROW = 180;
const PER_ROW = 24;

/** A valid graph of about `size` nodes with positions (no auto-layout needed). */
export function generateEditorGraph(size: number): GraphDocument {
  let doc = emptyDocument(`Bench ${size}`);
  let index = 0;
  const place = (): Point => {
    const i = index++;
    return { x: (i % PER_ROW) * COLUMN, y: Math.floor(i / PER_ROW) * ROW * 2 + (i % 2) * ROW };
  };
  const add = (block: string, params?: Record<string, number>): string => {
    const r = addNode(doc, catalogue, null, block, place(), params ? { params } : {});
    doc = r.doc;
    return r.id;
  };
  const wire = (from: string, fromPort: string, to: string, toPort: string) => {
    const r = connect(doc, catalogue, { node: from, port: fromPort }, { node: to, port: toPort }, { typeOf: () => undefined });
    if (!r.ok) throw new Error(r.reason);
    doc = r.doc;
  };
  const tokens = add('TokenInput');
  const embed = add('Embedding', { vocab_size: 95 }); // the Token input's default tokenizer: 95 printable characters
  wire(tokens, 'ids', embed, 'ids');
  let stream = { node: embed, port: 'embedded' };
  while (doc.nodes.length + 3 <= size - 1) {
    const norm = add('LayerNorm');
    const ff = add('FeedForward');
    const sum = add('Add');
    wire(stream.node, stream.port, norm, 'x');
    wire(norm, 'y', ff, 'x');
    wire(stream.node, stream.port, sum, 'a');
    wire(ff, 'y', sum, 'b');
    stream = { node: sum, port: 'sum' };
  }
  while (doc.nodes.length < size - 1) {
    const norm = add('LayerNorm');
    wire(stream.node, stream.port, norm, 'x');
    stream = { node: norm, port: 'y' };
  }
  const out = add('Output');
  wire(stream.node, stream.port, out, 'x');
  return doc;
}
