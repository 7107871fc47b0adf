/**
 * Issue 13, class 4: small files cannot demand large memory or time. Each bound is checked before the
 * work it guards, so the rejection is quick.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resample } from '../../engine/audio/resample.ts';
import { encodeWav } from '../../engine/audio/wav-encode.ts';
import { LIMITS } from '../../graph-schema/limits.ts';
import { cli, example, NO_STACK, scratch, writeGraph } from './helpers.ts';

/** Under this, a rejection clearly did not do the work first (generous: the machine is shared). */
const QUICK_MS = 3000;

describe('resource limits for untrusted files', () => {
  it('a safetensors file whose 20,000 entries alias the same 4 MiB is refused (FW040) without loading them', async () => {
    const dir = scratch();
    const header: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) header[`t${i}`] = { dtype: 'F32', shape: [1024, 1024], data_offsets: [0, 4 * 1024 * 1024] };
    const json = new TextEncoder().encode(JSON.stringify(header));
    const bytes = new Uint8Array(8 + json.length + 4 * 1024 * 1024);
    new DataView(bytes.buffer).setUint32(0, json.length, true);
    bytes.set(json, 8);
    writeFileSync(join(dir, 'w.safetensors'), bytes);
    const file = writeGraph(dir, { ...example('tour-09-embeddings'), weightsFile: 'w.safetensors' });
    for (const argv of [['validate', file], ['run', file, '--text', 'the']]) {
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^FW040 error at weightsFile: weights file: (the tensors hold more than|tensors .* overlap)/);
      expect(r.ms).toBeLessThan(QUICK_MS);
    }
  });

  it('two entries sharing bytes are refused even when small (FW040 overlap)', async () => {
    const dir = scratch();
    const json = new TextEncoder().encode(JSON.stringify({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }));
    const bytes = new Uint8Array(8 + json.length + 12);
    new DataView(bytes.buffer).setUint32(0, json.length, true);
    bytes.set(json, 8);
    writeFileSync(join(dir, 'w.safetensors'), bytes);
    const r = await cli(['validate', writeGraph(dir, { ...example('tour-09-embeddings'), weightsFile: 'w.safetensors' })]);
    expect(r.stderr).toMatch(/FW040 .*tensors "a" and "b" overlap/);
  });

  it('a sinusoidal table beyond the constant limit is refused at validate (FW034)', async () => {
    const doc = example('tiny-gpt');
    doc.nodes.find((n) => n.id === 'pos')!.params!.max_len = 65_536;
    doc.nodes.find((n) => n.id === 'embed')!.params!.d_model = 4096;
    doc.nodes.find((n) => n.id === 'embed')!.params!.vocab_size = 64;
    const r = await cli(['validate', writeGraph(scratch(), doc)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FW034 error node 'pos' param 'max_len': .*65536 × 4096 has more than 16777216 values/);
    expect(r.ms).toBeLessThan(QUICK_MS);
  });

  it('weights beyond the model size limit are refused before initialisation (FW034)', async () => {
    const doc = example('tour-09-embeddings');
    doc.nodes.find((n) => n.id === 'embed')!.params!.vocab_size = 1 << 20; // 2^20 × 16 = 2^24 > 2^23
    const r = await cli(['run', writeGraph(scratch(), doc), '--text', 'the']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`FW034 .*larger than ${LIMITS.maxTotalWeightElements} parameters`));
    expect(r.ms).toBeLessThan(QUICK_MS);
  });

  it('nested repeats 256 × 256 are refused at once (FW034), not after expanding', async () => {
    const doc = example('tiny-gpt');
    const layer = doc.subgraphs!.decoder_layer!;
    doc.subgraphs!.stack = {
      nodes: [
        { id: 'x', block: 'SubgraphInput' },
        { id: 'inner', subgraph: 'decoder_layer', repeat: 256 },
        { id: 'x_out', block: 'SubgraphOutput', params: { name: 'x' } },
      ],
      edges: [
        { from: { node: 'x', port: 'x' }, to: { node: 'inner', port: 'x' } },
        { from: { node: 'inner', port: 'x' }, to: { node: 'x_out', port: 'x' } },
      ],
    };
    expect(layer.nodes.length).toBeGreaterThan(2);
    const top = doc.nodes.find((n) => n.id === 'layers')!;
    top.subgraph = 'stack';
    top.repeat = 256;
    const r = await cli(['validate', writeGraph(scratch(), doc)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^FW034 error node 'layers': expanding the subgraphs gives ${256 * (2 + 256 * layer.nodes.length) + 6} nodes, more than ${LIMITS.maxExpandedNodes}`));
    expect(r.ms).toBeLessThan(1000);
  });

  it('a 1 Hz WAV is refused before resampling (FW061 names the frame count)', async () => {
    const dir = scratch();
    const wav = join(dir, 'slow.wav');
    writeFileSync(wav, encodeWav(Array.from({ length: 174 }, (_, i) => Math.sin(i)), 1)); // 392 bytes
    const file = writeGraph(dir, example('tour-20-audio'));
    const r = await cli(['run', file, '--wav', wav, '--input', 'words=the']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^FW061 error node 'audio': the clip gives 17397 frames at hop 160; the model takes at most 64/);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.ms).toBeLessThan(QUICK_MS);
  });

  it('resampling work is bounded before it starts (FW061 names the multiply-adds)', () => {
    const started = performance.now();
    const r = resample(new Float32Array(5_000_000), 768_000, 8_000); // 52,084 outputs × 3,073 taps
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/takes 160054132 multiply-adds, more than 134217728/);
    expect(performance.now() - started).toBeLessThan(QUICK_MS);
  });
});
