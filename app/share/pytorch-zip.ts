/**
 * Export ▸ PyTorch in the editor: compiles the graph, writes model.py, model.safetensors and train.py
 * (engine/pytorch) and downloads them as one zip, `<title>-pytorch.zip`, with a folder inside.
 */
import { strToU8, zipSync } from 'fflate';
import { formatDiagnostic } from '../../graph-schema/diagnostics.ts';
import { compile } from '../../engine/compile/compile.ts';
import { exportPytorch } from '../../engine/pytorch/export.ts';
import { downloadFile, fileNameFor } from '../files/file-io.ts';
import type { EditorStore } from '../store/types.ts';

/** Compiles the store's document and downloads its PyTorch export as a zip. */
export function downloadPytorchZip(store: EditorStore): void {
  const { doc, catalogue } = store.getState();
  const compiled = compile(doc, catalogue);
  const files = compiled.ok ? exportPytorch(compiled.value, doc) : compiled;
  if (!files.ok) {
    store.getState().toast(`PyTorch export failed: ${files.diagnostics.slice(0, 2).map(formatDiagnostic).join('; ')}`, 'error');
    return;
  }
  const folder = fileNameFor(doc).replace(/\.formwork\.json$/, '') + '-pytorch';
  const entries = Object.fromEntries([...files.value].map(([name, content]) => [`${folder}/${name}`, typeof content === 'string' ? strToU8(content) : content]));
  const zip = zipSync(entries, { level: 6 });
  downloadFile(zip, `${folder}.zip`, 'application/zip');
  store.getState().toast(`Saved ${folder}.zip — model.py, model.safetensors, train.py (torchrun --nproc_per_node=1 train.py corpus.txt)`);
}
