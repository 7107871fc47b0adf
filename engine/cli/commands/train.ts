/**
 * `formwork train FILE --corpus C.txt -o OUT.formwork.json`: trains a graph's learned weights on a text corpus
 * (next-token cross-entropy on the logits before its final softmax) and writes the graph with the trained
 * weights, inline or in a `.safetensors` file beside it. Progress goes to stderr (or JSON lines to stdout with
 * --json); checkpoints let a run continue bit-identically with --resume. Ctrl-C stops after the update in progress
 * and still writes the checkpoint and the graph so far (exit 130).
 */
import * as terminal from '../terminal.ts';
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { standardCatalogue } from '../../../graph-schema/blocks/index.ts';
import { error, fail, ok, type Result } from '../../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../../graph-schema/document.ts';
import { analyzeGraph } from '../../../graph-schema/infer.ts';
import { LIMITS } from '../../../graph-schema/limits.ts';
import { contextLength } from '../../../graph-schema/param-roles.ts';
import { serializeDocument } from '../../../graph-schema/parse.ts';
import { writeSafetensors } from '../../io/safetensors.ts';
import { checkCorpusLength, checkTrainingSize, estimateTrainingBytes, splitTokens } from '../../train/batches.ts';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../train/checkpoint.ts';
import { encodeCorpus, graphTokenizer, LIMITS_TRAINING_CORPUS } from '../../train/corpus.ts';
import { createTrainableModel, type TrainableModel } from '../../train/model.ts';
import { optimizerSlots } from '../../train/optimizers.ts';
import { withInlineWeights, withWeightsFile } from '../../train/save.ts';
import { startTraining } from '../../train/driver.ts';
import { createTrainer, type TrainLog, type TrainSettings } from '../../train/trainer.ts';
import type { Command } from '../command.ts';
import { loadGraph, readBounded } from '../io.ts';
import { printDiagnostics } from '../output.ts';
import { withSeedOption } from './export.ts';
import { numberOption, TRAIN_OPTIONS, trainSettingsOption } from './train-options.ts';
import { UsageError } from './validate.ts';

/** Builds the model to train; `createTrainableModel` (the autograd) in the CLI, a hand-written model in tests. */
export type ModelFactory = typeof createTrainableModel;

/** The `train` command over a model factory. */
export function trainCommand(createModel: ModelFactory = createTrainableModel): Command {
  return {
    name: 'train',
    summary: 'train a graph\'s weights on a text corpus (next-token cross-entropy) and write the trained graph',
    usage:
      'train FILE --corpus C.txt -o OUT.formwork.json [--weights OUT.safetensors] [--steps N] [--batch B] [--context T] [--lr X] ' +
      '[--optimizer adamw|adam|sgd] [--seed S] [--warmup N] [--schedule constant|cosine] [--clip X] [--weight-decay X] ' +
      '[--log-every N] [--checkpoint FILE] [--resume FILE] [--json]',
    options: TRAIN_OPTIONS,
    async run([file], options) {
      if (!file) throw new UsageError('train needs a FILE');
      if (typeof options.corpus !== 'string') throw new UsageError('train needs --corpus C.txt');
      if (typeof options.out !== 'string') throw new UsageError('train needs -o OUT.formwork.json');
      const out = options.out;
      const weightsPath = typeof options.weights === 'string' ? options.weights : undefined;
      if (weightsPath !== undefined && !/^[^/\\]+\.safetensors$/.test(basename(weightsPath)))
        throw new UsageError('--weights must name a .safetensors file');
      if (weightsPath !== undefined && resolve(dirname(weightsPath)) !== resolve(dirname(out)))
        throw new UsageError('--weights must be in the same directory as -o (the graph names it as a file beside itself)');
      const validationFraction = numberOption(options, 'validation', 0.1);
      if (validationFraction > 0.5) throw new UsageError('--validation must be at most 0.5');

      const loaded = loadGraph(file);
      if (!loaded.ok) return printDiagnostics(loaded.diagnostics), 1;
      const catalogue = standardCatalogue();
      const analysis = analyzeGraph(loaded.value.doc, catalogue);
      if (!analysis.ok) return printDiagnostics([...analysis.diagnostics]), 1;
      const input = graphTokenizer(analysis);
      if (!input.ok) return printDiagnostics(input.diagnostics), 1;
      const settings = trainSettingsOption(options, contextLength(analysis) ?? 64, loaded.value.doc.seed ?? 0);
      const doc = withSeedOption(loaded.value.doc, options.seed);

      // Sizes first (nothing allocated yet), then the corpus, then the model.
      const vocab = input.value.tokenizer.vocabSize;
      const early = checkTrainingSize(settings.batch, settings.length, estimateTrainingBytes(analysis.parameterCount, optimizerSlots(settings.optimizer).length, vocab, settings.batch, settings.length));
      if (!early.ok) return printDiagnostics(early.diagnostics), 1;
      const text = readCorpus(options.corpus);
      if (!text.ok) return printDiagnostics(text.diagnostics), 1;
      const tokens = encodeCorpus(input.value.tokenizer, text.value, input.value.node);
      if (!tokens.ok) return printDiagnostics(tokens.diagnostics), 1;
      const data = splitTokens(tokens.value, validationFraction);
      const long = checkCorpusLength(data.train, settings.length);
      if (!long.ok) return printDiagnostics(long.diagnostics), 1;
      const resume = typeof options.resume === 'string' ? readCheckpoint(options.resume) : ok(undefined);
      if (!resume.ok) return printDiagnostics(resume.diagnostics), 1;

      const model = createModel(doc, catalogue, { weights: loaded.value.weights });
      if (!model.ok) return printDiagnostics(model.diagnostics), 1;
      return trainAndSave(model.value, doc, data, settings, resume.value, { out, weightsPath, json: options.json === true, checkpoint: options.checkpoint as string | undefined });
    },
  };
}

export const train: Command = trainCommand();

interface Destinations {
  readonly out: string;
  readonly weightsPath: string | undefined;
  readonly json: boolean;
  readonly checkpoint: string | undefined;
}

/** Exit code after Ctrl-C (128 + SIGINT), once the checkpoint and the graph so far are written. */
const INTERRUPTED = 130;

async function trainAndSave(model: TrainableModel, doc: GraphDocument, data: ReturnType<typeof splitTokens>, settings: TrainSettings, resume: Checkpoint | undefined, to: Destinations): Promise<number> {
  const trainer = createTrainer(model, data, settings, resume);
  if (!trainer.ok) return printDiagnostics(trainer.diagnostics), 1;
  let unwritable: Result<true> = ok(true);
  const writeCheckpoint = (c: Checkpoint) => {
    if (to.checkpoint !== undefined && unwritable.ok) unwritable = writeFile(to.checkpoint, encodeCheckpoint(c));
  };
  terminal.err(`training ${[...model.parameters.values()].reduce((n, p) => n + p.length, 0)} weights on ${data.train.length} tokens (${data.validation.length} held out), ${settings.steps} steps of ${settings.batch} × ${settings.length}\n`);
  const run = startTraining(trainer.value, settings, {
    onLog: (log) => (to.json ? terminal.out(JSON.stringify(log) + '\n') : terminal.err(describeLog(log, settings.steps) + '\n')),
    onCheckpoint: writeCheckpoint,
  });
  const interrupt = () => run.stop();
  process.once('SIGINT', interrupt);
  const result = await run.done;
  process.off('SIGINT', interrupt);
  if (!result.ok) {
    writeCheckpoint(trainer.value.lastGood);
    return printDiagnostics([...result.diagnostics, ...(unwritable.ok ? [] : unwritable.diagnostics)]), 1;
  }
  writeCheckpoint(trainer.value.checkpoint());
  if (!unwritable.ok) return printDiagnostics(unwritable.diagnostics), 1;
  const saved = saveTrained(doc, model, to);
  if (!saved.ok) return printDiagnostics(saved.diagnostics), 1;
  const last = result.value.logs.at(-1);
  const step = trainer.value.step;
  const summary = { out: to.out, weights: to.weightsPath ?? null, step, stopped: result.value.stopped, loss: last?.loss ?? null, valLoss: last?.valLoss ?? trainer.value.validationLoss() };
  if (to.json) terminal.out(JSON.stringify(summary) + '\n');
  else terminal.err(`${result.value.stopped ? `stopped at step ${step}; ` : ''}wrote ${to.out}${to.weightsPath ? ` and ${to.weightsPath}` : ''} after ${step} steps\n`);
  return result.value.stopped ? INTERRUPTED : 0;
}

function saveTrained(doc: GraphDocument, model: TrainableModel, to: Destinations): Result<true> {
  const trained = { parameters: model.parameters, shapes: model.shapes };
  if (to.weightsPath !== undefined) {
    const { doc: pointing, tensors } = withWeightsFile(doc, trained, basename(to.weightsPath));
    const weights = writeFile(to.weightsPath, writeSafetensors(tensors));
    return weights.ok ? writeFile(to.out, serializeDocument(pointing)) : weights;
  }
  const text = serializeDocument(withInlineWeights(doc, trained));
  if (text.length > LIMITS.maxFileBytes)
    return fail([error('FW063', `the graph with inline weights would be ${text.length} bytes, more than a graph file may hold (${LIMITS.maxFileBytes})`, { hint: 'write the weights to a file beside it with --weights OUT.safetensors' })]);
  return writeFile(to.out, text);
}

/** Writes a file; FW063 naming it when that fails (missing directory, no permission, disk full). */
function writeFile(path: string, data: string | Uint8Array): Result<true> {
  try {
    writeFileSync(path, data);
    return ok(true);
  } catch (e) {
    return fail([error('FW063', `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)]);
  }
}

function describeLog(log: TrainLog, steps: number): string {
  const val = log.valLoss !== undefined ? `  val ${log.valLoss.toFixed(4)}` : '';
  return `step ${log.step}/${steps}  loss ${log.loss.toFixed(4)}${val}  lr ${log.lr.toExponential(2)}  |grad| ${log.gradNorm.toFixed(3)}  ${Math.round(log.tokensPerSecond)} tok/s`;
}

function readCorpus(path: string): Result<string> {
  const bytes = readBounded(path, 4 * LIMITS_TRAINING_CORPUS.maxChars); // UTF-8: at most 4 bytes per character
  if (!bytes.ok) return fail(bytes.diagnostics.map((d) => ({ ...d, code: 'FW062' as const })));
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes.value));
  } catch {
    return fail([error('FW062', `${path} is not UTF-8 text`)]);
  }
}

function readCheckpoint(path: string): Result<Checkpoint> {
  const bytes = readBounded(path, 2 ** 31 - 1); // Node reads at most 2 GiB into one buffer
  if (!bytes.ok) return fail(bytes.diagnostics.map((d) => ({ ...d, code: 'FW063' as const })));
  return decodeCheckpoint(bytes.value);
}
