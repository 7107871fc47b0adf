/**
 * Vocabulary sizes follow the tokenizer. A Token input carries its tokenizer (95 printable characters by
 * default) while an Embedding defaults to 64 rows; `checkRunnable` (engine/compile/runnable.ts) reports a table too
 * small for the ids that reach it as an error. Here: a warning where the graph's one tokenizer and another
 * vocabulary-sized param disagree (a de-embedding scoring a different vocabulary), and the defaults that make
 * a newly added block agree from the start. Vocabulary-sized params are the ones blocks declare with the
 * `vocabulary` role; tokenizers are params of kind `tokenizer`.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { warning, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument, GraphNode } from '../../graph-schema/document.ts';
import { roleParam, tokenizerOf } from '../../graph-schema/param-roles.ts';

/** The size of the top level's tokenizer when there is exactly one, with the node carrying it. */
function onlyTokenizer(doc: GraphDocument, catalogue: Catalogue): { readonly node: string; readonly size: number } | null {
  const found = doc.nodes.flatMap((n) => {
    const block = n.block === undefined ? undefined : catalogue.get(n.block);
    const spec = tokenizerOf(block, block ? { ...defaults(block.params), ...n.params } : undefined);
    return spec ? [{ node: n.id, size: spec.vocab.length }] : [];
  });
  return found.length === 1 ? found[0]! : null;
}

const defaults = (params: Readonly<Record<string, { readonly default: unknown }>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(params).map(([name, spec]) => [name, spec.default]));

/** A node's vocabulary-sized param and its value (set or default), if its block declares one. */
function vocabularyOf(node: GraphNode, catalogue: Catalogue): { readonly param: string; readonly value: unknown } | null {
  const block = node.block === undefined ? undefined : catalogue.get(node.block);
  const param = roleParam(block, 'vocabulary');
  if (!block || param === undefined) return null;
  return { param, value: node.params && Object.hasOwn(node.params, param) ? node.params[param] : block.params[param]?.default };
}

/** Warnings where a vocabulary-sized param of the top level differs from the graph's one tokenizer. */
export function vocabularyWarnings(doc: GraphDocument, catalogue: Catalogue): Diagnostic[] {
  const tokenizer = onlyTokenizer(doc, catalogue);
  if (!tokenizer) return [];
  return doc.nodes.flatMap((node) => {
    const vocabulary = vocabularyOf(node, catalogue);
    if (!vocabulary || vocabulary.value === tokenizer.size || typeof vocabulary.value !== 'number') return [];
    return [
      warning('FW032', `${vocabulary.param} ${vocabulary.value} differs from the ${tokenizer.size} tokens of '${tokenizer.node}'`, {
        node: node.id,
        param: vocabulary.param,
        hint: `set ${vocabulary.param} to ${tokenizer.size}, the size of the tokenizer`,
      }),
    ];
  });
}

/** Params for a newly added block: its vocabulary-sized param follows the graph's tokenizer when there is exactly one. */
export function vocabularyDefaults(doc: GraphDocument, catalogue: Catalogue, blockId: string): Record<string, number> {
  const param = roleParam(catalogue.get(blockId), 'vocabulary');
  const tokenizer = onlyTokenizer(doc, catalogue);
  return param !== undefined && tokenizer ? { [param]: tokenizer.size } : {};
}
