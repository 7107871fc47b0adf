/**
 * How the tour's steps 9–16 get their weights: each template, from its own seeded initialisation, trained on
 * the prefixes of the battery corpus (engine/train/prefixes.ts) with fixed settings. The embedding table
 * starts at ×EMBED_SCALE its seeded values so the words are not swamped by the positional encoding (its rows
 * have norm √(d/2) ≈ 2.8, the seeded embedding's ≈ 0.08). Shared by `npm run train-tour` and the tests.
 */
import { readFileSync } from 'node:fs';
import { standardCatalogue } from '../graph-schema/blocks/index.ts';
import { formatDiagnostic, type Result } from '../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../graph-schema/document.ts';
import { parseDocument } from '../graph-schema/parse.ts';
import { parseCorpus } from '../engine/fit/corpus.ts';
import { shortestFloat32 } from '../engine/fit/to-graph.ts';
import { createPlanModel } from '../engine/train/plan-model.ts';
import { prefixLoss, trainOnPrefixes, type PrefixTrainSettings, type WeightedSentence } from '../engine/train/prefixes.ts';
import { withInlineWeights } from '../engine/train/save.ts';
import { DEFAULT_OPTIMIZERS } from '../engine/train/optimizers.ts';
import { createTokenizer } from '../engine/tokenizers/index.ts';
import type { TokenizerSpec } from '../graph-schema/tokenizer-spec.ts';

export const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
/** The steps trained here and the corpus they learn. */
export const TRAINED_STEPS = [9, 10, 11, 12, 13, 14, 15, 16] as const;
export const CORPUS = 'battery.txt';
/** Factor on the seeded embedding table before training. */
export const EMBED_SCALE = 20;
export const SETTINGS: PrefixTrainSettings = { steps: 300, lr: 0.01, optimizer: DEFAULT_OPTIMIZERS.adamw, clip: 1 };

const must = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
};

/** The template file of a tour step. */
export function tourPath(step: number, files: readonly string[]): string {
  const prefix = `tour-${String(step).padStart(2, '0')}-`;
  const file = files.find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no template for step ${step}`);
  return EXAMPLES + file;
}

/** The corpus sentences as ids of the document's word tokenizer. */
export function sentencesFor(doc: GraphDocument, corpusText: string): WeightedSentence[] {
  const spec = doc.nodes.find((n) => n.block === 'TokenInput')!.params!.tokenizer as TokenizerSpec;
  const tokenizer = must(createTokenizer(spec));
  return must(parseCorpus(corpusText)).map((line) => ({ weight: line.weight, ids: must(tokenizer.encode(line.words.join(' '))) }));
}

/** What was trained, for the end of meta.description (replaced on every run). */
const TRAINED_NOTE = /\s*Trained: .*$/s;
function trainedNote(before: number, after: number, settings: PrefixTrainSettings): string {
  return (
    ` Trained: \`npm run train-tour\` learned these weights from the seeded start (embedding ×${EMBED_SCALE}, so the words are not drowned by position) ` +
    `on every prefix of corpora/${CORPUS} (40 × "check whether the battery ran down please", 60 × "check whether the program ran please"), ` +
    `predicting only the word after each prefix, with ${settings.steps} AdamW updates (lr ${settings.lr}, weight decay ${settings.optimizer.weightDecay}, clip ${settings.clip}): ` +
    `loss ${before.toFixed(2)} → ${after.toFixed(2)} nats.`
  );
}


/** The document with weights trained from its seeded start, and the losses before and after. */
export function trainTourDoc(doc: GraphDocument, corpusText: string, settings: PrefixTrainSettings = SETTINGS): { doc: GraphDocument; lossBefore: number; lossAfter: number } {
  const start: GraphDocument = { ...doc, weights: {} };
  const model = must(createPlanModel(start, standardCatalogue()));
  const sentences = sentencesFor(doc, corpusText);
  for (const [name, p] of model.parameters) if (/(^|\.)embed\.table$/.test(name)) for (let i = 0; i < p.length; i++) p[i] = p[i]! * EMBED_SCALE;
  const lossBefore = prefixLoss(model, sentences);
  const { lossAfter } = trainOnPrefixes(model, sentences, settings);
  const trained = withInlineWeights(start, model);
  const weights = Object.fromEntries(Object.entries(trained.weights ?? {}).map(([name, w]) => [name, { ...w, data: (w.data as number[]).map(shortestFloat32) }]));
  const meta = { ...doc.meta, description: (doc.meta?.description ?? '').replace(TRAINED_NOTE, '') + trainedNote(lossBefore, lossAfter, settings) };
  return { doc: { ...trained, meta, weights }, lossBefore, lossAfter };
}

/** Reads a template. */
export function readTemplate(path: string): GraphDocument {
  return must(parseDocument(readFileSync(path, 'utf8')));
}
