import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { parseDocument } from '../../graph-schema/parse.ts';
import { int64 } from '../../graph-schema/tensor.ts';
import { compile } from '../../engine/compile/compile.ts';
import { createSession } from '../../engine/run/session.ts';
import { createCommands } from '../../app/commands.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const catalogue = standardCatalogue();

function tour02WithoutWeights() {
  const parsed = parseDocument(read('examples/tour-02-first-order.formwork.json'));
  if (!parsed.ok) throw new Error('tour-02 did not parse');
  const { weights: _dropped, ...doc } = parsed.value;
  return doc;
}

describe('Fit from text (editor command)', () => {
  it('counts the corpus into the graph as one undoable edit: after "my" 0.5 / 0.3 / 0.2', () => {
    const store = createEditorStore(catalogue, tour02WithoutWeights());
    const commands = createCommands(store);
    expect(commands.fitFromText(read('examples/corpora/commands.txt'))).toEqual([]);
    const doc = store.getState().doc;
    const compiled = compile(doc, catalogue);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    const vocab = (doc.nodes.find((n) => n.params?.tokenizer)!.params!.tokenizer as { vocab: string[] }).vocab;
    const input = compiled.value.plan.inputs[0]!;
    const session = createSession(compiled.value.plan, { [input.name]: int64([1, 1], [vocab.indexOf('my')]) });
    if (!session.ok) throw new Error('session');
    const out = session.value.run();
    if (!out.ok) throw new Error('run');
    const row = Object.values(out.value)[0]!.data;
    expect([row[vocab.indexOf('photos')], row[vocab.indexOf('files')], row[vocab.indexOf('directories')]].map((v) => Number(v!.toFixed(6)))).toEqual([0.5, 0.3, 0.2]);
    store.getState().undo();
    expect(store.getState().doc.weights).toBeUndefined();
  });

  it('a corpus it cannot use gives coded problems and leaves the graph alone', () => {
    const store = createEditorStore(catalogue, tour02WithoutWeights());
    const before = store.getState().doc;
    const problems = createCommands(store).fitFromText('');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.code).toMatch(/^FW0\d\d$/);
    expect(store.getState().doc).toBe(before);
  });
});
