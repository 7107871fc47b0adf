/**
 * Giving a text input a new tokenizer as one edit: the tokenizer goes into the input's tokenizer param, and
 * every param that must equal the vocabulary size (declared by its block as the `vocabulary` role: One-hot
 * depth, Embedding and De-embedding vocab_size), in the top level and in every subgraph, follows it — so a
 * retokenized graph stays consistent instead of failing at run time with an index out of range.
 */
import type { Catalogue } from './catalogue.ts';
import type { GraphDocument, GraphNode } from './document.ts';
import { roleParam, tokenizerParam } from './param-roles.ts';
import type { TokenizerSpec } from './tokenizer-spec.ts';

/** `doc` with `spec` as the tokenizer of the text inputs `inputIds` and every vocabulary-sized param set to its size. */
export function setTokenizer(doc: GraphDocument, catalogue: Catalogue, inputIds: ReadonlySet<string>, spec: TokenizerSpec): GraphDocument {
  const size = spec.vocab.length;
  const update = (node: GraphNode): GraphNode => {
    const block = node.block === undefined ? undefined : catalogue.get(node.block);
    const tokenizer = inputIds.has(node.id) ? tokenizerParam(block) : undefined;
    const vocabulary = roleParam(block, 'vocabulary');
    if (tokenizer === undefined && vocabulary === undefined) return node;
    return {
      ...node,
      params: { ...node.params, ...(tokenizer !== undefined ? { [tokenizer]: spec } : {}), ...(vocabulary !== undefined ? { [vocabulary]: size } : {}) },
    };
  };
  const subgraphs = doc.subgraphs && Object.fromEntries(Object.entries(doc.subgraphs).map(([name, body]) => [name, { ...body, nodes: body.nodes.map(update) }]));
  return { ...doc, nodes: doc.nodes.map(update), ...(subgraphs ? { subgraphs } : {}) };
}
