/**
 * `formwork generate FILE --text "…"`: sequence completion from the shell. Tokens stream to stdout as
 * they are chosen (decoded with the graph's own tokenizer), a summary goes to stderr. Uses the KV-cached
 * decoding plan unless `--no-cache` asks for one full forward pass per token, or the graph cannot be
 * decoded step by step (then it says why and runs without the cache).
 */
import { DecodeStream } from '../../tokenizers/decode-stream.ts';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { error, warning, type Diagnostic, type Result } from '../../../graph-schema/diagnostics.ts';
import type { Compiled } from '../../compile/compile.ts';
import { generate as generateUncached, generateCached, generationPorts, type GenerateOptions, type GeneratedToken } from '../../run/generate.ts';
import { feedsFromText, tokenizersOf } from '../../run/text-feeds.ts';
import type { Tokenizer } from '../../tokenizers/types.ts';
import type { Command } from '../command.ts';
import { loadGraph, type LoadedGraph } from '../io.ts';
import { printDiagnostics } from '../output.ts';
import { UsageError } from './validate.ts';
import * as terminal from '../terminal.ts';
import { setOwn } from '../../../graph-schema/own.ts';
import { compileRunnable, maxSequence } from '../../compile/runnable.ts';

type Options = Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;

export const generate: Command = {
  name: 'generate',
  summary: 'complete a text with a language model, streaming tokens as they come',
  usage: 'generate FILE --text "…" [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--stop TOKEN] [--no-cache] [--reference] [--input NAME=TEXT …] [--json]',
  options: {
    text: { type: 'string', help: 'the prompt, for the token input that is extended' },
    'max-tokens': { type: 'string', help: 'how many tokens to generate at most (default 32)' },
    temperature: { type: 'string', help: '0 = greedy, 1 = the model\'s distribution as is (default 1)' },
    'top-k': { type: 'string', help: 'sample only from the K most probable tokens (K ≥ 1; default all)' },
    'top-p': { type: 'string', help: 'sample only from the most probable tokens that reach probability P' },
    seed: { type: 'string', help: 'seed of the sampling stream (default 0): the same seed repeats a generation' },
    stop: { type: 'string', help: 'stop after generating this token (text of one token, e.g. ".")' },
    'no-cache': { type: 'boolean', help: 'run the whole sequence for every token instead of using the KV cache' },
    reference: { type: 'boolean', help: 'run the reference plan in the interpreter instead of the fused fast plan' },
    input: { type: 'string', multiple: true, help: 'NAME=TEXT for another token input held fixed, e.g. an encoder source (repeatable)' },
    json: { type: 'boolean', help: 'print {"prompt", "tokens": [{id, text, probability}], "text"} as JSON instead of streaming' },
  },
  async run([file], options) {
    if (!file) throw new UsageError('generate needs a FILE');
    if (typeof options.text !== 'string') throw new UsageError('generate needs --text "…" (the prompt)');
    const sampling = samplingOptions(options);
    const loaded = loadGraph(file);
    if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
    const compiled = compileForGeneration(loaded.value, options['no-cache'] !== true);
    if (!compiled.ok) return printDiagnostics(compiled.diagnostics), 1;
    const { plan, analysis } = compiled.value;
    const cached = plan.incremental === true;
    const ports = generationPorts(plan, {});
    if (!ports.ok) return printDiagnostics(ports.diagnostics), 1;
    const tokenizers = tokenizersOf(plan, analysis);
    if (!tokenizers.ok) return printDiagnostics(tokenizers.diagnostics), 1;
    const tokenizer = tokenizers.value.get(ports.value.input);
    if (!tokenizer) return printDiagnostics([error('FW051', `input '${ports.value.input}' has no tokenizer`, { node: ports.value.input })]), 1;
    const feeds = feedsFromText(tokenizers.value, { ...namedInputs(options), [ports.value.input]: options.text });
    if (!feeds.ok) return printDiagnostics(feeds.diagnostics), 1;
    const { [ports.value.input]: promptTensor, ...fixedFeeds } = feeds.value;
    const stop = stopToken(tokenizer, options.stop);
    if (typeof stop !== 'number' && stop !== undefined) return printDiagnostics([stop]), 1;

    const prompt = Array.from(promptTensor!.data);
    // A positional table bounds the sequence: generation stops cleanly there, keeping what it made.
    const limit = maxSequence(analysis, 'T');
    if (limit && prompt.length > limit.length)
      return printDiagnostics([error('FW051', `the prompt is ${prompt.length} tokens, but '${limit.node}' covers at most ${limit.param} = ${limit.length}`, { node: limit.node, param: limit.param, hint: 'shorten the prompt' })]), 1;
    const room = limit ? limit.length - prompt.length + 1 : Number.POSITIVE_INFINITY; // the last token chosen is never fed
    const maxTokens = Math.min(sampling.maxTokens, room);
    const generateOptions: GenerateOptions = { ...sampling, maxTokens, fixedFeeds, reference: options.reference === true, ...(stop !== undefined ? { stopToken: stop } : {}) };
    const tokens = cached ? generateCached(plan, prompt, generateOptions) : generateUncached(plan, prompt, generateOptions);
    const stream = new LiveText(tokenizer, prompt, options.json !== true);
    const chosen: GeneratedToken[] = [];
    const pieces: string[] = []; // the text each token completed ('' while a character is unfinished)
    const started = performance.now();
    const report = (extra: Record<string, unknown> = {}) => {
      if (options.json !== true) return;
      const json = {
        prompt: options.text,
        tokens: chosen.map((t, i) => ({ id: t.id, text: pieces[i] ?? '', probability: t.probability })),
        text: stream.text,
        ...extra,
      };
      terminal.out(JSON.stringify(json) + '\n');
    };
    for (const token of tokens) {
      if (!token.ok) {
        stream.end();
        printDiagnostics(token.diagnostics);
        report({ error: token.diagnostics[0]?.message ?? 'generation failed' }); // what was generated so far is kept
        return 1;
      }
      chosen.push(token.value);
      pieces.push(stream.add(token.value.id));
    }
    const seconds = (performance.now() - started) / 1000;
    stream.end();
    if (limit && maxTokens < sampling.maxTokens && chosen.length === maxTokens && chosen.at(-1)?.id !== stop)
      printDiagnostics([warning('FW051', `stopped after ${chosen.length} tokens: '${limit.node}' covers at most ${limit.param} = ${limit.length} positions`, { node: limit.node, param: limit.param })]);
    if (options.json === true) {
      report();
    }
    const rate = seconds > 0 ? (chosen.length / seconds).toFixed(1) : '∞';
    terminal.err(`${chosen.length} tokens in ${seconds.toFixed(3)} s (${rate} tok/s, ${cached ? 'KV cache' : 'no cache'})\n`);
    return 0;
  },
};

/**
 * The decoding plan when `cached` and the graph allows one; otherwise (a non-causal self-attention,
 * a block that relates positions) the plain plan, after printing why as warnings.
 */
function compileForGeneration(loaded: LoadedGraph, cached: boolean): Result<Compiled> {
  const plain = compileRunnable(loaded.doc, standardCatalogue(), { weights: loaded.weights });
  if (!plain.ok || !cached) return plain;
  const decoding = compileRunnable(loaded.doc, standardCatalogue(), { weights: loaded.weights, incremental: true });
  if (decoding.ok) return decoding;
  printDiagnostics(decoding.diagnostics.map((d) => ({ ...d, severity: 'warning' })));
  terminal.err('formwork generate: this graph cannot use the KV cache; generating without it (one full pass per token)\n');
  return plain;
}

/** Writes generated text to stdout as it grows, never half a character (DecodeStream holds it back). */
class LiveText {
  private readonly stream: DecodeStream;
  private written = '';

  constructor(
    tokenizer: Tokenizer,
    prompt: readonly number[],
    private readonly live: boolean,
  ) {
    this.stream = new DecodeStream(tokenizer, prompt);
  }

  /** The whole generated text so far. */
  get text(): string {
    return this.stream.text;
  }

  /** Adds a token; returns the text it completed. */
  add(id: number): string {
    return this.write(this.stream.push(id));
  }

  end(): void {
    this.write(this.stream.flush());
    if (this.live && this.written.length > 0 && !this.written.endsWith('\n')) terminal.out('\n');
  }

  private write(piece: string): string {
    this.written += piece;
    if (this.live && piece.length > 0) terminal.out(piece);
    return piece;
  }
}

function samplingOptions(options: Options): Pick<GenerateOptions, 'maxTokens' | 'temperature' | 'topK' | 'topP' | 'seed'> {
  const maxTokens = number(options['max-tokens'], '--max-tokens', 32, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000, 'a whole number from 1 to 100000');
  const temperature = number(options.temperature, '--temperature', 1, (n) => n >= 0 && n <= 100, 'a number from 0 to 100');
  const topK = number(options['top-k'], '--top-k', 0, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1 (leave it out to sample from all tokens)');
  const topP = number(options['top-p'], '--top-p', 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]');
  const seed = number(options.seed, '--seed', 0, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'a whole number from 0 to 4294967295');
  return { maxTokens, temperature, topK, topP, seed };
}

function number(raw: unknown, flag: string, fallback: number, valid: (n: number) => boolean, what: string): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || !valid(n)) throw new UsageError(`${flag} must be ${what}, got '${String(raw)}'`);
  return n;
}

function namedInputs(options: Options): Record<string, string> {
  const named: Record<string, string> = {};
  for (const pair of (options.input as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError('--input takes NAME=TEXT');
    setOwn(named, pair.slice(0, eq), pair.slice(eq + 1));
  }
  return named;
}

/** The id of `--stop`, which must be the text of exactly one token. */
function stopToken(tokenizer: Tokenizer, raw: unknown): number | Diagnostic | undefined {
  if (typeof raw !== 'string') return undefined;
  const ids = tokenizer.encode(raw);
  if (!ids.ok) return { ...ids.diagnostics[0]!, message: `--stop: ${ids.diagnostics[0]!.message}` };
  if (ids.value.length !== 1)
    return error('FW051', `--stop ${JSON.stringify(raw)} is ${ids.value.length} tokens, not one`, { hint: 'give the text of a single token of the vocabulary' });
  return ids.value[0]!;
}
