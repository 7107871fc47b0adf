/**
 * Vocabulary sizes must follow the tokenizer. A Token input carries its tokenizer (95 printable
 * characters by default) while an Embedding defaults to 64 rows, so a graph could look valid and
 * then fail at run time with an out-of-range Gather. This check reports it at edit time, on the
 * `vocab_size` parameter of the block that would fail, and `vocabularyDefaults` fills in the
 * tokenizer's size when such a block is added. Generic over the catalogue: a tokenizer is any
 * param of kind `tokenizer`, a vocabulary size any int param named `vocab_size`.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, warning, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument, GraphNode } from '../../graph-schema/document.ts';

const VOCAB_PARAM = 'vocab_size';

/** The number of token ids a node's tokenizer produces, if the node has one. */
function tokenizerSize(node: GraphNode, catalogue: Catalogue): number | null {
  const block = node.block !== undefined ? catalogue.get(node.block) : undefined;
  if (!block) return null;
  for (const [name, spec] of Object.entries(block.params)) {
    if (spec.kind !== 'tokenizer') continue;
    const value = node.params && Object.hasOwn(node.params, name) ? node.params[name] : spec.default;
    const vocab = (value as { vocab?: unknown } | null)?.vocab;
    return Array.isArray(vocab) ? vocab.length : null;
  }
  return null;
}

/** A node's `vocab_size` (its value or the block default), if its block has that int param. */
function vocabSize(node: GraphNode, catalogue: Catalogue): number | null {
  const block = node.block !== undefined ? catalogue.get(node.block) : undefined;
  const spec = block && Object.hasOwn(block.params, VOCAB_PARAM) ? block.params[VOCAB_PARAM] : undefined;
  if (spec?.kind !== 'int') return null;
  const value = node.params && Object.hasOwn(node.params, VOCAB_PARAM) ? node.params[VOCAB_PARAM] : spec.default;
  return typeof value === 'number' ? value : null;
}

/**
 * Top-level problems between tokenizers and vocabulary sizes: an error where a block takes ids
 * straight from a tokenizer with more tokens than it has rows, and a warning where the only
 * tokenizer's size differs from another block's `vocab_size` (its outputs would not map to tokens).
 */
export function vocabularyDiagnostics(doc: GraphDocument, catalogue: Catalogue): Diagnostic[] {
  const sizes = new Map<string, number>();
  for (const node of doc.nodes) {
    const size = tokenizerSize(node, catalogue);
    if (size !== null) sizes.set(node.id, size);
  }
  if (sizes.size === 0) return [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const out: Diagnostic[] = [];
  const direct = new Set<string>();
  for (const edge of doc.edges) {
    const size = sizes.get(edge.from.node);
    const target = byId.get(edge.to.node);
    if (size === undefined || !target) continue;
    const rows = vocabSize(target, catalogue);
    if (rows === null) continue;
    direct.add(target.id);
    if (rows < size)
      out.push(
        error('FW032', `vocab_size ${rows} is smaller than the ${size} tokens of '${edge.from.node}': token ids ${rows}…${size - 1} would be out of range`, {
          node: target.id,
          param: VOCAB_PARAM,
          hint: `set vocab_size to ${size}, the size of the tokenizer`,
        }),
      );
  }
  if (sizes.size === 1) {
    const [source, size] = [...sizes][0]!;
    for (const node of doc.nodes) {
      if (direct.has(node.id)) continue;
      const rows = vocabSize(node, catalogue);
      if (rows !== null && rows !== size)
        out.push(
          warning('FW032', `vocab_size ${rows} differs from the ${size} tokens of '${source}': ids it produces would not map to tokens`, {
            node: node.id,
            param: VOCAB_PARAM,
            hint: `set vocab_size to ${size}`,
          }),
        );
    }
  }
  return out;
}

/** Params for a newly added block: `vocab_size` follows the graph's tokenizer when there is exactly one. */
export function vocabularyDefaults(doc: GraphDocument, catalogue: Catalogue, blockId: string): Record<string, number> {
  const block = catalogue.get(blockId);
  if (!block || !Object.hasOwn(block.params, VOCAB_PARAM) || block.params[VOCAB_PARAM]?.kind !== 'int') return {};
  const sizes = new Set<number>();
  for (const node of doc.nodes) {
    const size = tokenizerSize(node, catalogue);
    if (size !== null) sizes.add(size);
  }
  return sizes.size === 1 ? { [VOCAB_PARAM]: [...sizes][0]! } : {};
}
