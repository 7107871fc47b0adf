/**
 * Behaviour of the two transformer examples beyond "it runs": stable weight names, the tied
 * de-embedding, causality of the decoders, and the encoder reaching the decoder through
 * cross-attention.
 */
import { describe, expect, it } from 'vitest';
import { compileExample, loadExample, runOnText } from './helpers.ts';

describe('tiny-gpt example', () => {
  const compiled = compileExample('tiny-gpt.formwork.json');
  const doc = loadExample('tiny-gpt.formwork.json');

  it('has stable weight names for both repetitions and a tied de-embedding', () => {
    const names = [...compiled.plan.weights.keys()];
    for (const layer of [0, 1])
      for (const w of ['attn.W_q', 'attn.W_k', 'attn.W_v', 'attn.W_o', 'attn_norm.gamma', 'ff.W1', 'ff.b2', 'ff_norm.beta'])
        expect(names).toContain(`layers.${layer}.${w}`);
    expect(names).toContain('embed.table');
    expect(names.some((n) => n.startsWith('unembed.'))).toBe(false);
    expect(compiled.plan.weights.get('layers.0.attn.W_q')!.tensor.data).not.toEqual(compiled.plan.weights.get('layers.1.attn.W_q')!.tensor.data);
  });

  it('gives a 64-way distribution per character', () => {
    const vocab = (doc.nodes.find((n) => n.id === 'unembed')!.params!.vocab_size as number);
    const { outputs, session } = runOnText(compiled, { text: 'abc de' });
    expect([...outputs.probs!.shape]).toEqual([1, 6, vocab]);
    expect([...session.blockRun('layers.1.attn')!.intermediates.pattern!.shape]).toEqual([1, 4, 6, 6]);
  });

  it('is causal: a later character does not change the predictions before it', () => {
    const a = runOnText(compiled, { text: 'the cat' }).outputs.probs!;
    const b = runOnText(compiled, { text: 'the caz' }).outputs.probs!;
    const before = 6 * 64;
    expect(Array.from(b.data.slice(0, before))).toEqual(Array.from(a.data.slice(0, before)));
    expect(Array.from(b.data.slice(before))).not.toEqual(Array.from(a.data.slice(before)));
  });
});

describe('encoder-decoder example', () => {
  const compiled = compileExample('encoder-decoder.formwork.json');

  it('keeps source (S) and target (T) lengths apart', () => {
    const { outputs, session } = runOnText(compiled, { source: 'ich sehe den hund nicht .', target: 'i see' });
    expect([...outputs.probs!.shape]).toEqual([1, 2, 12]);
    expect([...session.blockRun('decoder.0.cross_attn')!.intermediates.pattern!.shape]).toEqual([1, 4, 2, 6]); // [B, h, T, S]
    expect([...session.blockRun('encoder.0.self_attn')!.intermediates.pattern!.shape]).toEqual([1, 4, 6, 6]);
  });

  it('the source reaches every target position through cross-attention', () => {
    const a = runOnText(compiled, { source: 'ich sehe den hund .', target: 'i see the' }).outputs.probs!;
    const b = runOnText(compiled, { source: 'ich sehe die katze .', target: 'i see the' }).outputs.probs!;
    const vocab = 12;
    for (let t = 0; t < 3; t++) expect(Array.from(b.data.slice(t * vocab, (t + 1) * vocab))).not.toEqual(Array.from(a.data.slice(t * vocab, (t + 1) * vocab)));
  });

  it('the decoder is causal over the target', () => {
    const a = runOnText(compiled, { source: 'ich sehe den hund .', target: 'i see the dog' }).outputs.probs!;
    const b = runOnText(compiled, { source: 'ich sehe den hund .', target: 'i see the cat' }).outputs.probs!;
    expect(Array.from(b.data.slice(0, 3 * 12))).toEqual(Array.from(a.data.slice(0, 3 * 12)));
    expect(Array.from(b.data.slice(3 * 12))).not.toEqual(Array.from(a.data.slice(3 * 12)));
  });

  it('the encoder is not causal: a later source word changes earlier encoder outputs', () => {
    const a = runOnText(compiled, { source: 'ich sehe den hund', target: 'i' }).session.blockRun('encoder.0.x_out')!.outputs.out!;
    const b = runOnText(compiled, { source: 'ich sehe den katze', target: 'i' }).session.blockRun('encoder.0.x_out')!.outputs.out!;
    expect(Array.from(b.data.slice(0, 32))).not.toEqual(Array.from(a.data.slice(0, 32)));
  });
});
