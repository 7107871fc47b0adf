/**
 * The Train panel, floating over the right of the canvas: corpus, hyperparameters, Start / Pause /
 * Resume / Stop, progress (step, tokens/s, ETA), the live loss plot, sample completions, and the
 * checkpoint scrubber whose choice the Run panel uses, with "Keep these weights".
 */
import { memo, useState } from 'react';
import { CanvasPortal } from '../onnx/CanvasPortal.tsx';
import { useRunStoreApi } from '../run/run-store.ts';
import { CorpusPicker } from './CorpusPicker.tsx';
import { LossPlot } from './LossPlot.tsx';
import { toggleTrainPanel, useTrain, useTrainController } from './TrainProvider.tsx';
import { TrainSettingsForm } from './TrainSettingsForm.tsx';
import { etaMs, selectedCheckpoint, tokensPerSecond, type TrainState } from './train-store.ts';
import type { TrainController } from './train-controller.ts';
import './train.css';

/** `m:ss`. */
export const clock = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

const STATUS_TEXT: Record<TrainState['status'], string> = {
  idle: 'ready',
  starting: 'compiling and encoding the text…',
  running: 'training',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

function Controls({ s, controller }: { s: TrainState; controller: TrainController }) {
  const active = s.status === 'running' || s.status === 'starting' || s.status === 'paused';
  return (
    <div className="fw-train-row">
      {!active && (
        <button type="button" className="fw-button is-primary" data-testid="train-start" onClick={() => controller.start()}>
          {s.status === 'idle' ? 'Train' : 'Train again'}
        </button>
      )}
      {s.status === 'running' && (
        <button type="button" className="fw-button" data-testid="train-pause" onClick={() => controller.pause()}>
          Pause
        </button>
      )}
      {s.status === 'paused' && (
        <button type="button" className="fw-button is-primary" data-testid="train-resume" onClick={() => controller.resume()}>
          Resume
        </button>
      )}
      {active && (
        <button type="button" className="fw-button is-danger" data-testid="train-stop" onClick={() => controller.stop()}>
          Stop
        </button>
      )}
      <Progress s={s} />
    </div>
  );
}

function Progress({ s }: { s: TrainState }) {
  const eta = etaMs(s);
  return (
    <span className="fw-train-progress" data-testid="train-progress" data-step={s.step} data-status={s.status}>
      <progress max={s.settings.steps} value={s.step} /> step {s.step} / {s.settings.steps} · {Math.round(tokensPerSecond(s)).toLocaleString('en')} tokens/s · {clock(s.elapsedMs)}
      {eta !== null && s.status === 'running' && ` · ${clock(eta)} left`} · <span className={`fw-train-status is-${s.status}`}>{STATUS_TEXT[s.status]}</span>
    </span>
  );
}

function Problems({ s }: { s: TrainState }) {
  if (!s.problems) return null;
  return (
    <ul className="fw-train-problems" role="alert" data-testid="train-problems">
      {s.problems.diagnostics.slice(0, 4).map((d, i) => (
        <li key={i}>
          <span className="fw-code">{d.code}</span> {d.message}
          {d.hint && <span className="fw-hint"> — {d.hint}</span>}
        </li>
      ))}
    </ul>
  );
}

function Checkpoints({ s, controller }: { s: TrainState; controller: TrainController }) {
  const run = useRunStoreApi();
  const chosen = selectedCheckpoint(s);
  const index = chosen ? s.checkpoints.indexOf(chosen) : -1;
  const sample = chosen ? s.samples.findLast((x) => x.step <= chosen.step) : undefined;
  if (s.checkpoints.length === 0) return null;
  return (
    <section className="fw-train-section" aria-label="Checkpoints">
      <div className="fw-train-row">
        <strong>Checkpoints</strong>
        <input
          type="range"
          className="fw-train-scrubber"
          aria-label="Checkpoint"
          data-testid="train-scrubber"
          min={0}
          max={s.checkpoints.length - 1}
          value={Math.max(0, index)}
          onChange={(e) => controller.selectCheckpoint(s.checkpoints[Number(e.target.value)]?.step ?? null)}
        />
        <span className="fw-mono" data-testid="train-checkpoint">
          {chosen ? `step ${chosen.step}` : 'document weights'}
        </span>
      </div>
      <div className="fw-muted">
        {chosen
          ? `The Run panel (attention, next token, Generate) uses the weights of step ${chosen.step}${s.followLatest ? ', following each new checkpoint' : ''}.`
          : 'The Run panel uses the document’s own weights.'}
        {sample && chosen && (
          <span className="fw-mono">
            {' '}
            Sample at step {sample.step}: “{s.settings.samplePrompt + sample.text}”
          </span>
        )}
      </div>
      <div className="fw-train-row">
        <button type="button" className="fw-button" disabled={!chosen} onClick={() => run.setState({ open: true, tab: 'generate' })}>
          Generate with these weights
        </button>
        <button type="button" className="fw-button" disabled={!chosen} onClick={() => controller.selectCheckpoint(null)}>
          Use document weights
        </button>
        <button type="button" className="fw-button is-primary" data-testid="train-keep" disabled={!chosen || s.status === 'running'} onClick={() => controller.keepWeights()} title="Store these weights in the graph (one undo step)">
          Keep these weights
        </button>
      </div>
    </section>
  );
}

/** The parts that change while training (re-rendered by each batched progress message). */
function Live({ controller }: { controller: TrainController }) {
  const s = useTrain((x) => x);
  const lastTrain = s.train.at(-1);
  const lastValidation = s.validation.at(-1);
  return (
    <>
      <Controls s={s} controller={controller} />
      <Problems s={s} />
      {(s.train.length > 0 || s.validation.length > 0) && (
        <section className="fw-train-section" aria-label="Loss">
          <div className="fw-train-legend">
            <span className="fw-plot-key is-train" /> train <span className="fw-mono" data-testid="train-loss">{lastTrain ? lastTrain.loss.toFixed(3) : '–'}</span>
            <span className="fw-plot-key is-validation" /> validation <span className="fw-mono" data-testid="validation-loss">{lastValidation ? lastValidation.loss.toFixed(3) : '–'}</span>
            {s.validation[0] && <span className="fw-muted"> (started at {s.validation[0].loss.toFixed(3)})</span>}
            {s.info && <span className="fw-muted"> · {s.info.parameterCount.toLocaleString('en')} weights · {s.info.trainTokens.toLocaleString('en')} training tokens</span>}
          </div>
          <MemoPlot train={s.train} validation={s.validation} total={s.settings.steps} marker={s.followLatest ? null : s.selectedStep} />
        </section>
      )}
      {s.samples.length > 0 && (
        <section className="fw-train-section" aria-label="Samples">
          <strong>Samples</strong>
          <ol className="fw-train-samples" data-testid="train-samples">
            {[...s.samples].reverse().slice(0, 6).map((x) => (
              <li key={x.step}>
                <span className="fw-muted">step {x.step}</span> <span className="fw-mono">{s.settings.samplePrompt}<b>{x.text}</b></span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <Checkpoints s={s} controller={controller} />
    </>
  );
}

const MemoPlot = memo(LossPlot);

/** Corpus and settings: re-rendered only when they (or whether a run is active) change. */
function Setup({ controller }: { controller: TrainController }) {
  const corpus = useTrain((x) => x.corpus);
  const settings = useTrain((x) => x.settings);
  const busy = useTrain((x) => x.status === 'running' || x.status === 'starting' || x.status === 'paused');
  const fresh = useTrain((x) => x.train.length === 0);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  return (
    <>
      <CorpusPicker corpus={corpus} controller={controller} disabled={busy} onProblem={setFileProblem} />
      {fileProblem && <div className="fw-train-problems" role="alert">{fileProblem}</div>}
      <details className="fw-train-section" open={!busy && fresh}>
        <summary>Settings</summary>
        <TrainSettingsForm settings={settings} disabled={busy} onChange={(p) => controller.setSettings(p)} />
      </details>
    </>
  );
}

export function TrainPanel() {
  const open = useTrain((x) => x.open);
  const controller = useTrainController();
  if (!open || !controller) return null;
  return (
    <CanvasPortal>
      <section className="fw-train" aria-label="Train" data-testid="train-panel">
        <header className="fw-train-header">
          <strong>Train</strong>
          <span className="fw-muted">next-token prediction on a text, in a background worker</span>
          <button type="button" className="fw-icon-button" aria-label="Close the Train panel" onClick={toggleTrainPanel}>
            ×
          </button>
        </header>
        <Setup controller={controller} />
        <Live controller={controller} />
      </section>
    </CanvasPortal>
  );
}
