/**
 * `formwork tokenize FILE --text "…"`: how each text input of a graph splits text into tokens, with
 * the id of each. Uses the tokenizer stored in the graph, so it shows exactly what `run` will feed.
 * `--train CORPUS --merges N -o OUT`: learns a byte-level BPE tokenizer from a corpus and writes the graph
 * with it (and every vocabulary-sized param resized to match).
 */
import { tokenizerOf } from '../../../graph-schema/param-roles.ts';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { error, type Diagnostic } from '../../../graph-schema/diagnostics.ts';
import { analyzeGraph } from '../../../graph-schema/infer.ts';
import type { TokenizerSpec } from '../../../graph-schema/tokenizer-spec.ts';
import { writeFileSync } from 'node:fs';
import { setTokenizer } from '../../../graph-schema/edits-tokenizer.ts';
import { serializeDocument } from '../../../graph-schema/parse.ts';
import { createTokenizer, type TokenPiece } from '../../tokenizers/index.ts';
import { LIMITS_BPE_TRAINING, trainBpe } from '../../tokenizers/train-bpe.ts';
import type { Command } from '../command.ts';
import { loadGraph, readBounded } from '../io.ts';
import { printDiagnostics } from '../output.ts';
import { UsageError } from './validate.ts';
import * as terminal from '../terminal.ts';
import { own, setOwn } from '../../../graph-schema/own.ts';

/** What one text input made of its text. */
interface Tokenized {
  readonly input: string;
  readonly kind: TokenizerSpec['kind'];
  readonly vocabSize: number;
  readonly pieces: readonly TokenPiece[];
}

export const tokenize: Command = {
  name: 'tokenize',
  summary: 'show the tokens and ids each text input of a graph makes of a text',
  usage: 'tokenize FILE (--text "…" | --input NAME=TEXT …) [--json]  |  tokenize FILE --train CORPUS.txt --merges N -o OUT.formwork.json',
  options: {
    train: { type: 'string', help: 'learn a byte-level BPE tokenizer from this UTF-8 text file and give it to the graph\'s text inputs' },
    merges: { type: 'string', help: 'with --train: how many merges to learn (vocabulary = 256 bytes + merges)' },
    out: { type: 'string', short: 'o', help: 'with --train: where to write the retokenized graph' },
    text: { type: 'string', help: 'text for every text input' },
    input: { type: 'string', multiple: true, help: 'NAME=TEXT for one named text input (repeatable)' },
    json: { type: 'boolean', help: 'print {"inputs": {name: {kind, vocabSize, tokens, ids}}} as JSON' },
  },
  async run([file], options) {
    if (!file) throw new UsageError('tokenize needs a FILE');
    if (typeof options.train === 'string') return trainTokenizer(file, options.train, options.merges, options.out);
    const named: Record<string, string> = {};
    for (const pair of (options.input as string[] | undefined) ?? []) {
      const eq = pair.indexOf('=');
      if (eq < 1) throw new UsageError('--input takes NAME=TEXT');
      setOwn(named, pair.slice(0, eq), pair.slice(eq + 1));
    }
    const fallback = typeof options.text === 'string' ? options.text : undefined;
    if (fallback === undefined && Object.keys(named).length === 0) throw new UsageError('tokenize needs --text or --input');
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    const analysis = analyzeGraph(loaded.value.doc, standardCatalogue());
    if (!analysis.ok) return printDiagnostics(analysis.diagnostics), 1;

    const results: Tokenized[] = [];
    const problems: Diagnostic[] = [];
    const inputs = analysis.top.order.filter((n) => n.block?.accepts === 'text');
    if (inputs.length === 0) problems.push(error('FW050', 'the graph has no text input', { hint: 'add a Token input' }));
    for (const info of inputs) {
      const text = own(named, info.id) ?? fallback;
      if (text === undefined) {
        problems.push(error('FW051', `no text given for input '${info.id}'`, { node: info.id, hint: `pass --input ${info.id}="…"` }));
        continue;
      }
      const tokenizer = createTokenizer(tokenizerOf(info.block, info.params)!); // a text input always carries one
      const pieces = tokenizer.ok ? tokenizer.value.pieces(text) : tokenizer;
      if (!pieces.ok) {
        problems.push(...pieces.diagnostics.map((d) => ({ ...d, node: info.id })));
        continue;
      }
      const spec = (tokenizer.ok && tokenizer.value.spec) as TokenizerSpec;
      results.push({ input: info.id, kind: spec.kind, vocabSize: spec.vocab.length, pieces: pieces.value });
    }
    const unknown = Object.keys(named).filter((name) => !inputs.some((i) => i.id === name));
    for (const name of unknown) problems.push(error('FW051', `the graph has no text input '${name}'`, { hint: `text inputs: ${inputs.map((i) => i.id).join(', ') || 'none'}` }));
    if (problems.length > 0) return printDiagnostics(problems), 1;

    if (options.json) {
      const json = Object.fromEntries(
        results.map((r) => [r.input, { kind: r.kind, vocabSize: r.vocabSize, tokens: r.pieces.map((p) => p.text), ids: r.pieces.map((p) => p.id) }]),
      );
      terminal.out(JSON.stringify({ inputs: json }) + '\n');
    } else for (const r of results) terminal.out(describe(r) + '\n');
    return 0;
  },
};

/** Widest line of the token/id columns before they wrap. */
const LINE_WIDTH = 100;

/** A heading, then tokens (quoted, so spaces show) over their ids, in aligned columns that wrap. */
function describe(r: Tokenized): string {
  const lines = [`${r.input}: ${r.pieces.length} token${r.pieces.length === 1 ? '' : 's'} (${r.kind} tokenizer, ${r.vocabSize} entries)`];
  let tokens = ' ';
  let ids = ' ';
  for (const p of r.pieces) {
    const token = JSON.stringify(p.text);
    const width = Math.max(token.length, String(p.id).length);
    if (tokens.length + width + 2 > LINE_WIDTH && tokens.trim() !== '') {
      lines.push(tokens.trimEnd(), ids.trimEnd());
      tokens = ' ';
      ids = ' ';
    }
    tokens += ' ' + token.padEnd(width);
    ids += ' ' + String(p.id).padStart(width);
  }
  if (tokens.trim() !== '') lines.push(tokens.trimEnd(), ids.trimEnd());
  return lines.join('\n');
}

/** `--train`: learns BPE merges from `corpusPath` and writes the graph with the new tokenizer to `out`. */
function trainTokenizer(file: string, corpusPath: string, mergesOption: unknown, out: unknown): number {
  const merges = Number(mergesOption);
  if (typeof mergesOption !== 'string' || !Number.isInteger(merges) || merges < 0 || merges > LIMITS_BPE_TRAINING.maxMerges)
    throw new UsageError(`--train needs --merges N (a whole number from 0 to ${LIMITS_BPE_TRAINING.maxMerges})`);
  if (typeof out !== 'string') throw new UsageError('--train needs -o OUT.formwork.json');
  const loaded = loadGraph(file);
  if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
  const catalogue = standardCatalogue();
  const inputs = loaded.value.doc.nodes.filter((n) => n.block !== undefined && catalogue.get(n.block)?.accepts === 'text');
  if (inputs.length === 0) return printDiagnostics([error('FW050', 'the graph has no text input', { hint: 'add a Token input' })]), 1;
  const bytes = readBounded(corpusPath, 4 * LIMITS_BPE_TRAINING.maxCorpusChars);
  if (!bytes.ok) return printDiagnostics(bytes.diagnostics), 1;
  let corpus: string;
  try {
    corpus = new TextDecoder('utf-8', { fatal: true }).decode(bytes.value);
  } catch {
    return printDiagnostics([error('FW060', `${corpusPath} is not UTF-8 text`)]), 1;
  }
  const spec = trainBpe(corpus, merges);
  const doc = setTokenizer(loaded.value.doc, catalogue, new Set(inputs.map((n) => n.id)), spec); // several inputs share it (joint BPE)
  const analysis = analyzeGraph(doc, catalogue);
  if (!analysis.ok) return printDiagnostics(analysis.diagnostics), 1;
  writeFileSync(out, serializeDocument(doc));
  const learned = spec.merges?.length ?? 0;
  terminal.err(`${out}: BPE with ${learned} merge${learned === 1 ? '' : 's'}, ${spec.vocab.length} tokens, for ${inputs.map((n) => `'${n.id}'`).join(' and ')}\n`);
  return 0;
}
