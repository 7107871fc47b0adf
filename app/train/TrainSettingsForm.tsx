/**
 * The hyperparameters, each with its range and a one-line explanation (shown under the field).
 */
import type { TrainSettings } from './protocol.ts';

type NumericKey = { [K in keyof TrainSettings]: TrainSettings[K] extends number ? K : never }[keyof TrainSettings];

interface Field {
  readonly key: NumericKey;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly help: string;
}

/** Every numeric setting, its bounds and what it means. */
export const FIELDS: readonly Field[] = [
  { key: 'steps', label: 'steps', min: 1, max: 20_000, step: 1, help: 'optimizer updates in the whole run' },
  { key: 'batchSize', label: 'batch', min: 1, max: 64, step: 1, help: 'text windows averaged per update; larger is smoother but slower' },
  { key: 'contextLength', label: 'context length', min: 2, max: 1024, step: 1, help: 'tokens per window; at most the Token input’s context' },
  { key: 'learningRate', label: 'learning rate', min: 1e-5, max: 1, step: 0.001, help: 'peak step size of AdamW; lower it if the loss jumps or turns NaN' },
  { key: 'warmupSteps', label: 'warmup', min: 0, max: 20_000, step: 1, help: 'steps over which the rate rises from 0 to its peak (then it decays to a tenth)' },
  { key: 'weightDecay', label: 'weight decay', min: 0, max: 1, step: 0.01, help: 'pulls weight matrices towards 0 each step, against overfitting' },
  { key: 'seed', label: 'seed', min: 0, max: 2 ** 31, step: 1, help: 'which windows are drawn, and the samples: the same seed repeats a run' },
  { key: 'evalEvery', label: 'validate every', min: 1, max: 20_000, step: 1, help: 'steps between validation losses (on the last tenth of the text, never trained on)' },
  { key: 'sampleEvery', label: 'sample every', min: 1, max: 20_000, step: 1, help: 'steps between sample completions of the prompt below' },
  { key: 'checkpointEvery', label: 'checkpoint every', min: 1, max: 20_000, step: 1, help: 'steps between copies of the weights you can go back to' },
];

/** A setting value clamped into its field's range (NaN → the minimum). */
export function clampSetting(field: Pick<Field, 'min' | 'max' | 'step'>, value: number): number {
  const v = Number.isFinite(value) ? Math.min(field.max, Math.max(field.min, value)) : field.min;
  return field.step >= 1 ? Math.round(v) : v;
}

export function TrainSettingsForm({ settings, disabled, onChange }: { settings: TrainSettings; disabled: boolean; onChange: (patch: Partial<TrainSettings>) => void }) {
  return (
    <div className="fw-train-settings">
      {FIELDS.map((f) => (
        <label key={f.key} className="fw-train-field" title={f.help}>
          <span className="fw-train-field-label">{f.label}</span>
          <input
            type="number"
            aria-label={f.label}
            min={f.min}
            max={f.max}
            step={f.step}
            disabled={disabled}
            value={settings[f.key]}
            onChange={(e) => e.target.value !== '' && onChange({ [f.key]: clampSetting(f, Number(e.target.value)) })}
          />
          <span className="fw-train-field-help">{f.help}</span>
        </label>
      ))}
      <label className="fw-train-field is-wide" title="every sample continues this text">
        <span className="fw-train-field-label">sample prompt</span>
        <input aria-label="sample prompt" value={settings.samplePrompt} disabled={disabled} maxLength={200} onChange={(e) => onChange({ samplePrompt: e.target.value })} />
        <span className="fw-train-field-help">every sample continues this text ({settings.sampleLength} tokens, temperature 0.8)</span>
      </label>
    </div>
  );
}
