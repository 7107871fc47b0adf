/**
 * Every shipped example, in a loop: it parses, is documented, has a position for every node,
 * compiles, runs on a short text, and produces outputs of the inferred shapes; softmax outputs are
 * distributions.
 */
import { describe, expect, it } from 'vitest';
import { resolveShape } from '../../graph-schema/dims.ts';
import { compileExample, exampleFiles, loadExample, rows, runOnText } from './helpers.ts';

/** A short text each example's tokenizers can encode. */
const SAMPLE_TEXT: Readonly<Record<string, Record<string, string>>> = {
  'markov-first-order.formwork.json': { words: 'show me my photos' },
  'tiny-gpt.formwork.json': { text: 'hello, world!' },
  'tiny-llama.formwork.json': { text: 'hello, world!' },
  'encoder-decoder.formwork.json': { source: 'ich sehe die katze .', target: 'i see the' },
};

/** The tour templates (tour-NN-….formwork.json) are run with their own text and WAV inputs in tests/tour. */
const runElsewhere = (file: string): boolean => file.startsWith('tour-');

describe('examples', () => {
  it('ships the three documented examples', () => {
    expect(exampleFiles()).toEqual(expect.arrayContaining(Object.keys(SAMPLE_TEXT)));
  });

  for (const file of exampleFiles()) {
    describe(file, () => {
      it('parses, is documented and lays out every node left to right', () => {
        const doc = loadExample(file);
        expect(doc.meta?.title?.trim()).toBeTruthy();
        expect(doc.meta?.description?.length ?? 0).toBeGreaterThan(100);
        const positions = doc.layout?.nodes ?? {};
        for (const n of doc.nodes) expect(positions[n.id], `position of ${n.id}`).toBeDefined();
        for (const [name, sg] of Object.entries(doc.subgraphs ?? {})) {
          const inner = doc.layout?.subgraphs?.[name] ?? {};
          for (const n of sg.nodes) expect(inner[n.id], `position of ${name}/${n.id}`).toBeDefined();
        }
        // Data flows left to right: every edge goes to a node at least as far right as its source.
        const bodies = [{ edges: doc.edges, pos: positions }, ...Object.entries(doc.subgraphs ?? {}).map(([n, sg]) => ({ edges: sg.edges, pos: doc.layout?.subgraphs?.[n] ?? {} }))];
        for (const { edges, pos } of bodies)
          for (const e of edges) expect(pos[e.to.node]!.x, `${e.from.node} → ${e.to.node}`).toBeGreaterThan(pos[e.from.node]!.x);
      });

      if (!runElsewhere(file)) it('compiles, runs on a short text, and gives outputs of the inferred shapes', () => {
        const compiled = compileExample(file);
        const { outputs, feeds } = runOnText(compiled, SAMPLE_TEXT[file] ?? {});
        const sizes: Record<string, number> = {};
        for (const io of compiled.plan.inputs) io.shape.forEach((d, i) => typeof d === 'string' && (sizes[d] = feeds[io.name]!.shape[i]!));
        expect(compiled.plan.outputs.length).toBeGreaterThan(0);
        for (const io of compiled.plan.outputs) {
          const t = outputs[io.name]!;
          const shape = resolveShape(io.shape, sizes);
          expect(shape.every((d) => typeof d === 'number'), `${io.name} shape ${shape.join(',')}`).toBe(true);
          expect([...t.shape]).toEqual(shape);
          expect(t.data.every((v) => Number.isFinite(v))).toBe(true);
          // Outputs fed by a Softmax are distributions over the last axis.
          const outputBlock = compiled.plan.blocks.find((b) => b.node === io.name)!;
          const producer = compiled.plan.blocks.find((b) => Object.values(b.outputs).includes(outputBlock.inputs.x!));
          if (producer?.block === 'Softmax')
            for (const row of rows(t)) {
              expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
              expect(row.every((p) => p >= 0)).toBe(true);
            }
        }
      });
    });
  }
});
