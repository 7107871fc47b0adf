/**
 * Putting trained weights back into a graph document, either inline (`weights`) or as a `.safetensors` file
 * beside it (`weightsFile`). Inline weights override the file and seeded init when the graph is loaded, so
 * each mode removes what would shadow the other.
 */
import type { GraphDocument, WeightValue } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** Trained weights by stable name with their shapes. */
export interface TrainedWeights {
  readonly parameters: ReadonlyMap<string, Float32Array>;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
}

/**
 * The document with the trained weights inline in `weights` (other explicit weights kept), and no
 * `weightsFile` (the trained values replace what it held; the output may not sit beside that file).
 */
export function withInlineWeights(doc: GraphDocument, trained: TrainedWeights): GraphDocument {
  const kept = Object.entries(doc.weights ?? {}).filter(([name]) => !trained.parameters.has(name));
  const fresh = [...trained.parameters].map(([name, data]): [string, WeightValue] => [name, { shape: [...(trained.shapes.get(name) ?? [data.length])], data: Array.from(data) }]);
  const { weightsFile: _dropped, ...rest } = doc;
  void _dropped;
  return { ...rest, weights: Object.fromEntries([...kept, ...fresh]) };
}

/**
 * The document pointing at `fileName` (a bare `.safetensors` name beside it) for the trained weights, with
 * inline entries for those names removed so they do not shadow the file; and the tensors to write there.
 */
export function withWeightsFile(doc: GraphDocument, trained: TrainedWeights, fileName: string): { doc: GraphDocument; tensors: Map<string, Tensor> } {
  const kept = Object.entries(doc.weights ?? {}).filter(([name]) => !trained.parameters.has(name));
  const { weights: _inline, ...rest } = doc;
  void _inline;
  const tensors = new Map<string, Tensor>(
    [...trained.parameters].map(([name, data]) => [name, { dtype: 'float32', shape: [...(trained.shapes.get(name) ?? [data.length])], data }]),
  );
  return { doc: { ...rest, ...(kept.length > 0 ? { weights: Object.fromEntries(kept) } : {}), weightsFile: fileName }, tensors };
}
