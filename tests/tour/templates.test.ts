/**
 * The twenty tour templates as a whole: numbered and documented, each one parses, validates,
 * compiles and runs (text through its own tokenizer, audio from a generated sine WAV), its outputs
 * and key intermediates have the article's shapes, and each differs from the one before by a small,
 * non-empty diff.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { analyzeGraph } from '../../graph-schema/infer.ts';
import { diffDocuments, isEmptyDiff, type DocumentDiff } from '../../graph-schema/diff.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { TokenizerSpec } from '../../graph-schema/tokenizer-spec.ts';
import { encodeWav, frameCount } from '../../engine/audio/index.ts';
import { audioFrontendsOf, feedsFromWav } from '../../engine/run/audio-feeds.ts';
import type { Compiled } from '../../engine/compile/compile.ts';
import { createSession, type Session } from '../../engine/run/session.ts';
import { createPlanModel } from '../../engine/train/plan-model.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';
import { createTokenizer } from '../../engine/tokenizers/index.ts';
import { compileExample, rows, unwrap } from '../examples/helpers.ts';
import { loadTour, tourFile, tourFiles, vocabOf } from './helpers.ts';

const STEPS = Array.from({ length: 20 }, (_, i) => i + 1);
const LONG = 'check the battery log and find out whether it ran';

/** Text for each step's token inputs. */
function textsFor(step: number): Record<string, string> {
  if (step <= 2) return { words: 'show me my files' };
  if (step === 3) return { words: 'check whether the battery ran' };
  if (step >= 19) return { words: 'Check the battery', source: 'Check the program log' };
  return { words: LONG, source: 'check the program log' };
}

/** A 0.25 s, 440 Hz sine at 16 kHz. */
const SINE = encodeWav(Array.from({ length: 4000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16_000)), 16_000);

/** Runs a compiled template on its sample inputs; `lengths` gives the length of each input's sequence. */
function runStep(compiled: Compiled, texts: Record<string, string>): { outputs: Record<string, Tensor>; session: Session; lengths: Record<string, number> } {
  const tokenizers = unwrap(tokenizersOf(compiled.plan, compiled.analysis));
  const feeds = { ...unwrap(feedsFromText(tokenizers, texts)), ...unwrap(feedsFromWav(unwrap(audioFrontendsOf(compiled.plan, compiled.analysis)), {}, SINE)) };
  const session = unwrap(createSession(compiled.plan, feeds));
  const outputs = unwrap(session.run());
  const lengths = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, t.shape[1]!]));
  return { outputs, session, lengths };
}

type Lengths = { T: number; S: number; F: number };
/** Output shapes per step, from the lengths of the text (T), the source (S) and the audio frames (F). */
const OUTPUTS: Record<number, (n: Lengths) => Record<string, number[]>> = {
  1: ({ T }) => ({ one_hot_rows: [1, T, 7], looked_up: [1, T, 3] }),
  2: ({ T }) => ({ next_word: [1, T, 7] }),
  3: ({ T }) => ({ first_order_next: [1, T, 8], next_word: [1, T, 8] }),
  4: ({ T }) => ({ next_word: [1, T, 13], votes: [1, T, 13] }),
  5: ({ T }) => ({ votes: [1, T, 13] }),
  6: ({ T }) => ({ attended: [1, T, 13] }),
  7: ({ T }) => ({ attended: [1, T, 13], next_word: [1, T, 13] }),
  8: ({ T }) => ({ next_word: [1, T, 13], next_id: [1, T] }),
  9: ({ T }) => ({ next_word: [1, T, 13], next_id: [1, T] }),
  10: ({ T }) => ({ next_word: [1, T, 13], next_id: [1, T] }),
  17: ({ T, S }) => ({ encoded: [1, S, 16], probs: [1, T, 13], next_id: [1, T] }),
  19: ({ T }) => ({ probs: [1, T, 288], next_id: [1, T] }),
  20: ({ T }) => ({ probs: [1, T, 288], next_id: [1, T] }),
};
const outputsOf = (step: number) => OUTPUTS[step] ?? (({ T }: Lengths) => ({ probs: [1, T, 13], next_id: [1, T] }));

/** Intermediates with the shapes the article describes (n × d_model rows, attention patterns). */
const INTERMEDIATES: Record<number, (n: Lengths) => Array<[node: string, name: string, shape: number[]]>> = {
  9: ({ T }) => [['embed', 'embedded', [1, T, 16]]],
  10: ({ T }) => [['pos', 'encoding', [T, 16]]],
  12: ({ T }) => [['attn', 'pattern', [1, 4, T, T]]],
  16: ({ T }) => [['decoder.0.attn', 'pattern', [1, 4, T, T]], ['decoder.1.ff_norm', 'y', [1, T, 16]]],
  17: ({ S }) => [['encoder.1.attn', 'pattern', [1, 4, S, S]]],
  18: ({ T, S }) => [['decoder.1.cross_attn', 'pattern', [1, 4, T, S]]],
  20: ({ T, F }) => [['encoder.0.attn', 'pattern', [1, 4, F, F]], ['decoder.0.cross_attn', 'pattern', [1, 4, T, F]], ['frame_proj', 'y', [1, F, 16]]],
};

/** A sentence ends at . ! or ? followed by a space or the end. */
/** Steps whose weights `npm run train-tour` writes. */
const isTrained = (step: number) => (step >= 9 && step <= 16) || step === 18;

const sentences = (text: string): number => text.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length;

describe('tour templates', () => {
  it('are twenty files, numbered 01 to 20', () => {
    expect(tourFiles().map((f) => f.slice(0, 8))).toEqual(STEPS.map((s) => `tour-${String(s).padStart(2, '0')}-`));
  });

  for (const step of STEPS) {
    describe(tourFile(step), () => {
      it('is titled "N · …" and described in 2–4 sentences', () => {
        const doc = loadTour(step);
        expect(doc.meta?.title).toMatch(new RegExp(`^${step} · \\S`));
        const [told, trained] = doc.meta!.description!.split(/ (?=Trained: )/);
        const count = sentences(told!);
        // Steps 9–16 and 18 end with one sentence saying what their weights were trained on (scripts/train-tour.ts).
        if (isTrained(step)) expect(trained === undefined ? 0 : sentences(trained)).toBe(1);
        else expect(trained).toBeUndefined();
        expect(count).toBeGreaterThanOrEqual(2);
        expect(count).toBeLessThanOrEqual(4);
      });

      it('validates, compiles, runs, and has the article\'s shapes', () => {
        const doc = loadTour(step);
        expect(analyzeGraph(doc, standardCatalogue()).diagnostics).toEqual([]);
        const compiled = compileExample(tourFile(step));
        const { outputs, session, lengths } = runStep(compiled, textsFor(step));
        const n: Lengths = { T: lengths.words!, S: lengths.source ?? 0, F: lengths.audio ?? 0 };
        const shapes = Object.fromEntries(Object.entries(outputs).map(([k, t]) => [k, [...t.shape]]));
        expect(shapes).toEqual(outputsOf(step)(n));
        for (const [node, name, shape] of INTERMEDIATES[step]?.(n) ?? []) {
          const run = session.blockRun(node)!;
          expect([...(run.intermediates[name] ?? run.outputs[name])!.shape], `${node} ${name}`).toEqual(shape);
        }
        for (const t of Object.values(outputs)) expect(t.data.every((v) => Number.isFinite(v))).toBe(true);
        if (outputs.probs) for (const row of rows(outputs.probs)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      });

      const how = step <= 8 ? 'gives every weight by hand or by fitting' : isTrained(step) ? 'ships every learned weight, trained' : 'uses the seeded initialisation';
      it(how, () => {
        const { plan } = compileExample(tourFile(step));
        const given = Object.keys(loadTour(step).weights ?? {}).sort();
        if (step <= 8) expect(given).toEqual([...plan.weights.keys()].sort());
        else if (isTrained(step)) expect(given).toEqual([...unwrap(createPlanModel(loadTour(step), standardCatalogue(), step === 18 ? { sourceInput: 'source' } : {})).parameters.keys()].sort());
        else expect(given).toEqual([]);
      });
    });
  }

  it('each step is a small, non-empty change of the one before', () => {
    const sizes: number[] = [];
    for (const step of STEPS.slice(1)) {
      const d = diffDocuments(loadTour(step - 1), loadTour(step));
      expect(isEmptyDiff(d), `step ${step}`).toBe(false);
      sizes.push(nodeChanges(d));
    }
    expect(Math.max(...sizes), `node changes per step: ${sizes.join(', ')}`).toBeLessThan(12);
    expect(sizes.every((s) => s > 0)).toBe(true);
  });
});

/**
 * Nodes added, removed or with changed params, where a whole new (or deleted) subgraph definition
 * counts as one change rather than one per node inside it.
 */
function nodeChanges(d: DocumentDiff): number {
  const inWholeSubgraph = (id: string, names: readonly string[]) => names.some((n) => id.startsWith(`${n}/`));
  const added = d.added.filter((id) => !inWholeSubgraph(id, d.addedSubgraphs));
  const removed = d.removed.filter((id) => !inWholeSubgraph(id, d.removedSubgraphs));
  const changed = new Set(d.changedParams.map((c) => c.node));
  return new Set([...added, ...removed, ...changed]).size + d.addedSubgraphs.length + d.removedSubgraphs.length;
}

describe('steps 12 and 13: attention without and with the causal mask', () => {
  const lastWordChangesEarlierRows = (step: number): boolean => {
    const compiled = compileExample(tourFile(step));
    const a = runStep(compiled, { words: 'check the battery log and find out whether it ran' }).outputs.probs!;
    const b = runStep(compiled, { words: 'check the battery log and find out whether it down' }).outputs.probs!;
    const earlier = 9 * 13;
    return Array.from(a.data.subarray(0, earlier)).some((v, i) => v !== b.data[i]);
  };

  it('step 12 looks ahead: a later word changes earlier predictions', () => {
    expect(lastWordChangesEarlierRows(12)).toBe(true);
  });

  it('step 13 does not: the masked scores are −∞ above the diagonal', () => {
    expect(lastWordChangesEarlierRows(13)).toBe(false);
    const { session } = runStep(compileExample(tourFile(13)), { words: 'check the battery' });
    const masked = session.blockRun('attn')!.intermediates.masked_scores!; // [1, 4, 3, 3]
    for (let h = 0; h < 4; h++)
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 3; c++) expect(masked.data[(h * 3 + r) * 3 + c] === -Infinity, `head ${h} (${r}, ${c})`).toBe(c > r);
  });
});

describe('step 19: byte-pair encoding', () => {
  const doc = loadTour(19);
  const spec = doc.nodes.find((n) => n.id === 'words')!.params!.tokenizer as TokenizerSpec;
  const tokenizer = unwrap(createTokenizer(spec));

  it('stores a trained BPE tokenizer, shared by both inputs, sized to the embeddings', () => {
    expect(spec.kind).toBe('bpe');
    expect(spec.merges!.length).toBeGreaterThan(10);
    expect(spec.vocab.length).toBe(256 + spec.merges!.length);
    expect(doc.nodes.find((n) => n.id === 'source')!.params!.tokenizer).toEqual(spec);
    for (const id of ['embed', 'src_embed', 'unembed']) expect(doc.nodes.find((n) => n.id === id)!.params!.vocab_size).toBe(spec.vocab.length);
  });

  it('keeps frequent words whole, splits rare ones, and round-trips any text', () => {
    const pieces = unwrap(tokenizer.pieces('Check the battery')).map((p) => p.text);
    expect(pieces.slice(0, 2)).toEqual(['Check', ' the']);
    expect(pieces.length).toBeGreaterThan(3);
    for (const text of ['Check whether it ran', 'a zebra never seen, 42 times!']) expect(tokenizer.decode(unwrap(tokenizer.encode(text)))).toBe(text);
  });
});

describe('step 20: audio input', () => {
  it('turns the WAV into [1, frames, 80] log-mel rows with the node\'s own params', () => {
    const compiled = compileExample(tourFile(20));
    const { session, lengths } = runStep(compiled, { words: 'Check the' });
    expect(lengths.audio).toBe(frameCount(4000, 512, 160));
    expect([...session.blockRun('audio')!.outputs.frames!.shape]).toEqual([1, lengths.audio, 80]);
  });

  it('keeps the step-19 vocabulary for the text it writes', () => {
    expect(vocabOf(loadTour(20))).toEqual(vocabOf(loadTour(19)));
  });
});
