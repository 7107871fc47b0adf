/**
 * The CLI in-process for the untrusted-file tests: `runCli` with its output captured, scratch folders
 * and example documents to break.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../../engine/cli/command.ts';
import { COMMANDS, runCli } from '../../engine/cli/cli.ts';
import { setCliStreams } from '../../engine/cli/terminal.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `formwork ...argv` in this process. */
export async function cli(argv: readonly string[], commands: readonly Command[] = COMMANDS): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  setCliStreams({ stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  const started = performance.now();
  try {
    const code = await runCli(argv, commands);
    return { code, stdout, stderr, ms: performance.now() - started };
  } finally {
    setCliStreams(undefined);
  }
}

/** A fresh folder. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'formwork-untrusted-'));

/** A node of a graph file, loosely typed so tests can break it. */
export interface DocNode {
  id: string;
  block?: string;
  subgraph?: string;
  repeat?: number;
  params?: Record<string, unknown>;
}

export interface DocBody {
  nodes: DocNode[];
  edges: Array<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
}

/** A graph file as a mutable object. */
export interface Doc extends DocBody {
  [key: string]: unknown;
  subgraphs?: Record<string, DocBody>;
  weights?: Record<string, { shape: number[]; data: number[] }>;
}

/** An example graph as a mutable object. */
export function example(name: string): Doc {
  return JSON.parse(readFileSync(join(root, 'examples', `${name}.formwork.json`), 'utf8')) as Doc;
}

/** Writes `doc` (an object or raw text) into `dir` and returns its path. */
export function writeGraph(dir: string, doc: Doc | string, name = 'g.formwork.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

/** Renames node `from` to `to` everywhere in a body's nodes and edges (and the layout). */
export function renameNode(doc: Doc, from: string, to: string): Doc {
  const text = JSON.stringify(doc).replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(text) as Doc;
}

/** No stack frame and no FW099 in the output. */
export const NO_STACK = /\n\s+at |FW099/;
