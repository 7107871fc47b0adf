/**
 * The run panel's prompt boxes take an opened document's sample prompts (meta.prompts); the user's own text
 * stays while the graph is edited.
 */
import { describe, expect, it } from 'vitest';
import { standardCatalogue } from '../../graph-schema/blocks/index.ts';
import { emptyDocument } from '../../graph-schema/document.ts';
import { createEditorStore } from '../../app/store/editor-store.ts';
import { createRunController } from '../../app/run/run-controller.ts';
import { createRunStore } from '../../app/run/run-store.ts';
import { loadTour } from '../tour/helpers.ts';

/** A worker that answers nothing: only the prompt texts are looked at here. */
const silentWorker = () => ({ postMessage() {}, addEventListener() {}, terminate() {} }) as unknown as Worker;

describe('sample prompts', () => {
  it('fill the prompt box when the app starts with a template and when another template opens', () => {
    const editor = createEditorStore(standardCatalogue(), loadTour(12));
    const run = createRunStore();
    const controller = createRunController(editor, run, silentWorker, 0);
    expect(run.getState().texts).toEqual({ words: 'check whether the battery ran' });

    controller.setText('words', 'check whether the program ran');
    editor.getState().replaceDocument({ ...editor.getState().doc, seed: 7 }); // an edit: the user's text stays
    expect(run.getState().texts).toEqual({ words: 'check whether the program ran' });

    const step18 = loadTour(18);
    editor.getState().replaceDocument(step18);
    expect(run.getState().texts).toEqual(step18.meta?.prompts);

    editor.getState().replaceDocument(emptyDocument('Blank')); // no prompts: the texts are left alone
    expect(run.getState().texts).toEqual(step18.meta?.prompts);
    controller.dispose();
  });
});
