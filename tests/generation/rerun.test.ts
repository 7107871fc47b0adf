/**
 * Incremental re-runs keyed by fingerprints: after an edit the document is recompiled from scratch, and
 * a session reusing the previous one runs only the blocks whose fingerprint changed. Kernel calls are
 * counted, so a block that silently ran again (or was wrongly skipped) fails these tests.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { contentHash, stableText } from '../../engine/compile/fingerprint.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { createDecoder } from '../../engine/run/kv-cache.ts';
import { createSession, foldedValues, type Session } from '../../engine/run/session.ts';
import { clone } from '../helpers/docs.ts';
import { encode, loadExample, unwrap } from './helpers.ts';

function planOf(doc: GraphDocument): Plan {
  return unwrap(compile(doc, standardCatalogue())).plan;
}

function runAll(plan: Plan, feeds: Record<string, Tensor>, reuse?: Session): { session: Session; outputs: Record<string, Tensor> } {
  const session = unwrap(createSession(plan, feeds, reuse ? { reuse } : {}));
  return { session, outputs: unwrap(session.run()) };
}

/** Nodes whose block ran again, in plan order. */
function rerun(session: Session): string[] {
  return session.plan.blocks.filter((b) => !session.blockRun(b.node)!.reused).map((b) => b.node);
}

/** Kernel calls a full run of these blocks costs. */
function stepsOf(plan: Plan, nodes: readonly string[]): number {
  return plan.blocks.filter((b) => nodes.includes(b.node)).reduce((n, b) => n + b.steps[1] - b.steps[0], 0);
}

const tinyGpt = loadExample('tiny-gpt.formwork.json');
const feeds = encode(unwrap(compile(tinyGpt, standardCatalogue())), { text: 'to be or not' });

describe('incremental re-run (tiny-gpt)', () => {
  const before = runAll(planOf(tinyGpt), feeds);

  it("changing the last LayerNorm's gamma reruns only it and the blocks after it", () => {
    const edited = clone(tinyGpt);
    edited.weights = { 'layers.1.ff_norm.gamma': { shape: [32], data: Array.from({ length: 32 }, (_, i) => 1 + i / 64) } };
    const plan = planOf(edited);
    const after = runAll(plan, feeds, before.session);
    const later = ['layers.1.ff_norm', 'layers.1.x_out', 'unembed', 'softmax', 'probs'];
    expect(rerun(after.session)).toEqual(later);
    expect(after.session.kernelCalls).toBe(stepsOf(plan, later));
    expect(after.session.kernelCalls).toBe(12); // LayerNorm 9 + tied de-embedding 2 + softmax 1
    const fresh = runAll(plan, feeds);
    expect(fresh.session.kernelCalls).toBe(plan.steps.length);
    expect(Array.from(after.outputs.probs!.data)).toEqual(Array.from(fresh.outputs.probs!.data));
    expect(Array.from(after.outputs.probs!.data)).not.toEqual(Array.from(before.outputs.probs!.data));
  });

  it('changing nothing (recompiled from the same document) runs zero kernels and gives the same outputs', () => {
    const again = runAll(planOf(clone(tinyGpt)), feeds, before.session);
    expect(again.session.kernelCalls).toBe(0);
    expect(rerun(again.session)).toEqual([]);
    expect(again.outputs.probs).toBe(before.outputs.probs);
  });

  it('changing a param of the first attention reruns it and everything downstream, not the embedding', () => {
    const edited = clone(tinyGpt);
    edited.subgraphs!.decoder_layer!.nodes.find((n) => n.id === 'attn')!.params = { heads: 2, causal: true };
    const plan = planOf(edited);
    const after = runAll(plan, feeds, before.session);
    const ran = rerun(after.session);
    expect(ran[0]).toBe('layers.0.attn');
    expect(ran).not.toContain('embed');
    expect(ran).not.toContain('pos');
    expect(after.session.kernelCalls).toBe(stepsOf(plan, ran));
    expect(after.session.kernelCalls).toBe(plan.steps.length - stepsOf(plan, ['embed', 'pos']));
  });

  it('a different prompt reruns every block that reads it', () => {
    const other = encode(unwrap(compile(tinyGpt, standardCatalogue())), { text: 'to be or nor' });
    const after = runAll(planOf(tinyGpt), other, before.session);
    expect(rerun(after.session)).toContain('embed');
    expect(after.session.kernelCalls).toBe(after.session.plan.steps.length);
  });

  it('stepping reports reuse block by block', () => {
    const session = unwrap(createSession(planOf(tinyGpt), feeds, { reuse: before.session }));
    const first = unwrap(session.runTo('embed'));
    expect(first.reused).toBe(true);
    expect(first.outputs.embedded).toBe(before.session.blockRun('embed')!.outputs.embedded);
  });
});

describe('incremental re-run (encoder-decoder)', () => {
  it('a new target text leaves the whole encoder side reused', () => {
    const doc = loadExample('encoder-decoder.formwork.json');
    const compiled = unwrap(compile(doc, standardCatalogue()));
    const first = runAll(compiled.plan, encode(compiled, { source: 'ich sehe den hund', target: 'i see' }));
    const second = runAll(compiled.plan, encode(compiled, { source: 'ich sehe den hund', target: 'i see the' }), first.session);
    const ran = rerun(second.session);
    const encoderSide = compiled.plan.blocks.map((b) => b.node).filter((n) => n.startsWith('source') || n.startsWith('encoder.'));
    expect(encoderSide.length).toBeGreaterThan(5);
    for (const node of encoderSide) expect(ran).not.toContain(node);
    expect(ran).toContain('decoder.0.cross_attn');
    expect(second.session.kernelCalls).toBe(stepsOf(compiled.plan, ran));
  });
});

describe('weight-only values', () => {
  it('the tied de-embedding transpose runs on the first decoder call only', () => {
    const plan = unwrap(compile(tinyGpt, standardCatalogue(), { incremental: true })).plan;
    const decoder = unwrap(createDecoder(plan, { input: 'text' }));
    unwrap(decoder.feed([2, 3, 4]));
    const first = decoder.lastSession!;
    expect(first.kernelCalls).toBe(plan.steps.length);
    const folded = foldedValues(first);
    expect([...folded.keys()].map((id) => plan.steps.find((s) => s.output === id)!).map((s) => `${s.node}:${s.op}`)).toEqual(['unembed:Transpose']);
    unwrap(decoder.feed([5]));
    expect(decoder.lastSession!.kernelCalls).toBe(plan.steps.length - 1);
    expect(decoder.lastSession!.value([...folded.keys()][0]!)).toBe([...folded.values()][0]);
  });
});

describe('reuse inside a cached generation', () => {
  it('with a fixed source, each decoder call after the first copies the encoder instead of running it', () => {
    const doc = loadExample('encoder-decoder.formwork.json');
    const compiled = unwrap(compile(doc, standardCatalogue(), { incremental: true }));
    const { source, target } = encode(compiled, { source: 'ich sehe den hund', target: 'i' });
    const decoder = unwrap(createDecoder(compiled.plan, { input: 'target', fixedFeeds: { source: source! } }));
    unwrap(decoder.feed(Array.from(target!.data)));
    unwrap(decoder.feed([3]));
    const session = decoder.lastSession!;
    const ran = rerun(session);
    expect(ran.some((n) => n.startsWith('encoder.') || n.startsWith('source'))).toBe(false);
    expect(ran).toContain('decoder.0.self_attn');
    expect(session.kernelCalls).toBe(stepsOf(compiled.plan, ran) - 1); // the tied transpose is folded
  });
});

describe('fingerprint parts', () => {
  it('content hashes see one changed bit, and not the tensor object', () => {
    const a: Tensor = { dtype: 'float32', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) };
    const same: Tensor = { dtype: 'float32', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) };
    const reshaped: Tensor = { dtype: 'float32', shape: [4], data: Float32Array.from([1, 2, 3, 4]) };
    const nudged: Tensor = { dtype: 'float32', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4 + 2 ** -21]) };
    expect(contentHash(same)).toBe(contentHash(a));
    expect(contentHash(reshaped)).not.toBe(contentHash(a));
    expect(contentHash(nudged)).not.toBe(contentHash(a));
  });

  it('attribute text keeps −0, ±∞ and NaN apart and ignores key order', () => {
    const texts = [0, -0, Infinity, -Infinity, NaN].map((value) => stableText({ value }));
    expect(new Set(texts).size).toBe(5);
    expect(stableText({ a: 1, b: [2, 3] })).toBe(stableText({ b: [2, 3], a: 1 }));
  });
});
