/**
 * Loading the shipped example graphs and running them on text, as the CLI and the app do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { formatDiagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile, type Compiled } from '../../engine/compile/compile.ts';
import { createSession, type Session } from '../../engine/run/session.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

/** File names of every shipped example. */
export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.formwork.json')).sort();
}

export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) expect.fail(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.value;
}

/** Reads and validates one example. */
export function loadExample(file: string): GraphDocument {
  return unwrap(parseDocument(readFileSync(EXAMPLES_DIR + file, 'utf8')));
}

export function compileExample(file: string): Compiled {
  return unwrap(compile(loadExample(file), standardCatalogue()));
}

/** Encodes `texts` (by input name) with the graph's own tokenizers and runs the whole model. */
export function runOnText(
  compiled: Compiled,
  texts: Readonly<Record<string, string>>,
): { outputs: Record<string, Tensor>; session: Session; feeds: Record<string, Tensor> } {
  const tokenizers = unwrap(tokenizersOf(compiled.plan, compiled.analysis));
  const feeds = unwrap(feedsFromText(tokenizers, texts));
  const session = unwrap(createSession(compiled.plan, feeds));
  return { outputs: unwrap(session.run()), session, feeds };
}

/** Rows of the last axis. */
export function rows(t: Tensor): number[][] {
  const n = t.shape[t.shape.length - 1]!;
  const out: number[][] = [];
  for (let i = 0; i < t.data.length; i += n) out.push(Array.from(t.data.slice(i, i + n)));
  return out;
}
