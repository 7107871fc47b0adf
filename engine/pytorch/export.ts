/**
 * `formwork export FILE --format pytorch -o DIR` (and the editor's Export ▸ PyTorch zip): a
 * self-contained model.py (torch only), the weights as model.safetensors under Formwork's names,
 * and train.py for torchrun. Pure: returns the files; the caller writes or zips them.
 */
import { roleValue, tokenizerOf } from '../../graph-schema/param-roles.ts';
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import type { Compiled } from '../compile/compile.ts';
import { writeSafetensors } from '../io/safetensors.ts';
import { emitModelPy } from './emit-model.ts';
import { TRAIN_PY } from './train-py.ts';

/** A JSON value as a Python expression (through json.loads, so true/false/null stay right). */
const pythonJson = (value: unknown): string => `json.loads(${JSON.stringify(JSON.stringify(value))})`;

function footer(compiled: Compiled): string {
  const { plan, analysis } = compiled;
  const tokenizers: Record<string, TokenizerSpec> = {};
  const contexts: number[] = [];
  for (const io of plan.inputs) {
    const info = analysis.top.byId.get(io.name);
    if (info?.block?.accepts !== 'text') continue;
    const spec = tokenizerOf(info.block, info.params);
    if (spec) tokenizers[io.name] = spec;
    const context = roleValue(info.block, info.params, 'context');
    if (typeof context === 'number') contexts.push(context);
  }
  const inputs = Object.fromEntries(plan.inputs.map((io) => [io.name, { dtype: io.dtype, shape: io.shape }]));
  return `
# What the graph takes and gives, and its tokenizers (Formwork's specs).
INPUTS = ${pythonJson(inputs)}
OUTPUTS = ${pythonJson(plan.outputs.map((io) => io.name))}
TOKENIZERS = ${pythonJson(tokenizers)}
CONTEXT = ${contexts.length > 0 ? Math.min(...contexts) : 64}


def load_model(directory=HERE):
    """Model() with the weights from model.safetensors (Formwork's names are the state-dict names)."""
    model = Model()
    model.load_state_dict(read_safetensors(Path(directory) / "model.safetensors"))
    return model


_WORDS = __import__("re").compile(r"[^\\W_]+(?:['\\u2019][^\\W_]+)*|[^\\s\\w]|_")


def encode(text, input_name):
    """Token ids of text with the graph's char or word tokenizer; pieces not in the vocabulary are skipped
    (or mapped to its unknown token)."""
    spec = TOKENIZERS[input_name]
    if spec.get("lowercase"):
        text = text.lower()
    if spec["kind"] == "char":
        pieces = list(text)
    elif spec["kind"] == "word":
        pieces = _WORDS.findall(text)
    else:
        raise ValueError(f"encode() knows char and word tokenizers; this input uses {spec['kind']}")
    index = {piece: i for i, piece in enumerate(spec["vocab"])}
    unknown = index.get(spec.get("unknown"))
    return [index.get(p, unknown) for p in pieces if p in index or unknown is not None]
`;
}

/** The exported files by name: model.py, model.safetensors, train.py. */
export function exportPytorch(compiled: Compiled, doc: GraphDocument): Result<Map<string, string | Uint8Array>> {
  if (compiled.plan.incremental) return fail([error('FW070', 'the PyTorch export takes a full (non-incremental) plan')]);
  const parts = emitModelPy(compiled.plan, doc);
  const model = parts.classes + footer(compiled) + parts.constants + '\n';
  const missing = model.match(/<missing [^>]*>/);
  if (missing) return fail([error('FW070', `PyTorch export: ${missing[0]} — a value the generated code cannot reach`, { hint: 'please report this graph' })]);
  const weights = new Map([...compiled.plan.weights].map(([name, w]) => [name, w.tensor]));
  return ok(
    new Map<string, string | Uint8Array>([
      ['model.py', model],
      ['model.safetensors', writeSafetensors(weights)],
      ['train.py', TRAIN_PY],
    ]),
  );
}
