/**
 * The fuzz corpus: one folder per distinct failure found, holding the minimised case's files and a
 * `case.json` (kind, main file, extra commands, what went wrong). `npm test` replays every entry.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseFile, CaseKind, FuzzCase } from './cases.ts';
import { describeFiles } from './minimise.ts';

/** The committed corpus. */
export const CORPUS_DIR = new URL('./corpus', import.meta.url).pathname;

interface CaseJson {
  readonly kind: CaseKind;
  readonly main: string;
  readonly extra: ReadonlyArray<readonly string[]>;
  readonly files: Record<string, string | { symlink: string }>;
  readonly found: { readonly problem: string; readonly detail: string; readonly seed: number; readonly index: number };
}

/** A short stable name for a signature. */
function slug(signature: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < signature.length; i++) h = Math.imul(h ^ signature.charCodeAt(i), 0x01000193) >>> 0;
  const problem = signature.split('|')[0] ?? 'case';
  return `${problem}-${h.toString(16).padStart(8, '0')}`;
}

/** Stores a minimised case under `dir`; an existing entry of the same signature is kept. */
export function saveCase(dir: string, signature: string, c: FuzzCase, found: CaseJson['found']): string {
  const folder = join(dir, slug(signature));
  if (existsSync(folder)) return folder;
  mkdirSync(folder, { recursive: true });
  for (const [name, f] of Object.entries(c.files)) if (f instanceof Uint8Array) writeFileSync(join(folder, name), f);
  const json: CaseJson = { kind: c.kind, main: c.main, extra: c.extra, files: describeFiles(c.files), found };
  writeFileSync(join(folder, 'case.json'), JSON.stringify(json, null, 2) + '\n');
  return folder;
}

/** Every stored case, by folder name. */
export function loadCorpus(dir = CORPUS_DIR): Array<{ name: string; case: FuzzCase; found: CaseJson['found'] }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => lstatSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'case.json')))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as CaseJson;
      const files: Record<string, CaseFile> = {};
      for (const [file, spec] of Object.entries(json.files))
        files[file] = typeof spec === 'string' ? new Uint8Array(readFileSync(join(dir, name, spec))) : { symlink: spec.symlink };
      return { name, case: { kind: json.kind, main: json.main, extra: json.extra, files }, found: json.found };
    });
}
