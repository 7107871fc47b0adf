/**
 * Generate: sampling settings (greedy / temperature / top-k / top-p / seed / max new tokens / stop
 * token) and the tokens as they stream in from the worker, each with its probability.
 */
import { useState } from 'react';
import type { GenerateSettings } from './protocol.ts';
import type { RunController } from './run-controller.ts';
import { useRun } from './run-store.ts';
import { tokenLabel } from './Heatmap.tsx';

function NumberField({ label, value, step, min, max, onChange }: { label: string; value: number; step: number; min: number; max: number; onChange: (v: number) => void }) {
  return (
    <label className="fw-gen-field">
      {label}
      <input type="number" value={value} step={step} min={min} max={max} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

export function GeneratePane({ controller, vocab, prompt }: { controller: RunController; vocab: readonly string[]; prompt: string }) {
  const stored = useRun((s) => s.settings);
  const generated = useRun((s) => s.generated);
  const problems = useRun((s) => s.problems);
  const [settings, setSettings] = useState<GenerateSettings>(stored);
  const set = (p: Partial<GenerateSettings>) => setSettings({ ...settings, ...p });
  const greedy = settings.temperature === 0;
  return (
    <div className="fw-generate" data-testid="generate-pane">
      <div className="fw-gen-settings">
        <label className="fw-gen-field">
          mode
          <select value={greedy ? 'greedy' : 'sample'} onChange={(e) => set({ temperature: e.target.value === 'greedy' ? 0 : 1 })} aria-label="sampling mode">
            <option value="greedy">greedy</option>
            <option value="sample">sample</option>
          </select>
        </label>
        {!greedy && (
          <>
            <NumberField label="temperature" value={settings.temperature} step={0.1} min={0.05} max={5} onChange={(temperature) => set({ temperature })} />
            <NumberField label="top-k" value={settings.topK} step={1} min={0} max={100000} onChange={(topK) => set({ topK })} />
            <NumberField label="top-p" value={settings.topP} step={0.05} min={0.05} max={1} onChange={(topP) => set({ topP })} />
            <NumberField label="seed" value={settings.seed} step={1} min={0} max={2 ** 31} onChange={(seed) => set({ seed })} />
          </>
        )}
        <NumberField label="max new tokens" value={settings.maxTokens} step={1} min={1} max={512} onChange={(maxTokens) => set({ maxTokens })} />
        <label className="fw-gen-field">
          stop token
          <select value={settings.stopToken ?? ''} onChange={(e) => set({ stopToken: e.target.value === '' ? null : Number(e.target.value) })} aria-label="stop token">
            <option value="">none</option>
            {vocab.map((t, id) => (
              <option key={id} value={id}>
                {tokenLabel(t)} (#{id})
              </option>
            ))}
          </select>
        </label>
        {generated.running ? (
          <button type="button" className="fw-button is-danger" onClick={() => controller.cancel()}>
            Stop
          </button>
        ) : (
          <button type="button" className="fw-button is-primary" onClick={() => controller.generate(settings)}>
            Generate
          </button>
        )}
      </div>
      {problems && problems.diagnostics.length > 0 && (
        <ul className="fw-run-problems" role="alert" data-testid="generate-problems">
          {problems.diagnostics.slice(0, 3).map((d, i) => (
            <li key={i}>
              Can't generate: <span className="fw-code">{d.code}</span> {d.node ? <span className="fw-mono">{d.node}: </span> : null}
              {d.message}
              {d.hint && <span className="fw-hint"> — {d.hint}</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="fw-gen-output" aria-live="polite">
        <span className="fw-gen-prompt fw-mono">{prompt}</span>
        {generated.tokens.map((t, i) => (
          <span key={i} className="fw-gen-token fw-mono" data-testid="generated-token" title={`#${t.id} · p = ${t.probability.toFixed(3)}\nalternatives: ${t.top.map((a) => `${vocab[a.id] ?? a.id} ${(a.p * 100).toFixed(1)}%`).join(', ')}`} style={{ ['--p' as string]: String(t.probability) }}>
            {t.text}
          </span>
        ))}
        {generated.running && <span className="fw-gen-cursor">▍</span>}
      </div>
      <div className="fw-muted">
        {generated.tokens.length > 0 && `${generated.tokens.length} token${generated.tokens.length === 1 ? '' : 's'} · `}
        {generated.cached === true && 'KV-cached decoding (each token runs only the new position)'}
        {generated.note && <span className="fw-warn-text">{generated.note}</span>}
        {generated.cached === null && !generated.running && 'Greedy picks the most likely token each time; sampling draws from the distribution (repeatable with the seed). Token shade = its probability.'}
      </div>
    </div>
  );
}
