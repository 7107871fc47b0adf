/**
 * `formwork export FILE --format pytorch -o DIR`: writes model.py, model.safetensors and train.py
 * (engine/pytorch) into DIR, creating it if needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Compiled } from '../compile/compile.ts';
import { exportPytorch } from '../pytorch/export.ts';

/** Writes the PyTorch export of `compiled` into `dir`; returns the files written with their sizes. */
export function writePytorchExport(compiled: Compiled, doc: GraphDocument, dir: string): Result<Array<{ file: string; bytes: number }>> {
  const files = exportPytorch(compiled, doc);
  if (!files.ok) return files;
  const written: Array<{ file: string; bytes: number }> = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of files.value) {
      const path = join(dir, name);
      writeFileSync(path, content);
      written.push({ file: path, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length });
    }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return fail([error('FW070', `cannot write into ${dir}: ${reason}`, { hint: 'choose a writable directory with -o' })]);
  }
  return ok(written);
}
