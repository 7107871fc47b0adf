import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDARD_BLOCKS } from '../graph-schema/blocks/index.ts';
import { PRIM_OPS } from '../graph-schema/primitives.ts';

const root = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(join(root, dir))) return out;
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(relative(root, path)));
    else if (/\.(ts|tsx)$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

function resolvesInto(file: string, spec: string, top: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = relative(root, join(root, file, '..', spec));
  return target === top || target.startsWith(top + '/');
}

describe('architecture', () => {
  it('graph-schema imports neither engine nor app', () => {
    const bad = sources('graph-schema').flatMap((f) => imports(f).filter((s) => resolvesInto(f, s, 'engine') || resolvesInto(f, s, 'app')).map((s) => `${f} → ${s}`));
    expect(bad).toEqual([]);
  });

  it('engine does not import app', () => {
    const bad = sources('engine').flatMap((f) => imports(f).filter((s) => resolvesInto(f, s, 'app')).map((s) => `${f} → ${s}`));
    expect(bad).toEqual([]);
  });

  it('no switch over block ids outside the block files', () => {
    // Block ids that are also primitive op names (Add, MatMul, Softmax) are legitimately matched by the op tables.
    const ids = STANDARD_BLOCKS.map((b) => b.id).filter((id) => !(PRIM_OPS as readonly string[]).includes(id));
    const files = [...sources('engine'), ...sources('app'), ...sources('graph-schema').filter((f) => !f.startsWith('graph-schema/blocks/'))];
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const id of ids) if (new RegExp(`case\\s+['"]${id}['"]|[!=]==\\s*['"]${id}['"]|['"]${id}['"]\\s*[!=]==`).test(text)) bad.push(`${f}: ${id}`);
    }
    expect(bad).toEqual([]);
  });

  it('reads no block param by name outside the block files (blocks declare what the engine needs)', () => {
    const names = new Set(STANDARD_BLOCKS.flatMap((b) => Object.keys(b.params)));
    const files = [...sources('engine'), ...sources('app'), ...sources('graph-schema').filter((f) => !f.startsWith('graph-schema/blocks/'))];
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // code, not comments
      for (const m of text.matchAll(/\bparams\??\.([A-Za-z_]\w*)|\bparams\??\.?\[['"]([A-Za-z_]\w*)['"]\]/g)) {
        const name = m[1] ?? m[2]!;
        if (names.has(name)) bad.push(`${f}: params.${name}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('engine folders follow its pipeline: a handful of loose files at most, and the compiler never imports the exporter', () => {
    const loose = readdirSync(join(root, 'engine')).filter((name) => /\.(ts|tsx)$/.test(name));
    expect(loose.length, loose.join(', ')).toBeLessThanOrEqual(3);
    const bad = sources('engine/compile').flatMap((f) => imports(f).filter((s) => resolvesInto(f, s, 'engine/onnx')).map((s) => `${f} → ${s}`));
    expect(bad).toEqual([]);
  });
});
