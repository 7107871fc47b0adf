/**
 * Where the training text comes from: a bundled file (examples/corpora/*.txt, loaded on demand), a text
 * file opened or dropped on the panel, or text pasted into the box.
 */
import { useRef } from 'react';
import type { TrainController } from './train-controller.ts';
import type { Corpus } from './train-store.ts';

const bundled = import.meta.glob('../../examples/corpora/*.txt', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

/** Bundled corpora by file name. */
export const BUNDLED_CORPORA: ReadonlyMap<string, () => Promise<string>> = new Map(Object.entries(bundled).map(([path, load]) => [path.split('/').pop()!, load]));

/** Largest text file read, in bytes. */
const MAX_FILE_BYTES = 4_000_000;

/** Reads a dropped or opened file as a corpus (refusing very large ones). */
export async function corpusFromFile(file: File): Promise<Corpus | string> {
  if (file.size > MAX_FILE_BYTES) return `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; at most ${MAX_FILE_BYTES / 1e6} MB of text can be trained on here`;
  return { name: file.name, text: await file.text() };
}

export function CorpusPicker({ corpus, controller, disabled, onProblem }: { corpus: Corpus | null; controller: TrainController; disabled: boolean; onProblem: (message: string) => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const choose = async (name: string) => {
    const load = BUNDLED_CORPORA.get(name);
    if (load) controller.setCorpus({ name, text: await load() });
  };
  const open = async (file: File | undefined) => {
    if (!file) return;
    const c = await corpusFromFile(file);
    if (typeof c === 'string') onProblem(c);
    else controller.setCorpus(c);
  };
  return (
    <div
      className="fw-train-corpus"
      data-testid="train-corpus"
      onDragOver={(e) => (e.preventDefault(), e.stopPropagation())}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        if (!disabled) void open(e.dataTransfer.files[0]);
      }}
    >
      <div className="fw-train-row">
        <select aria-label="Bundled corpus" value={corpus && BUNDLED_CORPORA.has(corpus.name) ? corpus.name : ''} disabled={disabled} onChange={(e) => void choose(e.target.value)}>
          <option value="">bundled text…</option>
          {[...BUNDLED_CORPORA.keys()].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button type="button" className="fw-button" disabled={disabled} onClick={() => fileInput.current?.click()}>
          Open text file…
        </button>
        <span className="fw-muted">or drop one here, or paste below</span>
        <input ref={fileInput} type="file" accept=".txt,.md,text/plain" hidden aria-label="Open a text file to train on" data-testid="train-file-input" onChange={(e) => (void open(e.target.files?.[0]), (e.target.value = ''))} />
      </div>
      <textarea
        className="fw-train-text fw-mono"
        aria-label="Training text"
        placeholder="Paste a few KB of plain text here…"
        spellCheck={false}
        disabled={disabled}
        value={corpus?.text ?? ''}
        onChange={(e) => controller.setCorpus({ name: 'pasted text', text: e.target.value })}
      />
      <div className="fw-muted" data-testid="train-corpus-info">
        {corpus ? `${corpus.name} · ${corpus.text.length.toLocaleString('en')} characters · ${corpus.text.split('\n').length.toLocaleString('en')} lines` : 'No text yet.'}
      </div>
    </div>
  );
}
