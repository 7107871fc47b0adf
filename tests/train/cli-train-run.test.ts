/**
 * `formwork train` end to end with a hand-written model in place of the autograd (the command takes a model
 * factory): JSON progress lines, the written graph and weights file, checkpoints, a bit-identical resume,
 * and a diverging run. The model is tests/train/hand-models.ts' tied embedding, named and shaped like
 * tiny-gpt's embed.table [64, 32], so the written graph compiles with it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { ok } from '../../graph-schema/diagnostics.ts';
import { loadGraph } from '../../engine/cli/io.ts';
import { trainCommand, type ModelFactory } from '../../engine/cli/commands/train.ts';
import { compile } from '../../engine/compile/compile.ts';
import { decodeCheckpoint } from '../../engine/train/checkpoint.ts';
import type { TrainableModel } from '../../engine/train/model.ts';
import { tiedEmbeddingModel } from './hand-models.ts';

const root = new URL('../..', import.meta.url).pathname;
const GPT = join(root, 'examples/tiny-gpt.formwork.json');
const CORPUS = join(root, 'examples/corpora/workshop.txt');

let models: TrainableModel[] = [];
const handModel: ModelFactory = () => {
  const m = tiedEmbeddingModel(64, 32);
  models.push(m);
  return ok(m);
};

async function train(args: string[], factory: ModelFactory = handModel) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  const [file, ...rest] = args;
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i]!.replace(/^-+/, '');
    if (name === 'json') options.json = true;
    else options[name === 'o' ? 'out' : name] = rest[++i]!;
  }
  const code = await trainCommand(factory).run([file!], options);
  vi.restoreAllMocks();
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const COMMON = ['--corpus', CORPUS, '--batch', '4', '--context', '32', '--lr', '0.01'];

afterEach(() => {
  vi.restoreAllMocks();
  models = [];
});

describe('formwork train with a hand-written model', () => {
  it('--json: one line per logged step, a summary; the graph is written with the trained embedding inline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'formwork-train-run-'));
    const out = join(dir, 'trained.formwork.json');
    const r = await train([GPT, ...COMMON, '--steps', '30', '--log-every', '10', '--validate-every', '15', '--json', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, 4).map((l) => l.step)).toEqual([10, 15, 20, 30]); // every 10, and step 15's validation
    expect(Object.keys(lines[0]).sort()).toEqual(['gradNorm', 'loss', 'lr', 'step', 'tokensPerSecond']);
    expect(lines[1].valLoss).toBeGreaterThan(0);
    expect(lines[3].valLoss).toBeGreaterThan(0); // step 30 is the last: validated
    expect(lines[4]).toMatchObject({ out, weights: null, step: 30, stopped: false });
    expect(lines[3].loss).toBeLessThan(lines[0].loss);
    expect(r.stderr).toMatch(/^training 2048 weights on \d+ tokens \(\d+ held out\), 30 steps of 4 × 32/);

    const loaded = loadGraph(out);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const compiled = compile(loaded.value.doc, standardCatalogue());
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    expect(Array.from(compiled.value.plan.weights.get('embed.table')!.tensor.data)).toEqual(Array.from(models[0]!.parameters.get('embed.table')!));
  });

  it('--weights: the trained weights go to a .safetensors beside the graph, which names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'formwork-train-run-'));
    const r = await train([GPT, ...COMMON, '--steps', '3', '-o', join(dir, 'g.formwork.json'), '--weights', join(dir, 'g.safetensors')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/step 3\/3 {2}loss \d\.\d{4} {2}val \d\.\d{4} {2}lr 2\.50e-3/); // cosine (default): update 3 of 3 has ½(1 + cos(2π/3))·0.01
    const loaded = loadGraph(join(dir, 'g.formwork.json'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    expect(loaded.value.doc.weightsFile).toBe('g.safetensors');
    expect(Array.from(loaded.value.weights!.get('embed.table')!.data)).toEqual(Array.from(models[0]!.parameters.get('embed.table')!));
  });

  it('a run resumed from its checkpoint ends bit-identical to an uninterrupted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'formwork-train-run-'));
    const constant = [...COMMON, '--schedule', 'constant', '--warmup', '5'];
    expect((await train([GPT, ...constant, '--steps', '24', '-o', join(dir, 'straight.formwork.json')])).code).toBe(0);
    const straight = Array.from(models[0]!.parameters.get('embed.table')!);
    const checkpoint = join(dir, 'run.ckpt.safetensors');
    expect((await train([GPT, ...constant, '--steps', '10', '--checkpoint', checkpoint, '-o', join(dir, 'half.formwork.json')])).code).toBe(0);
    const saved = decodeCheckpoint(new Uint8Array(readFileSync(checkpoint)));
    expect(saved.ok && saved.value.step).toBe(10);
    const resumed = await train([GPT, ...constant, '--steps', '24', '--resume', checkpoint, '-o', join(dir, 'resumed.formwork.json')]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(Array.from(models[2]!.parameters.get('embed.table')!)).toEqual(straight);
    // Resuming with another learning rate would not reproduce anything: refused.
    const other = await train([GPT, ...constant.map((a) => (a === '0.01' ? '0.02' : a)), '--steps', '24', '--resume', checkpoint, '-o', join(dir, 'x.formwork.json')]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^FW063 error: cannot resume: the checkpoint was written with/);
  });

  it('a diverging run exits 1 naming the step, keeps the last good checkpoint and writes no graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'formwork-train-run-'));
    const diverging: ModelFactory = () => {
      const m = tiedEmbeddingModel(64, 32);
      let calls = 0;
      return ok({ ...m, lossAndGradients: (...a) => (++calls >= 8 ? { ...m.lossAndGradients(...a), loss: Infinity } : m.lossAndGradients(...a)) });
    };
    const checkpoint = join(dir, 'ck.safetensors');
    const out = join(dir, 'never.formwork.json');
    const r = await train([GPT, ...COMMON, '--steps', '20', '--checkpoint', checkpoint, '--checkpoint-every', '5', '-o', out], diverging);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FW063 error: the loss is Infinity at step 8; the weights are back at the checkpoint of step 5/);
    const saved = decodeCheckpoint(new Uint8Array(readFileSync(checkpoint)));
    expect(saved.ok && saved.value.step).toBe(5);
    expect(() => readFileSync(out)).toThrow();
  });

  it('an output it cannot write is FW063 naming the file, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'formwork-train-run-'));
    const missing = join(dir, 'no-such-dir');
    const r = await train([GPT, ...COMMON, '--steps', '2', '--checkpoint', join(missing, 'ck.safetensors'), '-o', join(dir, 'g.formwork.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FW063 error: cannot write .*no-such-dir\/ck\.safetensors: ENOENT/);
    const out = await train([GPT, ...COMMON, '--steps', '2', '-o', join(missing, 'g.formwork.json')]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/FW063 error: cannot write .*no-such-dir\/g\.formwork\.json: ENOENT/);
  });

  it('Ctrl-C stops after the update in progress, writes the checkpoint and the graph so far, exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'formwork-train-run-'));
    const interrupted: ModelFactory = () => {
      const m = tiedEmbeddingModel(64, 32);
      models.push(m);
      let calls = 0;
      return ok({ ...m, lossAndGradients: (...a) => (++calls === 5 && process.emit('SIGINT'), m.lossAndGradients(...a)) });
    };
    const checkpoint = join(dir, 'ck.safetensors');
    const out = join(dir, 'partial.formwork.json');
    const r = await train([GPT, ...COMMON, '--steps', '1000', '--checkpoint', checkpoint, '--json', '-o', out], interrupted);
    expect(r.code).toBe(130);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ step: 5, stopped: true, out });
    const saved = decodeCheckpoint(new Uint8Array(readFileSync(checkpoint)));
    expect(saved.ok && saved.value.step).toBe(5);
    const loaded = loadGraph(out);
    expect(loaded.ok && Array.from(loaded.value.doc.weights!['embed.table']!.data)).toEqual(Array.from(models[0]!.parameters.get('embed.table')!));
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
