/**
 * Inputs of the PyTorch training fixture (train_tiny_gpt_torch.py): tiny-gpt's seeded initial weights as
 * Formwork compiles them (learned weights only; the de-embedding is tied to embed.table), and the batches
 * Formwork's batcher draws from examples/corpora/workshop.txt with the fixture's settings.
 *
 * Run:  node --import tsx tests/golden/write-train-inputs.ts   (then /usr/bin/python3 tests/golden/train_tiny_gpt_torch.py)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { writeSafetensors } from '../../engine/io/safetensors.ts';
import { drawBatch, splitTokens } from '../../engine/train/batches.ts';
import { encodeCorpus, graphTokenizer } from '../../engine/train/corpus.ts';
import { learnedWeights } from '../../engine/train/model.ts';

/** The fixture's run: 50 AdamW steps, constant rate, no clipping, batch 4 × 32 tokens. */
export const TINY_GPT_TRAINING = {
  graph: 'examples/tiny-gpt.formwork.json',
  corpus: 'examples/corpora/workshop.txt',
  validationFraction: 0.1,
  seed: 1,
  steps: 50,
  batch: 4,
  length: 32,
  lr: 3e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.01,
} as const;

const root = new URL('../../', import.meta.url);
const here = new URL('./', import.meta.url);

function main(): void {
  const s = TINY_GPT_TRAINING;
  const doc = parseDocument(readFileSync(new URL(s.graph, root), 'utf8'));
  if (!doc.ok) throw new Error(JSON.stringify(doc.diagnostics));
  const compiled = compile(doc.value, standardCatalogue());
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const weights = new Map<string, Tensor>(learnedWeights(compiled.value.analysis).map((w) => [w.name, compiled.value.plan.weights.get(w.name)!.tensor]));
  writeFileSync(new URL('train-tiny-gpt.initial.safetensors', here), writeSafetensors(weights));

  const input = graphTokenizer(compiled.value.analysis);
  if (!input.ok) throw new Error(JSON.stringify(input.diagnostics));
  const tokens = encodeCorpus(input.value.tokenizer, readFileSync(new URL(s.corpus, root), 'utf8'));
  if (!tokens.ok) throw new Error(JSON.stringify(tokens.diagnostics));
  const { train } = splitTokens(tokens.value, s.validationFraction);
  const batches = Array.from({ length: s.steps }, (_, step) => {
    const b = drawBatch(train, s.batch, s.length, s.seed, step);
    return { inputs: Array.from(b.inputs), targets: Array.from(b.targets) };
  });
  writeFileSync(new URL('train-tiny-gpt.inputs.json', here), JSON.stringify({ ...s, batches }) + '\n');
  console.log(`wrote ${weights.size} weights and ${batches.length} batches of ${s.batch} × ${s.length} (${train.length} training tokens)`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
