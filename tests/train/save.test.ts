/**
 * Trained weights written back into a graph: inline or in a .safetensors beside it, the graph compiles to
 * exactly those weights (and the tied de-embedding follows the trained embedding table).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { parseDocument, serializeDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { loadGraph } from '../../engine/cli/io.ts';
import { compile } from '../../engine/compile/compile.ts';
import { writeSafetensors } from '../../engine/io/safetensors.ts';
import { learnedWeights } from '../../engine/train/model.ts';
import { withInlineWeights, withWeightsFile } from '../../engine/train/save.ts';

const GPT = new URL('../../examples/tiny-gpt.formwork.json', import.meta.url);

function trainedFake(doc: GraphDocument) {
  const compiled = compile(doc, standardCatalogue());
  if (!compiled.ok) throw new Error('compile');
  const parameters = new Map<string, Float32Array>();
  const shapes = new Map<string, readonly number[]>();
  for (const w of learnedWeights(compiled.value.analysis)) {
    const t = compiled.value.plan.weights.get(w.name)!.tensor;
    parameters.set(w.name, (t.data as Float32Array).map((v, i) => v * 0.5 + (i % 7) / 100));
    shapes.set(w.name, t.shape);
  }
  return { parameters, shapes };
}

function planWeights(doc: GraphDocument, file?: ReadonlyMap<string, Tensor>) {
  const compiled = compile(doc, standardCatalogue(), file ? { weights: file } : {});
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.value.plan.weights;
}

describe('saving trained weights', () => {
  const parsed = parseDocument(readFileSync(GPT, 'utf8'));
  if (!parsed.ok) throw new Error('example');
  const doc = parsed.value;

  it("tiny-gpt learns 25 weights (18,880 numbers); the de-embedding is tied to embed.table and not one of them", () => {
    const compiled = compile(doc, standardCatalogue());
    if (!compiled.ok) throw new Error('compile');
    const learned = learnedWeights(compiled.value.analysis);
    expect(learned).toHaveLength(25);
    expect(learned.map((w) => w.name)).toContain('embed.table');
    expect(learned.map((w) => w.name)).not.toContain('unembed.W');
    expect(learned.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0)).toBe(compiled.value.analysis.parameterCount);
    expect(compiled.value.analysis.parameterCount).toBe(18_880);
  });

  it('inline: the written graph validates and compiles to exactly the trained weights', () => {
    const trained = trainedFake(doc);
    const reparsed = parseDocument(serializeDocument(withInlineWeights({ ...doc, weightsFile: 'old.safetensors' }, trained)));
    if (!reparsed.ok) throw new Error(JSON.stringify(reparsed.diagnostics));
    expect(reparsed.value.weightsFile).toBeUndefined();
    const weights = planWeights(reparsed.value);
    for (const [name, data] of trained.parameters) expect(Array.from(weights.get(name)!.tensor.data)).toEqual(Array.from(data));
  });

  it('weights file: the graph names it, inline copies that would shadow it are gone, loading gives the trained weights', () => {
    const trained = trainedFake(doc);
    const stale = { ...doc, weights: { 'embed.table': { shape: [64, 32], data: new Array<number>(2048).fill(0) } } };
    const { doc: pointing, tensors } = withWeightsFile(stale, trained, 'trained.safetensors');
    expect(pointing.weights).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'formwork-save-'));
    writeFileSync(join(dir, 'trained.safetensors'), writeSafetensors(tensors));
    writeFileSync(join(dir, 'trained.formwork.json'), serializeDocument(pointing));
    const loaded = loadGraph(join(dir, 'trained.formwork.json'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const weights = planWeights(loaded.value.doc, loaded.value.weights);
    for (const [name, data] of trained.parameters) expect(Array.from(weights.get(name)!.tensor.data)).toEqual(Array.from(data));
  });
});
