/**
 * Turning text into model inputs: every graph input whose block accepts text is encoded with the
 * tokenizer that block carries. Used by the CLI, the run panel and generation.
 */
import { tokenizerOf } from '../../graph-schema/param-roles.ts';
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphAnalysis } from '../../graph-schema/infer.ts';
import { int64, type Tensor } from '../../graph-schema/tensor.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import type { Plan } from '../compile/plan.ts';
import { createTokenizer } from '../tokenizers/index.ts';
import type { Tokenizer } from '../tokenizers/types.ts';
import { own, setOwn } from '../../graph-schema/own.ts';

/** The tokenizer of each text input of a plan, by input name. */
export function tokenizersOf(plan: Plan, analysis: GraphAnalysis): Result<Map<string, Tokenizer>> {
  const out = new Map<string, Tokenizer>();
  for (const io of plan.inputs) {
    const info = analysis.top.byId.get(io.name);
    if (info?.block?.accepts !== 'text') continue;
    const spec = tokenizerOf(info.block, info.params);
    if (!spec) continue;
    const t = createTokenizer(spec);
    if (!t.ok) return fail(t.diagnostics.map((d) => ({ ...d, node: io.name })));
    out.set(io.name, t.value);
  }
  return ok(out);
}

/**
 * Encodes text for every text input. `texts` maps input names to text; `fallback` is used for
 * inputs not named there. Returns `[1, T]` id tensors.
 */
export function feedsFromText(
  tokenizers: ReadonlyMap<string, Tokenizer>,
  texts: Readonly<Record<string, string>>,
  fallback?: string,
): Result<Record<string, Tensor>> {
  const feeds: Record<string, Tensor> = {};
  const problems: Diagnostic[] = [];
  for (const [name, tokenizer] of tokenizers) {
    const text = own(texts, name) ?? fallback;
    if (text === undefined) {
      problems.push(error('FW051', `no text given for input '${name}'`, { node: name, hint: `pass --input ${name}="…"` }));
      continue;
    }
    const ids = tokenizer.encode(text);
    if (!ids.ok) {
      problems.push(...ids.diagnostics.map((d) => ({ ...d, node: name })));
      continue;
    }
    if (ids.value.length === 0) {
      problems.push(error('FW051', `the text for '${name}' gives no tokens`, { node: name }));
      continue;
    }
    setOwn(feeds, name, int64([1, ids.value.length], ids.value));
  }
  return problems.length > 0 ? fail(problems) : ok(feeds);
}
