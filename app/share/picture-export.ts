/**
 * Export the canvas as a picture that carries the graph: SVG (document in `<metadata>`) or PNG (the
 * same SVG rasterised at 2× in the browser, document in an iTXt chunk). And the other way: open a
 * dropped or picked PNG/SVG by the graph it carries, or say that it carries none.
 */
import { fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import { serializeDocument } from '../../graph-schema/parse.ts';
import { graphTextFromPng, withPngText } from '../../engine/share/png-text.ts';
import { graphTextFromSvg } from '../../engine/share/svg-graph.ts';
import { fileNameFor } from '../files/file-io.ts';
import { pictureSvg, sceneBounds, type PicturePalette, type PictureScene } from './picture-svg.ts';

/** Picture formats the editor writes and reads. */
export type PictureKind = 'png' | 'svg';

/** Largest PNG side in pixels (browsers refuse bigger canvases). */
const MAX_SIDE = 8192;
/** Largest picture file read when opening one. */
const MAX_PICTURE_BYTES = LIMITS.maxFileBytes * 2;

/** `tiny-gpt.formwork.json` → `tiny-gpt.png`. */
export function pictureFileName(doc: GraphDocument, kind: PictureKind): string {
  return fileNameFor(doc).replace(/\.formwork\.json$/, `.${kind}`);
}

/** The picture kind of a file by name or type, or null for anything else. */
export function pictureKindOf(file: { readonly name: string; readonly type: string }): PictureKind | null {
  if (/\.png$/i.test(file.name) || file.type === 'image/png') return 'png';
  if (/\.svg$/i.test(file.name) || file.type === 'image/svg+xml') return 'svg';
  return null;
}

/** Draws SVG text onto a canvas at `scale` and returns the PNG bytes. */
async function rasterize(svg: string, width: number, height: number, scale: number): Promise<Uint8Array> {
  const s = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * s));
    canvas.height = Math.max(1, Math.round(height * s));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gives no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The picture bytes (PNG) or text (SVG) of `scene`, carrying `doc`. */
export async function renderPicture(kind: PictureKind, scene: PictureScene, palette: PicturePalette, doc: GraphDocument): Promise<Result<Uint8Array | string>> {
  const text = serializeDocument(doc);
  const svg = pictureSvg(scene, palette, text);
  if (kind === 'svg') return ok(svg);
  const bounds = sceneBounds(scene);
  try {
    const png = await rasterize(svg, bounds.width, bounds.height, 2);
    return withPngText(png, text);
  } catch (e) {
    return fail([{ code: 'FW080', severity: 'error', message: `the picture could not be drawn: ${(e as Error).message}` }]);
  }
}

/** The graph document text inside a picture file (FW081 when it carries none). */
export async function graphTextFromPicture(file: File, kind: PictureKind): Promise<Result<string>> {
  if (file.size > MAX_PICTURE_BYTES)
    return fail([{ code: 'FW080', severity: 'error', message: `the picture has ${file.size} bytes; pictures up to ${MAX_PICTURE_BYTES} bytes are read` }]);
  if (kind === 'svg') return graphTextFromSvg(await file.text());
  return graphTextFromPng(new Uint8Array(await file.arrayBuffer()));
}
