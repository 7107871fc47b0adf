/**
 * Graph documents inside SVG pictures: the document text, XML-escaped, in
 * `<metadata><formwork:graph xmlns:formwork="urn:formwork:graph">…</formwork:graph></metadata>`.
 * Any SVG viewer ignores it; Formwork opens the graph from it. Reading is a bounded text scan (no XML
 * parser needed, the same in Node and the browser).
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import { LIMITS } from '../../graph-schema/limits.ts';

const OPEN = '<formwork:graph xmlns:formwork="urn:formwork:graph">';
const CLOSE = '</formwork:graph>';

/** `&`, `<`, `>`, `"` as entities, so any text is safe inside an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES.get(name) ?? whole;
  });
}

/** The `<metadata>` element carrying `documentText`, to put inside an `<svg>` element. */
export function svgGraphMetadata(documentText: string): string {
  return `<metadata>${OPEN}${escapeXml(documentText)}${CLOSE}</metadata>`;
}

/** True when the text looks like an SVG document. */
export function isSvgText(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text.slice(0, 4096));
}

/** The graph document text an SVG carries: FW081 when it carries none, FW080 when it is not an SVG or too large. */
export function graphTextFromSvg(svg: string, maxChars: number = LIMITS.maxFileBytes): Result<string> {
  if (svg.length > maxChars) return fail([error('FW080', `the SVG has ${svg.length} characters; the limit is ${maxChars}`)]);
  if (!isSvgText(svg)) return fail([error('FW080', 'this is not an SVG picture', { hint: 'open an SVG exported from Formwork' })]);
  const start = svg.indexOf(OPEN);
  const end = start < 0 ? -1 : svg.indexOf(CLOSE, start + OPEN.length);
  if (start < 0 || end < 0)
    return fail([error('FW081', 'this picture carries no Formwork graph', { hint: 'pictures exported from Formwork (Share ▸ SVG) carry their graph; this one does not' })]);
  return ok(unescapeXml(svg.slice(start + OPEN.length, end)));
}
