/**
 * Saving and reading graph files in the browser: download as `<title>.formwork.json`, read dropped
 * or picked files as text.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import { serializeDocument } from '../../graph-schema/parse.ts';

/** The suffix of graph files. */
export const FILE_SUFFIX = '.formwork.json';

/** `My model` → `My model.formwork.json`, with characters file systems dislike replaced. */
export function fileNameFor(doc: GraphDocument): string {
  const title = (doc.meta?.title ?? '').trim() || 'Untitled';
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').slice(0, 120);
  return safe + FILE_SUFFIX;
}

/** Downloads the document as a file. */
export function downloadDocument(doc: GraphDocument): string {
  const name = fileNameFor(doc);
  downloadFile(serializeDocument(doc), name, 'application/json');
  return name;
}

/** Offers `data` to the user as a downloaded file called `name`. */
export function downloadFile(data: string | Uint8Array, name: string, type: string): void {
  const blob = new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A title from a file name (`tiny-gpt.formwork.json` → `tiny-gpt`). */
export function titleFromFileName(name: string): string {
  return name.replace(/\.formwork\.json$|\.json$/i, '');
}
