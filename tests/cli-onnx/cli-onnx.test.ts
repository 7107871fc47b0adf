/**
 * `formwork export` and `formwork run --backend ort-web|ort-node` as a user runs them: the written model
 * carries the graph (read back identically), passes onnx.checker, runs in onnxruntime with the CPU backend's
 * numbers and JSON shape, and bad input exits 1 with coded diagnostics.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument, serializeDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { exportOnnx, FORMWORK_GRAPH_KEY, readFormworkMetadata, readOnnxMetadata } from '../../engine/onnx/export.ts';
import { runChecker } from '../onnx/run-checker.ts';
import { unwrap } from '../random-graphs/helpers.ts';

const root = new URL('../..', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', `${name}.formwork.json`);
const scratch = mkdtempSync(join(tmpdir(), 'formwork-cli-onnx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npx formwork …args` in a child process (several may run at once). */
function formwork(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/formwork.mjs'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
  });
}

/** Exports `file` to a fresh path in the scratch dir; returns the path and the bytes written. */
async function exported(file: string, name: string, ...flags: string[]): Promise<{ path: string; bytes: Uint8Array; stdout: string }> {
  const path = join(scratch, name);
  const r = await formwork('export', file, '-o', path, ...flags);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(existsSync(path)).toBe(true);
  return { path, bytes: new Uint8Array(readFileSync(path)), stdout: r.stdout };
}

interface RunJson {
  outputs: Record<string, { dtype: string; shape: number[]; data: number[] }>;
}

async function runJson(backend: string, ...args: string[]): Promise<RunJson> {
  const r = await formwork('run', example('tiny-gpt'), '--text', 'hello, world', '--json', '--backend', backend, ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunJson;
}

describe('formwork export', () => {
  it('writes the model with the graph in its metadata, exactly as Formwork saves it, and says what it wrote', async () => {
    const { bytes, stdout } = await exported(example('tiny-gpt'), 'tiny-gpt.onnx');
    expect(stdout).toMatch(/^wrote .*tiny-gpt\.onnx: [\d,]+ bytes, opset 17 \(IR 8\)\n {2}[\d,]+ nodes, [\d,]+ initializers, 18,880 learned parameters/);
    expect(stdout).toContain('inputs: text; outputs: probs');
    const doc = unwrap(parseDocument(readFileSync(example('tiny-gpt'), 'utf8')));
    const text = readFormworkMetadata(bytes);
    expect(text).toBe(serializeDocument(doc));
    expect(unwrap(parseDocument(text!))).toEqual(doc);
    // The CLI writes what the library writes for the same document.
    const plan = unwrap(compile(doc, standardCatalogue())).plan;
    expect(Buffer.from(bytes).equals(exportOnnx(plan, { metadata: { [FORMWORK_GRAPH_KEY]: serializeDocument(doc) } }))).toBe(true);
  });

  it('round-trips graph → onnx → graph → onnx to the same bytes, and is deterministic', async () => {
    const [first, again] = await Promise.all([exported(example('encoder-decoder'), 'ed-1.onnx'), exported(example('encoder-decoder'), 'ed-2.onnx')]);
    expect(Buffer.from(again.bytes).equals(first.bytes)).toBe(true);
    const readBack = join(scratch, 'read-back.formwork.json');
    writeFileSync(readBack, readFormworkMetadata(first.bytes)!);
    expect(Buffer.from((await exported(readBack, 'ed-3.onnx')).bytes).equals(first.bytes)).toBe(true);
  });

  it('--debug --opset --seed --json: debug outputs, the opset asked for, the seed in the stored graph', async () => {
    const path = join(scratch, 'debug.onnx');
    const r = await formwork('export', example('tiny-gpt'), '-o', path, '--debug', '--opset', '18', '--seed', '7', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ file: path, opset: 18, inputs: ['text'], outputs: ['probs'], parameters: 18_880 });
    const { plan } = unwrap(compile(unwrap(parseDocument(readFileSync(example('tiny-gpt'), 'utf8'))), standardCatalogue()));
    const ports = plan.blocks.reduce((n, b) => n + Object.keys(b.outputs).length + Object.keys(b.intermediates).length, 0);
    expect(summary.debugOutputs).toBe(ports);
    const meta = readOnnxMetadata(new Uint8Array(readFileSync(path)));
    expect(meta.ok && JSON.parse(meta.value[FORMWORK_GRAPH_KEY]!).seed).toBe(7);
  });

  it('passes onnx.checker.check_model(full_check=True), plain and debug', async () => {
    const [plain, debug, ed] = await Promise.all([
      exported(example('tiny-gpt'), 'check.onnx'),
      exported(example('tiny-gpt'), 'check-debug.onnx', '--debug'),
      exported(example('encoder-decoder'), 'check-ed.onnx'),
    ]);
    const models = [['tiny-gpt', plain.bytes], ['tiny-gpt (debug)', debug.bytes], ['encoder-decoder', ed.bytes]] as const;
    expect([...runChecker(models)]).toEqual(models.map(([label]) => [label, '']));
  });

  it('bad input exits 1 with coded diagnostics: malformed file, unsupported opset, unwritable path', async () => {
    const broken = join(scratch, 'broken.formwork.json');
    writeFileSync(broken, '{"format": "formwork.graph", "version": 1, "nodes": [');
    const cases: Array<[string[], RegExp]> = [
      [['export', broken, '-o', join(scratch, 'x.onnx')], /^FW001 error: not valid JSON/m],
      [['export', example('tiny-gpt'), '-o', join(scratch, 'x.onnx'), '--opset', '99'], /^FW070 error: opset 99 is not supported/m],
      [['export', example('tiny-gpt'), '-o', join(scratch, 'no-such-dir', 'x.onnx')], /^FW070 error: cannot write .*ENOENT/m],
      [['run', broken, '--text', 'hi', '--backend', 'ort-web'], /^FW001 error/m],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => formwork(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = outcomes[i]!;
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    expect(existsSync(join(scratch, 'x.onnx'))).toBe(false);
  });
});

describe('formwork run --backend', () => {
  it('ort-web and ort-node print the CPU backend\'s JSON shape with the same numbers (max |Δ| ≤ 1e-4)', async () => {
    const [cpu, ...others] = await Promise.all(['cpu', 'ort-web', 'ort-node'].map((b) => runJson(b)));
    expect(Object.keys(cpu!.outputs)).toEqual(['probs']);
    for (const [i, backend] of ['ort-web', 'ort-node'].entries()) {
      const ort = others[i]!;
      expect(Object.keys(ort)).toEqual(['outputs']);
      expect(Object.keys(ort.outputs)).toEqual(Object.keys(cpu!.outputs));
      for (const [name, t] of Object.entries(cpu!.outputs)) {
        const o = ort.outputs[name]!;
        expect(Object.keys(o)).toEqual(Object.keys(t));
        expect([o.dtype, o.shape]).toEqual([t.dtype, t.shape]);
        expect(Math.max(...t.data.map((v, i) => Math.abs(v - o.data[i]!))), backend).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('a sequence longer than the positional table: FW051 on every backend', async () => {
    const long = 'x'.repeat(70); // tiny-gpt's max_len is 64
    const backends = ['cpu', 'ort-node'];
    const outcomes = await Promise.all(backends.map((backend) => formwork('run', example('tiny-gpt'), '--text', long, '--backend', backend)));
    for (const [i, backend] of backends.entries()) {
      const r = outcomes[i]!;
      expect(r.code, backend).toBe(1);
      expect(r.stderr).toMatch(/^FW051 error/m);
    }
  });

  it('an unknown backend is a usage error (exit 2)', async () => {
    const r = await formwork('run', example('tiny-gpt'), '--text', 'hi', '--backend', 'gpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--backend must be cpu, ort-web or ort-node');
  });
});
