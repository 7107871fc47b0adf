/**
 * `run --trace DIR --names transformerlens`: besides Formwork's own trace files, writes each tensor a
 * TransformerLens viewer looks for as `<hook name>.npy` and an index `transformerlens.json`
 * (`{hook: {file, shape, source}}`). Graphs without a GPT shape get a warning and Formwork names only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { encodeNpy } from '../io/npy.ts';
import { transformerLensTensors, type TracedBlock } from '../trace/transformerlens.ts';
import { printDiagnostics } from './output.ts';

/** The naming schemes `--names` accepts. */
export const TRACE_NAMES = ['formwork', 'transformerlens'] as const;

/** Writes the TransformerLens-named copies of a trace into `dir` (which already exists); returns how many. */
export function writeTransformerLensTrace(dir: string, doc: GraphDocument, blocks: (node: string) => TracedBlock | undefined): number {
  const hooks = transformerLensTensors(doc, blocks);
  if (!hooks.ok) {
    printDiagnostics(hooks.diagnostics.map((d) => ({ ...d, severity: 'warning' as const, message: `${d.message}; wrote Formwork names only` })));
    return 0;
  }
  const index: Record<string, { file: string; shape: readonly number[]; source: string }> = {};
  for (const h of hooks.value) {
    const file = `${h.name}.npy`;
    writeFileSync(join(dir, file), encodeNpy(h.tensor));
    index[h.name] = { file, shape: h.tensor.shape, source: h.source };
  }
  writeFileSync(join(dir, 'transformerlens.json'), JSON.stringify(index, null, 2) + '\n');
  return hooks.value.length;
}
