/**
 * compareBackends itself: it must point at the first diverging block, compare infinities, NaNs, shapes and
 * argmax near-ties sensibly, explain bad input as diagnostics, and stay browser-safe.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { float32, int64 } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { compareBackends, formatParityReport, ParityError, tensorDiff, tryCompareBackends } from '../../engine/onnx/parity.ts';
import { exampleFeeds, unwrap } from './helpers.ts';

ort.env.wasm.numThreads = 1;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const doc = unwrap(parseDocument(readFileSync(join(ROOT, 'examples/tiny-gpt.formwork.json'), 'utf8')));
const compiled = unwrap(compile(doc, standardCatalogue()));
const feeds = exampleFeeds(compiled);

describe('compareBackends on tiny-gpt', () => {
  it.each(['web', 'node'] as const)('finds agreement everywhere on onnxruntime-%s, block by block in execution order', async (runtime) => {
    const report = await compareBackends(compiled, feeds, { runtime });
    expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(report.firstOverTolerance).toBeUndefined();
    const ports = compiled.plan.blocks.flatMap((b) => [...Object.keys(b.outputs), ...Object.keys(b.intermediates)].map((p) => `${b.node}:${p}`));
    expect(report.blocks.map((c) => `${c.node}:${c.port}`)).toEqual(ports);
    expect(report.outputs.map((c) => c.node)).toEqual(['probs']);
    expect(report.blocks.find((c) => c.node === 'layers.1.attn' && c.port === 'pattern')).toMatchObject({
      block: 'MultiHeadAttention', kind: 'intermediate', shape: [1, 4, 5, 5],
    });
  });

  it.each(['web', 'node'] as const)('points at the first block that diverges on onnxruntime-%s', async (runtime) => {
    // The model has one bias changed deep inside the second layer (not by a constant, which the layer norm
    // after it would undo); everything before it still agrees.
    const bias = float32([32], Array.from({ length: 32 }, (_, i) => (i % 4) * 0.25));
    const tampered = unwrap(compile(doc, standardCatalogue(), { weights: new Map([['layers.1.ff.b2', bias]]) }));
    const report = await compareBackends(compiled, feeds, { runtime, model: exportOnnx(tampered.plan, { debug: true }) });
    expect(report.firstOverTolerance).toMatchObject({ node: 'layers.1.ff', block: 'FeedForward', port: 'y', kind: 'output' });
    expect(report.firstOverTolerance!.maxAbsDiff).toBeCloseTo(0.75, 4);
    const first = report.blocks.indexOf(report.firstOverTolerance!);
    expect(report.blocks.slice(0, first).every((c) => c.maxAbsDiff <= 1e-5)).toBe(true);
    expect(report.outputs[0]!.maxAbsDiff).toBeGreaterThan(1e-4);
    expect(formatParityReport(report)).toContain('first over tolerance: layers.1.ff (FeedForward) output \'y\'');
  });

  it('explains feeds that do not fit as FW051 and a broken model as FW070', async () => {
    const bad = await tryCompareBackends(compiled, { text: int64([1, 2, 2], [0, 1, 2, 3]) }, { runtime: 'web' });
    expect(!bad.ok && bad.diagnostics.map((d) => d.code)).toEqual(['FW051']);
    await expect(compareBackends(compiled, feeds, { runtime: 'web', model: Uint8Array.from([8, 1, 2, 3]) })).rejects.toThrow(ParityError);
    const broken = await tryCompareBackends(compiled, feeds, { runtime: 'node', model: Uint8Array.from([8, 1, 2, 3]) });
    expect(!broken.ok && broken.diagnostics.map((d) => d.code)).toEqual(['FW070']);
  });
});

describe('tensorDiff', () => {
  const f = (values: number[], shape = [values.length]) => float32(shape, values);
  it('counts equal infinities and NaN against NaN as agreement, anything else against NaN as Infinity', () => {
    expect(tensorDiff(f([-Infinity, 1, NaN]), f([-Infinity, 1.5, NaN])).maxAbsDiff).toBe(0.5);
    expect(tensorDiff(f([-Infinity]), f([0])).maxAbsDiff).toBe(Infinity);
    expect(tensorDiff(f([NaN]), f([0])).maxAbsDiff).toBe(Infinity);
  });
  it('reports dtype and shape mismatches', () => {
    expect(tensorDiff(f([1, 2]), f([1, 2], [2, 1]))).toMatchObject({ maxAbsDiff: Infinity, problem: 'shape [2, 1], expected [2]' });
    expect(tensorDiff(f([1]), int64([1], [1]))).toMatchObject({ maxAbsDiff: Infinity, problem: 'dtype int64, expected float32' });
  });
  it('measures a different argmax by the gap between the scores it chose between', () => {
    const scores = f([0.3, 0.30000001, 0.1, 0.9, 0.2, 0.1], [2, 3]);
    expect(tensorDiff(int64([2], [1, 0]), int64([2], [0, 0]), scores).maxAbsDiff).toBeLessThan(1e-6);
    expect(tensorDiff(int64([2], [1, 0]), int64([2], [1, 2]), scores).maxAbsDiff).toBeCloseTo(0.8, 6);
    expect(tensorDiff(int64([2], [1, 0]), int64([2], [1, 2])).maxAbsDiff).toBe(2);
  });
});

/** Relative and bare import specifiers of a source file (static imports and literal dynamic ones). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]|(?<!typeof\s*)import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

it('parity.ts is browser-safe: nothing it imports, directly or not, is a Node module or onnxruntime-node', () => {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) visit(join(dirname(file), spec));
      else bare.add(spec);
    }
  };
  visit(join(ROOT, 'engine/onnx/parity.ts'));
  expect([...seen].map((f) => relative(ROOT, f))).toContain('engine/onnx/ort-run.ts');
  expect([...bare].filter((s) => s.startsWith('node:') || s === 'onnxruntime-node' || ['fs', 'path', 'os', 'child_process'].includes(s))).toEqual([]);
});
