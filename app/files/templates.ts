/**
 * The template gallery: every `examples/*.formwork.json` in the repository, validated like any
 * opened file. `tiny-gpt` is the graph a first visit starts with.
 */
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import { emptyDocument, type GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument } from '../../graph-schema/parse.ts';

/** One example graph in the gallery. */
export interface Template {
  /** File name without the suffix (`tiny-gpt`). */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly nodeCount: number;
  readonly doc: GraphDocument | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** The example a first visit opens. */
export const DEFAULT_TEMPLATE = 'tiny-gpt';

const files = import.meta.glob('../../examples/*.formwork.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** All example graphs, sorted with the default first. */
export const TEMPLATES: readonly Template[] = Object.entries(files)
  .map(([path, text]) => {
    const id = path.replace(/^.*\//, '').replace(/\.formwork\.json$/, '');
    const parsed = parseDocument(text);
    const doc = parsed.ok ? parsed.value : null;
    return {
      id,
      title: doc?.meta?.title ?? id,
      description: doc?.meta?.description ?? '',
      nodeCount: doc ? doc.nodes.length + Object.values(doc.subgraphs ?? {}).reduce((n, sg) => n + sg.nodes.length, 0) : 0,
      doc,
      diagnostics: parsed.ok ? [] : parsed.diagnostics,
    };
  })
  .sort((a, b) => galleryRank(a) - galleryRank(b) || (isTourStep(a) && isTourStep(b) ? (a.id < b.id ? -1 : 1) : a.title.localeCompare(b.title)));

/** True for the seed tour's steps (`tour-NN-…`), which the gallery lists in file-name order. */
function isTourStep(t: { readonly id: string }): boolean {
  return /^tour-\d+/.test(t.id);
}

/** Gallery order: the default example, then the tour in order, then the other examples by title. */
function galleryRank(t: { readonly id: string }): number {
  return t.id === DEFAULT_TEMPLATE ? 0 : isTourStep(t) ? 1 : 2;
}


/** The graph a first visit starts with: the tiny-gpt example (or, failing that, the first valid example). */
export function defaultDocument(): GraphDocument {
  return TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE && t.doc)?.doc ?? TEMPLATES.find((t) => t.doc)?.doc ?? emptyDocument('Untitled');
}
