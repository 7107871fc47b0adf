/**
 * The article's numbers, exactly, through the tour templates: counted from the weighted corpora by
 * fitGraph and then run through the compiled graphs (steps 2–5), and read from the hand-set
 * attention, feature and ReLU layers (steps 6–8).
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { compile } from '../../engine/compile/compile.ts';
import { fitGraph } from '../../engine/fit/to-graph.ts';
import { compileExample, rows, runOnText, unwrap } from '../examples/helpers.ts';
import { corpus, lastRow, lastRowByWord, loadTour, SENTENCES, tourFile, vocabOf } from './helpers.ts';

const f32 = Math.fround;

/** Runs `doc` on `text` and returns its outputs. */
function runDoc(doc: GraphDocument, text: string) {
  return runOnText(unwrap(compile(doc, standardCatalogue())), { words: text });
}

/** A copy of `doc` with no weights and a placeholder vocabulary, so only fitGraph can make it work. */
function blanked(doc: GraphDocument): GraphDocument {
  return {
    ...doc,
    weights: {},
    nodes: doc.nodes.map((n) => (n.id === 'words' ? { ...n, params: { ...n.params, tokenizer: { kind: 'word', vocab: ['placeholder'] } } } : n)),
  };
}

describe('step 1: one-hot rows and lookup by matrix multiplication', () => {
  const { outputs } = runOnText(compileExample(tourFile(1)), { words: 'show me my files' });
  const onehot = rows(outputs.one_hot_rows!);

  it('a one-hot row dotted with itself is 1, with another word\'s row 0', () => {
    const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
    expect(onehot.map((a) => onehot.map((b) => dot(a, b)))).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('one-hot row × table pulls out the word\'s row (row k holds k.1, k.2, k.3)', () => {
    // show = 6, me = 2, my = 3, files = 1
    expect(rows(outputs.looked_up!)).toEqual([[6.1, 6.2, 6.3], [2.1, 2.2, 2.3], [3.1, 3.2, 3.3], [1.1, 1.2, 1.3]].map((r) => r.map(f32)));
  });
});

describe('step 2: first-order model fitted from the commands corpus', () => {
  const fitted = unwrap(fitGraph(blanked(loadTour(2)), corpus('commands')));
  const vocab = vocabOf(fitted);
  const next = (text: string) => lastRowByWord(runDoc(fitted, text).outputs.next_word!, vocab);

  it('after "my": photos 0.5, files 0.3, directories 0.2', () => {
    expect(next('show me my')).toEqual({ photos: 0.5, files: f32(0.3), directories: f32(0.2) });
  });

  it('every other word has a single successor; please has none', () => {
    expect(next('show')).toEqual({ me: 1 });
    expect(next('show me')).toEqual({ my: 1 });
    for (const w of ['photos', 'files', 'directories']) expect(next(`show me my ${w}`)).toEqual({ please: 1 });
    expect(next('show me my photos please')).toEqual({});
  });

  it('after "ran" (battery corpus): down 0.4, please 0.6', () => {
    const battery = unwrap(fitGraph(blanked(loadTour(2)), corpus('battery')));
    expect(lastRowByWord(runDoc(battery, SENTENCES.battery).outputs.next_word!, vocabOf(battery))).toEqual({ down: f32(0.4), please: f32(0.6) });
  });
});

describe('step 3: second order beats first order on the battery corpus', () => {
  const doc = unwrap(fitGraph(blanked(loadTour(3)), corpus('battery')));
  const vocab = vocabOf(doc);

  it('first order after "ran": down 0.4, please 0.6', () => {
    expect(lastRowByWord(runDoc(doc, SENTENCES.battery).outputs.first_order_next!, vocab)).toEqual({ down: f32(0.4), please: f32(0.6) });
  });

  it('"battery ran" → down 1.0, "program ran" → please 1.0', () => {
    expect(lastRowByWord(runDoc(doc, SENTENCES.battery).outputs.next_word!, vocab)).toEqual({ down: 1 });
    expect(lastRowByWord(runDoc(doc, SENTENCES.program).outputs.next_word!, vocab)).toEqual({ please: 1 });
  });

  it('the pair "whether the" is the only one left uncertain', () => {
    expect(lastRowByWord(runDoc(doc, 'check whether the').outputs.next_word!, vocab)).toEqual({ battery: f32(0.4), program: f32(0.6) });
  });
});

describe('step 4: skips vote', () => {
  const doc = unwrap(fitGraph(blanked(loadTour(4)), corpus('skips')));
  const vocab = vocabOf(doc);

  it('program sentence: down 4, please 5; battery sentence: down 5, please 4', () => {
    expect(lastRowByWord(runDoc(doc, SENTENCES.longProgram).outputs.votes!, vocab)).toEqual({ down: 4, please: 5 });
    expect(lastRowByWord(runDoc(doc, SENTENCES.longBattery).outputs.votes!, vocab)).toEqual({ down: 5, please: 4 });
  });

  it('second order alone is a coin toss after "it ran"', () => {
    expect(lastRowByWord(runDoc(doc, SENTENCES.longBattery).outputs.next_word!, vocab)).toEqual({ down: 0.5, please: 0.5 });
  });
});

describe('step 5: the mask keeps only (battery, ran) and (program, ran)', () => {
  const file = loadTour(5);
  const doc = unwrap(fitGraph({ ...blanked(file), weights: { 'mask.keep': file.weights!['mask.keep']! } }, corpus('skips')));
  const vocab = vocabOf(doc);
  const votes = (text: string) => runDoc(doc, text).outputs.votes!;

  it('battery sentence → down 1, please 0; program sentence → down 0, please 1', () => {
    const battery = lastRow(votes(SENTENCES.longBattery));
    const program = lastRow(votes(SENTENCES.longProgram));
    expect([battery[vocab.indexOf('down')], battery[vocab.indexOf('please')]]).toEqual([1, 0]);
    expect([program[vocab.indexOf('down')], program[vocab.indexOf('please')]]).toEqual([0, 1]);
    expect(lastRowByWord(votes(SENTENCES.longBattery), vocab)).toEqual({ down: 1 });
  });

  it('an unmasked run of the same graph still gives 5 / 4', () => {
    const weights = { ...doc.weights };
    delete weights['mask.keep'];
    expect(lastRowByWord(runDoc({ ...doc, weights }, SENTENCES.longBattery).outputs.votes!, vocab)).toEqual({ down: 5, please: 4 });
  });
});

describe('step 6: attention looks the mask up', () => {
  const compiled = compileExample(tourFile(6));
  const vocab = vocabOf(loadTour(6));

  it('"ran" attends to battery (or program) and nothing else', () => {
    const { outputs, session } = runOnText(compiled, { words: SENTENCES.longBattery });
    expect(lastRowByWord(outputs.attended!, vocab)).toEqual({ battery: 1, ran: 1 });
    const pattern = session.blockRun('attend')!.intermediates.pattern!; // [1, T, T]
    expect(lastRow(pattern)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(lastRowByWord(runOnText(compiled, { words: SENTENCES.longProgram }).outputs.attended!, vocab)).toEqual({ program: 1, ran: 1 });
  });

  it('other words attend to the opening "check", whose value is empty', () => {
    const { outputs } = runOnText(compiled, { words: 'check the battery log' });
    expect(lastRowByWord(outputs.attended!, vocab)).toEqual({ log: 1 });
  });
});

describe('step 7: the ReLU feature layer', () => {
  const compiled = compileExample(tourFile(7));
  const vocab = vocabOf(loadTour(7));
  const trace = (text: string) => {
    const { outputs, session } = runOnText(compiled, { words: text });
    return { before: lastRow(session.blockRun('features')!.outputs.y!), after: lastRow(session.blockRun('relu')!.outputs.y!), next: lastRowByWord(outputs.next_word!, vocab) };
  };

  it('battery: (battery, ran) → 1, (program, ran) → −1 before ReLU and 0 after', () => {
    expect(trace(SENTENCES.longBattery)).toEqual({ before: [1, -1], after: [1, 0], next: { down: 1 } });
  });

  it('program: the mirror image', () => {
    expect(trace(SENTENCES.longProgram)).toEqual({ before: [-1, 1], after: [0, 1], next: { please: 1 } });
  });
});

describe('step 8: greedy sequence completion', () => {
  const compiled = compileExample(tourFile(8));
  const vocab = vocabOf(loadTour(8));

  /** Appends the last next_id `steps` times. */
  function complete(prompt: string, steps: number): string {
    const words = prompt.split(' ');
    for (let i = 0; i < steps; i++) {
      const ids = runOnText(compiled, { words: words.join(' ') }).outputs.next_id!;
      words.push(vocab[ids.data[ids.data.length - 1]!]!);
    }
    return words.join(' ');
  }

  it('completes both sentences of the corpus', () => {
    expect(complete('check the battery', 9)).toBe('check the battery log and find out whether it ran down please');
    expect(complete('check the program', 8)).toBe('check the program log and find out whether it ran please');
  });

  it('at "ran" the ReLU feature breaks the first-order tie', () => {
    expect(lastRowByWord(runOnText(compiled, { words: SENTENCES.longBattery }).outputs.next_word!, vocab)).toEqual({ down: 1.5, please: 0.5 });
  });
});
