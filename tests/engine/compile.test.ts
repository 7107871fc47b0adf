import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { validateDocument } from '../../graph-schema/parse.ts';
import { int64, type Tensor } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { readSafetensors, writeSafetensors } from '../../engine/io/safetensors.ts';
import { createSession } from '../../engine/run/session.ts';
import { clone, stackDocument } from '../helpers/docs.ts';

const catalogue = standardCatalogue();

function compiled(doc: unknown, weights?: Parameters<typeof compile>[2]) {
  const v = validateDocument(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.diagnostics));
  const c = compile(v.value, catalogue, weights);
  if (!c.ok) throw new Error(JSON.stringify(c.diagnostics));
  return c.value;
}

describe('compile', () => {
  it('gives every repetition its own stably named weights', () => {
    const { plan } = compiled(stackDocument());
    const names = [...plan.weights.keys()];
    expect(names).toEqual(expect.arrayContaining(['embed.table', 'layers.0.attn.W_q', 'layers.1.attn.W_q', 'layers.0.norm.gamma', 'layers.1.norm.beta']));
    expect(plan.weights.get('layers.0.attn.W_q')!.tensor.data).not.toEqual(plan.weights.get('layers.1.attn.W_q')!.tensor.data);
  });

  it('same seed → the same weights bit for bit; another seed → different', () => {
    const a = compiled(stackDocument(7)).plan.weights;
    const b = compiled(stackDocument(7)).plan.weights;
    const c = compiled(stackDocument(8)).plan.weights;
    for (const [name, w] of a) expect(new Uint8Array(b.get(name)!.tensor.data.buffer)).toEqual(new Uint8Array(w.tensor.data.buffer));
    expect(c.get('embed.table')!.tensor.data).not.toEqual(a.get('embed.table')!.tensor.data);
  });

  it('adding a node does not change the other weights', () => {
    const doc = stackDocument(3);
    const before = compiled(doc).plan.weights.get('layers.1.attn.W_k')!.tensor.data;
    const bigger = clone(doc);
    bigger.nodes.push({ id: 'extra', block: 'Linear', params: { out_features: 2 } });
    bigger.edges.push({ from: { node: 'layers', port: 'x' }, to: { node: 'extra', port: 'x' } });
    expect(compiled(bigger).plan.weights.get('layers.1.attn.W_k')!.tensor.data).toEqual(before);
  });

  it('chains repetitions: layer 1 reads what layer 0 wrote', () => {
    const { plan } = compiled(stackDocument());
    const out0 = plan.blocks.find((b) => b.node === 'layers.0.x_out')!;
    const attn1 = plan.blocks.find((b) => b.node === 'layers.1.attn')!;
    expect(attn1.inputs.x).toBe(out0.outputs.out);
    expect(plan.blocks.map((b) => b.topNode)).toContain('layers');
  });

  it('the plan is plain data (structured-cloneable for workers)', () => {
    const { plan } = compiled(stackDocument());
    const copy = structuredClone(plan);
    expect(copy.steps).toEqual(plan.steps);
    expect(copy.blocks).toEqual(plan.blocks);
  });

  it('explicit weights in the document win; a wrong shape is FW041', () => {
    const doc = clone(stackDocument()) as ReturnType<typeof stackDocument> & { weights?: unknown };
    doc.weights = { 'layers.0.norm.gamma': { shape: [8], data: [1, 2, 3, 4, 5, 6, 7, 8] } };
    expect(Array.from(compiled(doc).plan.weights.get('layers.0.norm.gamma')!.tensor.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    doc.weights = { 'layers.0.norm.gamma': { shape: [4], data: [1, 2, 3, 4] } };
    const v = validateDocument(doc);
    if (!v.ok) throw new Error('schema');
    const r = compile(v.value, catalogue);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: 'FW041', path: 'weights.layers.0.norm.gamma' });
  });

  it('weights round-trip through .safetensors and load into compile', () => {
    const first = compiled(stackDocument(1)).plan.weights;
    const tensors = new Map([...first].map(([k, v]) => [k, v.tensor]));
    const bytes = writeSafetensors(tensors);
    const read = readSafetensors(bytes);
    if (!read.ok) throw new Error('read');
    const loaded = compiled(stackDocument(2), { weights: read.value }).plan.weights; // seed 2 ignored: file wins
    for (const [name, w] of first) expect(loaded.get(name)!.tensor.data).toEqual(w.tensor.data);
  });

  it('rejects malformed .safetensors without throwing', () => {
    const good = writeSafetensors(new Map([['w', { dtype: 'float32' as const, shape: [2], data: new Float32Array([1, 2]) }]]));
    for (const bad of [new Uint8Array(3), good.slice(0, good.length - 4), Uint8Array.from([255, 255, 255, 255, 0, 0, 0, 0, 1, 2])]) {
      const r = readSafetensors(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics[0]!.code).toBe('FW040');
    }
  });
});

describe('session', () => {
  const feeds = { tokens: int64([1, 4], [0, 1, 2, 3]) };

  it('steps one block at a time and records every output with its inferred shape', () => {
    const { plan } = compiled(stackDocument());
    const s = createSession(plan, feeds);
    if (!s.ok) throw new Error('session');
    const seen: string[] = [];
    for (;;) {
      const r = s.value.step();
      if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
      if (!r.value) break;
      seen.push(r.value.block.node);
      for (const [port, shape] of Object.entries(r.value.block.outputShapes)) {
        const t = r.value.outputs[port]!;
        expect(t.shape).toEqual(shape.map((d) => (d === 'B' ? 1 : d === 'T' ? 4 : d)));
      }
      for (const name of Object.keys(r.value.block.intermediates)) expect(r.value.intermediates[name]).toBeDefined();
    }
    expect(seen).toEqual(plan.blocks.map((b) => b.node));
    expect(s.value.done).toBe(true);
  });

  it('runTo stops after the named block, run() finishes', () => {
    const { plan } = compiled(stackDocument());
    const s = createSession(plan, feeds);
    if (!s.ok) throw new Error('session');
    const r = s.value.runTo('layers.0.norm');
    expect(r.ok && r.value.block.node).toBe('layers.0.norm');
    expect(s.value.blockRun('layers.1.attn')).toBeUndefined();
    const out = s.value.run();
    expect(out.ok && out.value.probs!.shape).toEqual([1, 4, 8]);
  });

  it('bad feeds are diagnostics: wrong dtype, wrong rank, empty', () => {
    const { plan } = compiled(stackDocument());
    const bads: Array<Record<string, Tensor>> = [{ tokens: { dtype: 'float32', shape: [1, 2], data: new Float32Array(2) } }, { tokens: int64([2], [0, 1]) }, { tokens: int64([1, 0], []) }, {}];
    for (const bad of bads) {
      const s = createSession(plan, bad);
      expect(s.ok).toBe(false);
      if (!s.ok) expect(s.diagnostics[0]!.code).toBe('FW051');
    }
  });
});

describe('shapes-only compile', () => {
  it('types and costs every example exactly like the full compile, materialises no weight, and refuses to run', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { parseDocument } = await import('../../graph-schema/parse.ts');
    const { estimateCost } = await import('../../engine/compile/cost.ts');
    const dir = new URL('../../examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.formwork.json'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const doc = parseDocument(readFileSync(new URL(file, dir), 'utf8'));
      if (!doc.ok) throw new Error(file);
      const full = compile(doc.value, catalogue);
      const shapes = compile(doc.value, catalogue, { shapesOnly: true });
      expect(full.ok && shapes.ok, file).toBe(true);
      if (!full.ok || !shapes.ok) continue;
      for (const { tensor } of shapes.value.plan.weights.values()) expect(tensor.data.length, file).toBe(0);
      const sizes = { B: 1, T: 5, S: 5 };
      const a = estimateCost(full.value.plan, sizes);
      const b = estimateCost(shapes.value.plan, sizes);
      expect(b.ok, `${file}: ${JSON.stringify(b.ok ? '' : b.diagnostics)}`).toBe(true);
      expect(b.ok && b.value.total, file).toEqual(a.ok && a.value.total);
      const session = createSession(shapes.value.plan, {});
      expect(session.ok).toBe(false);
    }
  });
});
