/**
 * tiny-gpt against an independent PyTorch implementation: tiny_gpt_torch.py (run by hand with
 * Debian's python3-torch, not in CI) drew the weights and computed the probabilities; here our
 * compiler loads the same weights from the .safetensors file and must agree to 1e-4.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { compile } from '../../engine/compile/compile.ts';
import { readSafetensors } from '../../engine/io/safetensors.ts';
import { createSession } from '../../engine/run/session.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url));
const expected = JSON.parse(read('./tiny-gpt.expected.json').toString()) as { ids: number[][]; shape: number[]; probs: number[] };

describe('tiny-gpt matches PyTorch', () => {
  it('forward pass to 1e-4 with the fixture weights', () => {
    const doc = parseDocument(read('../../examples/tiny-gpt.formwork.json').toString());
    const weights = readSafetensors(new Uint8Array(read('./tiny-gpt.weights.safetensors')));
    if (!doc.ok || !weights.ok) throw new Error('fixture did not load');
    const compiled = compile(doc.value, standardCatalogue(), { weights: weights.value });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    // Every weight the model owns comes from the fixture, none from seeded init.
    const owned = [...compiled.value.plan.weights.keys()].sort();
    expect(owned).toEqual([...weights.value.keys()].sort());

    const tokenizers = tokenizersOf(compiled.value.plan, compiled.value.analysis);
    if (!tokenizers.ok) throw new Error('tokenizer');
    const feeds = feedsFromText(tokenizers.value, {}, 'Hello world.');
    if (!feeds.ok) throw new Error('feeds');
    expect(Array.from(Object.values(feeds.value)[0]!.data)).toEqual(expected.ids[0]);

    const session = createSession(compiled.value.plan, feeds.value);
    if (!session.ok) throw new Error('session');
    const out = session.value.run();
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const probs = out.value.probs!;
    expect(probs.shape).toEqual(expected.shape);
    let maxDiff = 0;
    for (let i = 0; i < probs.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(probs.data[i]! - expected.probs[i]!));
    expect(maxDiff).toBeLessThan(1e-4);
    console.log(`tiny-gpt vs PyTorch: max |Δ| = ${maxDiff.toExponential(2)}`);
    // The fixture is not trivial: its distributions are far from uniform.
    expect(Math.max(...expected.probs)).toBeGreaterThan(5 / 64);
  });
});
