/**
 * The fast plan computes what the reference plan computes: on every shipped example and on 200 seeded
 * random graphs, every graph output of the fused plan (run by the fast runner) agrees with the
 * interpreter on the reference plan within 1e-5 (relative above magnitude 1). The fusions must actually
 * happen — the examples and the random graphs together use every pattern. The random graphs that compile
 * as decoding plans (KV cache) agree too, over a prefill and a cached step. The fused plan keeps
 * every block output, so it still exports to ONNX and runs there with the same numbers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { fastPlan } from '../../engine/fast/fuse.ts';
import { createFastRunner } from '../../engine/fast/runner.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { createDecoder } from '../../engine/run/kv-cache.ts';
import { createSession } from '../../engine/run/session.ts';
import { randomGraph, randomGraphCatalogue } from '../random-graphs/generator.ts';
import { exampleFeeds, unwrap } from '../random-graphs/helpers.ts';
import { maxRelativeDiff } from './helpers.ts';

const TOLERANCE = 1e-5;
const EXAMPLES = new URL('../../examples/', import.meta.url);
const EXAMPLE_FILES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.formwork.json')).sort();
const SEEDS = Array.from({ length: 200 }, (_, i) => i);

/** Runs `plan` on both paths and expects every output to agree; returns the runner's fusion counts. */
function expectAgreement(label: string, plan: Plan, feeds: Record<string, Tensor>): ReadonlyMap<string, number> {
  const reference = unwrap(unwrap(createSession(plan, feeds), label).run(), label);
  const runner = createFastRunner(plan);
  const fast = unwrap(runner.run(feeds), label);
  expect(Object.keys(fast).sort()).toEqual(Object.keys(reference).sort());
  for (const [name, t] of Object.entries(reference)) {
    const diff = maxRelativeDiff(fast[name]!, t);
    if (!(diff <= TOLERANCE)) expect.fail(`${label}: output '${name}' differs by ${diff}`);
  }
  return runner.fused;
}

const total = new Map<string, number>();
const count = (fused: ReadonlyMap<string, number>) => fused.forEach((n, name) => total.set(name, (total.get(name) ?? 0) + n));

describe('fast plan = reference plan on every example', () => {
  const catalogue = standardCatalogue();
  it.each(EXAMPLE_FILES)('%s', (file) => {
    const doc = unwrap(parseDocument(readFileSync(new URL(file, EXAMPLES), 'utf8')), file);
    const compiled = unwrap(compile(doc, catalogue), file);
    count(expectAgreement(file, compiled.plan, exampleFeeds(compiled)));
  });

  it('fuses tiny-gpt into the expected ops, keeping every block output', () => {
    const doc = unwrap(parseDocument(readFileSync(new URL('tiny-gpt.formwork.json', EXAMPLES), 'utf8')));
    const { plan } = unwrap(compile(doc, catalogue));
    const fast = fastPlan(plan);
    expect(Object.fromEntries(fast.fused)).toEqual({ LayerNormalization: 4, Gelu: 2, MaskedSoftmax: 2, MatMulAdd: 4, MatMulTransposed: 2 });
    expect(fast.plan.steps.length).toBe(plan.steps.length - 4 * 8 - 2 * 4 - 2 * 2 - 4 - 2);
    expect(fast.plan.blocks.map((b) => b.outputs)).toEqual(plan.blocks.map((b) => b.outputs));
    expect(fast.plan.blocks.find((b) => b.node === 'layers.0.attn_norm')?.intermediates).toEqual({}); // mean, variance fused away
    expect(Object.keys(fast.plan.blocks.find((b) => b.node === 'layers.0.attn')!.intermediates)).toEqual(['q', 'k', 'v', 'pattern', 'concat']);
  });
});

describe('the runner reuses released intermediates', () => {
  it('a repeated tiny-gpt forward allocates only its outputs, and earlier outputs stay intact', () => {
    const doc = unwrap(parseDocument(readFileSync(new URL('tiny-gpt.formwork.json', EXAMPLES), 'utf8')));
    const compiled = unwrap(compile(doc, standardCatalogue()));
    const feeds = exampleFeeds(compiled);
    const runner = createFastRunner(compiled.plan);
    const first = unwrap(runner.run(feeds));
    const firstCopy = Object.fromEntries(Object.entries(first).map(([k, t]) => [k, { ...t, data: t.data.slice() }]));
    const outputBytes = Object.values(first).reduce((n, t) => n + t.data.byteLength, 0);
    expect(runner.allocatedBytes).toBeGreaterThan(4 * outputBytes); // the first run allocates its intermediates
    const other = { ...feeds, text: { ...feeds.text!, data: feeds.text!.data.map((v) => (v + 1) % 4) } };
    const second = unwrap(runner.run(other));
    expect(runner.allocatedBytes).toBe(outputBytes);
    for (const [name, t] of Object.entries(first)) expect(Array.from(t.data)).toEqual(Array.from(firstCopy[name]!.data));
    const reference = unwrap(unwrap(createSession(compiled.plan, other)).run());
    for (const [name, t] of Object.entries(reference)) expect(maxRelativeDiff(second[name]!, t)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('fast plan = reference plan on 200 random graphs', () => {
  const catalogue = randomGraphCatalogue();
  it.each(SEEDS)('seed %i', (seed) => {
    const graph = randomGraph(seed);
    const label = `random graph seed ${seed}`;
    const compiled = unwrap(compile(graph.doc, catalogue), label);
    count(expectAgreement(label, compiled.plan, graph.feeds));
  });

  let decoded = 0;
  it.each(SEEDS)('seed %i as a decoding plan (KV cache), where it compiles as one', (seed) => {
    const graph = randomGraph(seed);
    const compiled = compile(graph.doc, catalogue, { incremental: true });
    if (!compiled.ok) return; // e.g. non-causal self-attention on T: no decoding plan (covered by incremental-compile tests)
    const { plan } = compiled.value;
    const input = plan.inputs.find((io) => io.role === undefined && io.dtype === 'int64' && io.shape[1] === 'T');
    if (!input || Object.values(graph.feeds).some((t) => t.shape[0] !== 1)) return; // the decoder runs batch 1
    const ids = Array.from(graph.feeds[input.name]!.data);
    const fixedFeeds = Object.fromEntries(Object.entries(graph.feeds).filter(([name]) => name !== input.name));
    const reference = unwrap(createDecoder(plan, { input: input.name, fixedFeeds }));
    const fast = unwrap(createDecoder(plan, { input: input.name, fixedFeeds, fast: true }));
    const chunks = ids.length > 1 ? [ids.slice(0, -1), ids.slice(-1)] : [ids]; // prefill, then one cached step
    for (const chunk of chunks) {
      const [r, f] = [unwrap(reference.feed(chunk)), unwrap(fast.feed(chunk))];
      for (const [name, t] of Object.entries(r)) {
        const diff = maxRelativeDiff(f[name]!, t);
        if (!(diff <= TOLERANCE)) expect.fail(`seed ${seed} decoding: output '${name}' differs by ${diff}`);
      }
    }
    decoded++;
  });

  it('decoded a good share of the random graphs', () => expect(decoded).toBeGreaterThan(40));

  it('used every fusion pattern somewhere', () => {
    for (const name of ['Gelu', 'LayerNormalization', 'MatMulAdd', 'MaskedSoftmax', 'MatMulTransposed']) expect(total.get(name) ?? 0, name).toBeGreaterThan(10);
  });
});
