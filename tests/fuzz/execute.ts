/**
 * Runs one fuzz case in-process through the CLI entry (`runCli`, exactly what the shell calls) and
 * judges what came back. The oracle: no internal error, no stack trace, no raw control character and no
 * byte of a file outside the case folder in the output, exit codes 0/1/2 only, and a graph that
 * `validate` accepts must also `run` on an input that fits it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { runCli } from '../../engine/cli/cli.ts';
import { setCliStreams } from '../../engine/cli/terminal.ts';
import { readFormworkMetadata } from '../../engine/onnx/metadata.ts';
import type { FuzzCase } from './cases.ts';

/** What is wrong with a case's outcome (the first problem found), or null. */
export type Verdict =
  | { readonly problem: 'internal-error' | 'stack-trace' | 'control-character' | 'leak' | 'bad-exit' | 'valid-but-run-fails' | 'slow'; readonly detail: string }
  | null;

export interface CaseOutcome {
  readonly verdict: Verdict;
  /** Commands run, with exit codes and CPU milliseconds. */
  readonly commands: ReadonlyArray<{ readonly argv: readonly string[]; readonly code: number; readonly ms: number }>;
  /** A short signature for grouping distinct failures. */
  readonly signature: string;
}

/**
 * Commands that take more CPU time than this are failures (the 5 s bound). CPU time, not wall
 * time: the machine is shared, and a file's cost is the work it causes. The watchdog in runner.ts also
 * kills a command after a wall-clock limit.
 */
export const SLOW_MS = 5000;

/** A stack frame outside an internal error (which prints one only because the fuzzer passes --debug). */
const STACK = /\n\s+at [^\n]*[(:]\S*:\d+/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** The first bytes of /etc/passwd, which a symlink in a case may point at. */
const LEAK = /root:x?:?0:0|root:\*:0/;
/** Run failures caused by the input the fuzzer chose, not by the graph (and, for WAV cases, by the mutated WAV). */
const INPUT_PROBLEM = /FW051 [^\n]*(gives no tokens|no text given|covers at most)|FW060 [^\n]*no token for (character|word)|FW061 [^\n]*takes at most/;
const WAV_PROBLEM = /^FW061 /m;

function writeCase(dir: string, c: FuzzCase): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, file] of Object.entries(c.files)) {
    if (file instanceof Uint8Array) writeFileSync(join(dir, name), file);
    else symlinkSync(file.symlink, join(dir, name));
  }
}

type JsonObject = Record<string, unknown>;

/** `--input NAME=TEXT` / `--wav NAME=FILE` arguments that fit the graph's inputs, read from the document. */
function runInputs(docText: string | null, wavFile: string): string[] {
  if (docText === null) return ['--ids', '0'];
  let doc: JsonObject;
  try {
    doc = JSON.parse(docText) as JsonObject;
  } catch {
    return ['--ids', '0'];
  }
  const catalogue = standardCatalogue();
  const args: string[] = [];
  for (const node of Array.isArray(doc.nodes) ? (doc.nodes as JsonObject[]) : []) {
    const block = typeof node?.block === 'string' ? catalogue.get(node.block) : undefined;
    if (block?.accepts === 'text') args.push('--input', `${String(node.id)}=${sampleText((node.params as JsonObject | undefined)?.tokenizer)}`);
    else if (block?.accepts === 'audio') args.push('--wav', `${String(node.id)}=${wavFile}`);
  }
  return args.length > 0 ? args : ['--ids', '0'];
}

/** A text the tokenizer can encode: a few of its single entries, or "a" (default vocabulary, BPE). */
function sampleText(spec: unknown): string {
  const s = spec as { kind?: unknown; vocab?: unknown; unknown?: unknown; lowercase?: unknown } | undefined;
  if (!s || !Array.isArray(s.vocab) || s.kind === 'bpe') return 'a';
  const usable = s.vocab.filter((t): t is string => typeof t === 'string' && t.trim() !== '' && t !== s.unknown && (s.lowercase !== true || t === t.toLowerCase()));
  if (s.kind === 'char') return usable.filter((t) => [...t].length === 1).slice(0, 3).join('') || 'a';
  return usable[0] ?? 'a';
}

async function cli(argv: readonly string[]): Promise<{ code: number; output: string; ms: number }> {
  let output = '';
  setCliStreams({ stdout: (t) => void (output += t), stderr: (t) => void (output += t) });
  const started = process.cpuUsage();
  let code: number;
  try {
    code = await runCli(['--debug', ...argv]); // --debug: an internal error shows its message and frame
  } catch (e) {
    output += `\nUNCAUGHT ${(e as Error)?.stack ?? String(e)}`;
    code = -1;
  } finally {
    setCliStreams(undefined);
  }
  const used = process.cpuUsage(started);
  return { code, output, ms: (used.user + used.system) / 1000 };
}

function judge(argv: readonly string[], r: { code: number; output: string; ms: number }): Verdict {
  const command = argv[0]!;
  if (r.code === -1 || /FW099|internal error/i.test(r.output)) return { problem: 'internal-error', detail: `${command}: ${r.output.split('\n').slice(1, 3).join(' ').slice(0, 300)}` };
  if (STACK.test(r.output)) return { problem: 'stack-trace', detail: `${command}: ${firstLines(r.output)}` };
  if (CONTROL.test(r.output)) return { problem: 'control-character', detail: `${command}: ${JSON.stringify(r.output.slice(0, 200))}` };
  if (LEAK.test(r.output)) return { problem: 'leak', detail: `${command}: ${firstLines(r.output)}` };
  if (r.code !== 0 && r.code !== 1 && r.code !== 2) return { problem: 'bad-exit', detail: `${command}: exit ${r.code}` };
  if (r.ms > SLOW_MS) return { problem: 'slow', detail: `${command}: ${Math.round(r.ms)} ms` };
  return null;
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' | ').slice(0, 300);
}

/** Groups verdicts: problem, command and the diagnostic code or first words of the message. */
function signatureOf(verdict: Verdict, kind: string): string {
  if (!verdict) return 'ok';
  const code = /FW\d\d\d/.exec(verdict.detail)?.[0] ?? '';
  const words = verdict.detail.replace(/'[^']*'|"[^"]*"|\[[^\]]*\]|\d+/g, '_').slice(0, 60);
  return `${verdict.problem}|${kind}|${code}|${words}`;
}

/** Runs `c` in `dir` (created fresh, removed after); `beforeCommand` lets a watchdog time each command. */
export async function executeCase(c: FuzzCase, dir: string, seedWav: Uint8Array, beforeCommand: () => void = () => {}): Promise<CaseOutcome> {
  writeCase(dir, c);
  const wavFile = c.files['a.wav'] ? join(dir, 'a.wav') : join(dir, 'input.wav');
  if (!c.files['a.wav']) writeFileSync(wavFile, seedWav);
  const main = join(dir, c.main);
  const commands: Array<{ argv: readonly string[]; code: number; ms: number }> = [];
  const step = async (argv: readonly string[]) => {
    beforeCommand();
    const r = await cli(argv);
    commands.push({ argv, code: r.code, ms: Math.round(r.ms) });
    return { r, verdict: judge(argv, r) };
  };
  try {
    const validated = await step(['validate', main]);
    if (validated.verdict) return { verdict: validated.verdict, commands, signature: signatureOf(validated.verdict, c.kind) };
    if (validated.r.code === 0) {
      const file = c.files[c.main];
      const docText = file instanceof Uint8Array ? (c.main.endsWith('.onnx') ? readFormworkMetadata(file) : new TextDecoder().decode(file)) : null;
      const ran = await step(['run', main, ...runInputs(docText, wavFile)]);
      if (ran.verdict) return { verdict: ran.verdict, commands, signature: signatureOf(ran.verdict, c.kind) };
      if (ran.r.code === 1 && !INPUT_PROBLEM.test(ran.r.output) && !(c.kind === 'wav' && WAV_PROBLEM.test(ran.r.output))) {
        const verdict: Verdict = { problem: 'valid-but-run-fails', detail: `run: ${firstLines(ran.r.output)}` };
        return { verdict, commands, signature: signatureOf(verdict, c.kind) };
      }
    }
    for (const extra of c.extra) {
      const r = await step([extra[0]!, main, ...extra.slice(1)]);
      if (r.verdict) return { verdict: r.verdict, commands, signature: signatureOf(r.verdict, c.kind) };
    }
    return { verdict: null, commands, signature: 'ok' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
