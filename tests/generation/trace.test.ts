/**
 * Trace completeness: after a full run, every block of the plan has run, and every block output and
 * named intermediate is in the trace with the shape inference promised (block outputs from the
 * document's shape inference, intermediates from the plan's symbolic shapes). Checked on both examples,
 * on the full plan and on a step of the decoding plan.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { createDecoder } from '../../engine/run/kv-cache.ts';
import { symbolicShapes as inferShapes } from '../../engine/ops/plan-types.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { createSession, type Session } from '../../engine/run/session.ts';
import { bindShape, encode, exampleBoth, expectShapeFits, idsOf, unwrap } from './helpers.ts';

/** Checks the trace of a session that has run `plan` to the end; returns how many tensors were checked. */
function checkTrace(plan: Plan, session: Session, sizes: Readonly<Record<string, number>>): number {
  expect(session.done).toBe(true);
  const inferred = inferShapes(plan);
  let checked = 0;
  for (const block of plan.blocks) {
    const run = session.blockRun(block.node);
    expect(run, `block '${block.node}' has no run in the trace`).toBeDefined();
    for (const [port, id] of Object.entries(block.outputs)) {
      const tensor: Tensor | undefined = run!.outputs[port];
      expect(tensor, `${block.node}:${port} missing`).toBeDefined();
      expect(tensor).toBe(session.value(id));
      const declared = bindShape(block.outputShapes[port]!, sizes);
      expect(declared.every((d) => d !== null), `${block.node}:${port} has an unbound symbol`).toBe(true);
      expect([...tensor!.shape], `${block.node}:${port}`).toEqual(declared);
      checked++;
    }
    for (const [name, id] of Object.entries(block.intermediates)) {
      const tensor = run!.intermediates[name];
      expect(tensor, `${block.node}.${name} missing`).toBeDefined();
      expect(tensor).toBe(session.value(id));
      const shape = inferred.get(id);
      expectShapeFits(tensor!.shape, shape === undefined || shape === null ? null : bindShape(shape, sizes), `${block.node}.${name}`);
      checked++;
    }
  }
  return checked;
}

describe('trace completeness', () => {
  it('tiny-gpt: every block output and intermediate of a full run, with its inferred shape', () => {
    const { full } = exampleBoth('tiny-gpt');
    const feeds = encode(full, { text: 'hello there' });
    const session = unwrap(createSession(full.plan, feeds));
    unwrap(session.run());
    const checked = checkTrace(full.plan, session, { B: 1, T: 11 });
    expect(checked).toBeGreaterThan(30);
    expect([...session.blockRun('layers.1.attn')!.intermediates.pattern!.shape]).toEqual([1, 4, 11, 11]);
    expect([...session.blockRun('layers.0.ff_norm')!.intermediates.variance!.shape]).toEqual([1, 11, 1]);
  });

  it('encoder-decoder: source and target lengths kept apart in every shape', () => {
    const { full } = exampleBoth('encoder-decoder');
    const feeds = encode(full, { source: 'ich sehe den hund .', target: 'i see' });
    const session = unwrap(createSession(full.plan, feeds));
    unwrap(session.run());
    checkTrace(full.plan, session, { B: 1, S: 5, T: 2 });
    expect([...session.blockRun('decoder.0.cross_attn')!.intermediates.pattern!.shape]).toEqual([1, 4, 2, 5]);
  });

  it('a decoding-plan step traces too: caches grow to P+T, queries stay T', () => {
    const { cached } = exampleBoth('tiny-gpt');
    const prompt = idsOf(encode(cached, { text: 'abc' }).text);
    const decoder = unwrap(createDecoder(cached.plan, { input: 'text' }));
    unwrap(decoder.feed(prompt));
    unwrap(decoder.feed([5]));
    const session = decoder.lastSession!;
    checkTrace(cached.plan, session, { B: 1, T: 1, P: 3 });
    const attention = session.blockRun('layers.0.attn')!;
    expect([...attention.intermediates.k!.shape]).toEqual([1, 4, 4, 8]);
    expect([...attention.intermediates.pattern!.shape]).toEqual([1, 4, 1, 4]);
    expect([...session.blockRun('pos')!.intermediates.encoding!.shape]).toEqual([1, 32]);
  });
});
