/**
 * The decoding plan exported to ONNX: past caches and the position are graph inputs, present caches are
 * graph outputs, and onnxruntime-node, carrying its own presents from call to call, matches our cached
 * decoder at every call (prompt prefill with empty caches, then one token at a time). The ONNX checker
 * (full_check) accepts the plain and the debug export.
 */
import { describe, expect, it } from 'vitest';
import { int64, zeros, type Tensor } from '../../graph-schema/tensor.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import { createDecoder } from '../../engine/run/kv-cache.ts';
import { POSITION_INPUT } from '../../engine/compile/plan.ts';
import { expectTensor } from '../onnx/helpers.ts';
import { runChecker } from '../onnx/run-checker.ts';
import { encode, exampleBoth, idsOf, unwrap } from './helpers.ts';

const CASES = [
  { label: 'tiny-gpt', example: 'tiny-gpt', texts: { text: 'hello' }, prompt: 'text', next: [[7], [12], [0]] },
  { label: 'encoder-decoder', example: 'encoder-decoder', texts: { source: 'du siehst die katze', target: 'you see' }, prompt: 'target', next: [[4], [6]] },
] as const;

describe.each(CASES)('$label: exported decoding plan on onnxruntime-node', ({ example, texts, prompt, next }) => {
  const { plan } = exampleBoth(example).cached;
  const bytes = exportOnnx(plan);
  const feeds = encode(exampleBoth(example).cached, texts);
  const { [prompt]: promptIds, ...fixedFeeds } = feeds;

  it('past/present and position are graph inputs/outputs, and every call matches our cached step', async () => {
    const decoder = unwrap(createDecoder(plan, { input: prompt, fixedFeeds }));
    let past: Record<string, Tensor> = {};
    for (const io of plan.inputs) if (io.role === 'cache') past[io.name] = zeros(io.dtype, io.shape.map((d) => (d === 'P' ? 0 : d === 'B' ? 1 : (d as number))));
    let position = 0;
    for (const ids of [idsOf(promptIds), ...next.map((c) => [...c])]) {
      const ours = unwrap(decoder.feed(ids));
      const ortFeeds = { ...fixedFeeds, ...past, [prompt]: int64([1, ids.length], ids), [POSITION_INPUT]: int64([1], [position]) };
      const theirs = await runWithOrt(bytes, ortFeeds, { runtime: 'node' });
      expectTensor(theirs.probs, ours.probs!, 1e-5);
      const session = decoder.lastSession!;
      const presents = plan.outputs.filter((io) => io.role === 'cache');
      expect(presents.length).toBeGreaterThan(0);
      past = {};
      for (const io of presents) {
        expectTensor(theirs[io.name], session.value(io.value)!, 1e-5);
        expect(theirs[io.name]!.shape[2]).toBe(position + ids.length);
        past[io.carriedTo!] = theirs[io.name]!; // ORT's own cache drives its next call
      }
      position += ids.length;
    }
  });

  it('the ONNX checker (full_check) accepts the plain and the debug export', () => {
    const verdicts = runChecker([
      [`${example} decoding`, bytes],
      [`${example} decoding (debug)`, exportOnnx(plan, { debug: true })],
    ]);
    expect([...verdicts.values()]).toEqual(['', '']);
  });
});
