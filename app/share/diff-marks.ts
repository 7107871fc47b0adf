/**
 * Canvas marks for a diff against another file: nodes added in this graph (green) and nodes whose
 * parameters changed or that were renamed (amber); instances of a subgraph whose body changed are
 * marked too, so the change shows at the top level. Pure.
 */
import type { DocumentDiff } from '../../graph-schema/diff.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { addedMarkKeys } from '../tour/tour.ts';

/** Mark keys (`id` or `subgraph/id`) for the added and the changed nodes of `doc`, the newer side of `diff`. */
export function diffMarkKeys(doc: GraphDocument, diff: DocumentDiff): { added: string[]; changed: string[] } {
  const added = addedMarkKeys(doc, diff);
  const changedNodes = [...diff.changedParams.map((c) => c.node), ...diff.renamed.map((r) => r.to)];
  const addedSet = new Set(added);
  const changed = addedMarkKeys(doc, { ...diff, added: changedNodes }).filter((k) => !addedSet.has(k));
  return { added, changed };
}
