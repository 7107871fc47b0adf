/**
 * Reading the params other parts of Formwork act on — a text input's tokenizer and context, an interface
 * block's port name, the vocabulary-sized params — through what each block declares (`roles`, or a param of
 * kind `tokenizer`), never by a param name written outside the block files.
 */
import type { AnyBlock, ParamRoles } from './block.ts';
import type { Catalogue } from './catalogue.ts';
import type { GraphDocument } from './document.ts';
import type { GraphAnalysis } from './infer.ts';
import type { TokenizerSpec } from './tokenizer-spec.ts';

type Params = Readonly<Record<string, unknown>> | undefined;

/** The name of the param `block` gives `role`, if any. */
export function roleParam(block: AnyBlock | undefined, role: keyof ParamRoles): string | undefined {
  return block?.roles?.[role];
}

/** The value of `block`'s `role` param in `params`, when the block has that role and the value is set. */
export function roleValue(block: AnyBlock | undefined, params: Params, role: keyof ParamRoles): unknown {
  const name = roleParam(block, role);
  return name !== undefined && params !== undefined && Object.hasOwn(params, name) ? params[name] : undefined;
}

/** The name of `block`'s tokenizer param (kind `tokenizer`), if it has one. */
export function tokenizerParam(block: AnyBlock | undefined): string | undefined {
  return block ? Object.entries(block.params).find(([, spec]) => spec.kind === 'tokenizer')?.[0] : undefined;
}

/** The tokenizer in `params` of a `block` that carries one (resolved params: defaults filled in). */
export function tokenizerOf(block: AnyBlock | undefined, params: Params): TokenizerSpec | undefined {
  const name = tokenizerParam(block);
  return name !== undefined && params !== undefined && Object.hasOwn(params, name) ? (params[name] as TokenizerSpec) : undefined;
}

/** The context length of the first input block that declares one, in an analysed graph. */
export function contextLength(analysis: GraphAnalysis): number | undefined {
  for (const n of analysis.top.order) {
    const context = roleValue(n.block, n.params, 'context');
    if (typeof context === 'number') return context;
  }
  return undefined;
}

/** The first tokenizer a node of `doc`'s top level carries (as written in the document). */
export function documentTokenizer(doc: GraphDocument, catalogue: Catalogue): TokenizerSpec | undefined {
  for (const n of doc.nodes) {
    const spec = tokenizerOf(n.block === undefined ? undefined : catalogue.get(n.block), n.params);
    if (spec) return spec;
  }
  return undefined;
}
