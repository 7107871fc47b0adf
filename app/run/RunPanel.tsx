/**
 * The run panel, docked under the canvas: prompt(s) → token chips, step / back / run to / run all /
 * reset / cancel, the backend switch, progress and reuse counts, the list of blocks in plan order
 * (open one to see its named intermediates), and tabs for the tensor inspector, the attention view,
 * the next-token list and generation.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useEditor } from '../store/use-editor.ts';
import { activeWeights } from './active-weights.ts';
import { AttentionView, isAttentionRecord } from './AttentionView.tsx';
import { GeneratePane } from './GeneratePane.tsx';
import { tokenLabel } from './Heatmap.tsx';
import { NextTokens } from './NextTokens.tsx';
import type { BlockInfo, BlockRecord } from './protocol.ts';
import { useRunController } from './RunProvider.tsx';
import { currentBlock, useRun, useRunStoreApi, type InspectTarget, type RunState, type RunTab } from './run-store.ts';
import { TensorInspector } from './TensorInspector.tsx';
import { queryTokens } from './token-labels.ts';
import { RunContextMenu } from './RunContextMenu.tsx';
import './run.css';

const TABS: readonly [RunTab, string][] = [
  ['tensor', 'Tensor'],
  ['attention', 'Attention'],
  ['next', 'Next token'],
  ['generate', 'Generate'],
];

function Diagnostics() {
  const problems = useRun((s) => s.problems);
  const texts = useRun((s) => s.texts);
  if (!problems) return null;
  const empty = problems.stage === 'feeds' && Object.values(texts).every((t) => t === '');
  if (empty) return <div className="fw-run-empty-hint">Type a prompt to start.</div>;
  return (
    <ul className="fw-run-problems" role="alert" data-testid="run-problems">
      {problems.diagnostics.slice(0, 4).map((d, i) => (
        <li key={i}>
          <span className="fw-code">{d.code}</span> {d.node ? <span className="fw-mono">{d.node}: </span> : null}
          {d.message}
          {d.hint && <span className="fw-hint"> — {d.hint}</span>}
        </li>
      ))}
    </ul>
  );
}

type OpenTensor = (b: BlockInfo, name: string, kind: 'output' | 'intermediate') => void;

/** One block of the list; memoised so a batch of new records re-renders only the rows it changed. */
const BlockRow = memo(function BlockRow({ b, i, record, isCurrent, open, active, onToggle, onOpen }: {
  b: BlockInfo;
  i: number;
  record: BlockRecord | undefined;
  isCurrent: boolean;
  open: boolean;
  /** The name of the tensor of this block shown in the inspector, if any. */
  active: string | null;
  onToggle: (node: string | null) => void;
  onOpen: OpenTensor;
}) {
  const controller = useRunController();
  return (
    <li data-run-block={b.node} className={`${record ? 'is-done' : ''}${isCurrent ? ' is-current' : ''}${record?.reused ? ' is-reused' : ''}`}>
      <div className="fw-run-block-row">
        <button type="button" className="fw-run-block-name" aria-expanded={open} onClick={() => (record ? (onToggle(open ? null : b.node), onOpen(b, Object.keys(record.outputs)[0] ?? '', 'output')) : controller?.runTo(b.node))} title={record ? `${b.node} (${b.block}) — open: outputs and intermediates` : `${b.node} (${b.block}) — run to here`}>
          <span className="fw-run-index">{i + 1}</span>
          <span className="fw-mono">{b.node}</span>
          <span className="fw-muted">{b.block}</span>
          {record?.reused && <span className="fw-run-tag">reused</span>}
        </button>
        {!record && (
          <button type="button" className="fw-run-to" onClick={() => controller?.runTo(b.node)} aria-label={`Run to ${b.node}`} title="Run to here">
            ⇥
          </button>
        )}
      </div>
      {open && record && (
        <div className="fw-run-tensors">
          {Object.keys(record.outputs).map((name) => (
            <button type="button" key={`o:${name}`} className={`fw-chip${active === name ? ' is-active' : ''}`} onClick={() => onOpen(b, name, 'output')}>
              → {name}
            </button>
          ))}
          {Object.keys(record.intermediates).map((name) => (
            <button type="button" key={`i:${name}`} className={`fw-chip is-intermediate${active === name ? ' is-active' : ''}`} onClick={() => onOpen(b, name, 'intermediate')}>
              {name}
            </button>
          ))}
        </div>
      )}
    </li>
  );
});

/** Rows per memoised chunk of the block list: a batch of records re-renders only the chunks it touched. */
const CHUNK = 40;

interface ChunkProps {
  blocks: readonly BlockInfo[];
  start: number;
  records: RunState['records'];
  current: string | null;
  expanded: string | null;
  inspect: InspectTarget | null;
  onToggle: (node: string | null) => void;
  onOpen: OpenTensor;
}

const inChunk = (p: ChunkProps, node: string | null | undefined) => {
  if (!node) return false;
  for (let i = p.start; i < Math.min(p.start + CHUNK, p.blocks.length); i++) if (p.blocks[i]!.node === node) return true;
  return false;
};

/** Whether a chunk shows the same thing under both props (records, current, expanded and inspected rows). */
function sameChunk(a: ChunkProps, b: ChunkProps): boolean {
  if (a.blocks !== b.blocks || a.start !== b.start || a.onOpen !== b.onOpen || a.onToggle !== b.onToggle) return false;
  for (let i = a.start; i < Math.min(a.start + CHUNK, a.blocks.length); i++) if (a.records[i] !== b.records[i]) return false;
  if (a.current !== b.current && (inChunk(a, a.current) || inChunk(a, b.current))) return false;
  if (a.expanded !== b.expanded && (inChunk(a, a.expanded) || inChunk(a, b.expanded))) return false;
  if (a.inspect !== b.inspect && (inChunk(a, a.inspect?.node) || inChunk(a, b.inspect?.node))) return false;
  return true;
}

const BlockChunk = memo(function BlockChunk(p: ChunkProps) {
  return p.blocks.slice(p.start, p.start + CHUNK).map((b, k) => {
    const i = p.start + k;
    return <BlockRow key={b.node} b={b} i={i} record={p.records[i]} isCurrent={p.current === b.node} open={p.expanded === b.node} active={p.inspect?.node === b.node ? p.inspect.name : null} onToggle={p.onToggle} onOpen={p.onOpen} />;
  });
}, sameChunk);

function BlockList({ onOpen }: { onOpen: OpenTensor }) {
  const blocks = useRun((s) => s.blocks);
  const records = useRun((s) => s.records);
  const current = useRun(currentBlock);
  const inspect = useRun((s) => s.inspect);
  const running = useRun((s) => s.phase === 'running');
  const [expanded, setExpanded] = useState<string | null>(null);
  useEffect(() => {
    // Not on every frame of a long run (each scroll forces a layout): once it stops.
    if (current && !running) document.querySelector(`[data-run-block="${CSS.escape(current.node)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current, running]);
  const starts = useMemo(() => Array.from({ length: Math.ceil(blocks.length / CHUNK) }, (_, k) => k * CHUNK), [blocks.length]);
  return (
    <ol className="fw-run-blocks" aria-label="Blocks in execution order">
      {starts.map((start) => (
        <BlockChunk key={start} blocks={blocks} start={start} records={records} current={current?.node ?? null} expanded={expanded} inspect={inspect} onToggle={setExpanded} onOpen={onOpen} />
      ))}
    </ol>
  );
}

export function RunPanel() {
  const controller = useRunController();
  const s = useRun((x) => x);
  const selection = useEditor((e) => e.ui.selection.nodes);
  const reveal = useEditor((e) => e.reveal);
  const requestFit = useEditor((e) => e.requestFit);
  const current = currentBlock(s);
  const store = useRunStoreApi();
  // Opening or closing the panel resizes the canvas: fit the graph to what is left.
  const wasOpen = useRef(s.open);
  useEffect(() => {
    if (wasOpen.current === s.open) return;
    wasOpen.current = s.open;
    const id = requestAnimationFrame(() => requestFit());
    return () => cancelAnimationFrame(id);
  }, [s.open, requestFit]);

  // Clicking an executed block on the canvas opens its output in the inspector.
  useEffect(() => {
    if (selection.length !== 1) return;
    const id = selection[0]!;
    const st = store.getState();
    let index = -1;
    st.blocks.forEach((b, i) => {
      if ((b.node === id || b.topNode === id) && st.records[i]) index = i;
    });
    const b = st.blocks[index];
    const r = st.records[index];
    if (b && r) store.setState({ inspect: { node: b.node, name: Object.keys(r.outputs)[0] ?? '', kind: 'output' }, tab: st.tab === 'generate' || st.tab === 'next' ? 'tensor' : st.tab });
  }, [selection, store]);

  const open = useCallback<OpenTensor>(
    (b, name, kind) =>
      store.setState({ inspect: { node: b.node, name, kind }, tab: kind === 'intermediate' && name === 'pattern' ? 'attention' : 'tensor', attentionNode: name === 'pattern' ? b.node : store.getState().attentionNode }),
    [store],
  );

  const inspectIndex = s.inspect ? s.blocks.findIndex((b) => b.node === s.inspect!.node) : -1;
  const inspected = s.inspect ? s.records[inspectIndex] : undefined;
  // The block being shown, or (an Output block has no tensor of its own) the latest one before it that has one.
  let shownIndex = inspected ? inspectIndex : (s.trace[s.view] ?? -1);
  for (let v = s.view; !inspected && v > 0 && Object.keys(s.records[shownIndex]?.outputs ?? {}).length === 0; v--) shownIndex = s.trace[v - 1] ?? -1;
  const shownRecord = s.records[shownIndex];
  const shownBlock = s.blocks[shownIndex] ?? null;
  const shownName = inspected && s.inspect ? s.inspect.name : shownRecord ? (Object.keys(shownRecord.outputs)[0] ?? '') : '';
  const shownTensor = shownRecord ? (s.inspect?.kind === 'intermediate' && inspected ? shownRecord.intermediates[shownName] : shownRecord.outputs[shownName]) : undefined;

  const attentionIndices = useMemo(() => s.blocks.map((_, i) => i).filter((i) => isAttentionRecord(s.records[i])), [s.blocks, s.records]);
  const attentionIndex = s.attentionNode ? s.blocks.findIndex((b) => b.node === s.attentionNode) : -1;
  const attIndex = attentionIndices.includes(attentionIndex) ? attentionIndex : current && isAttentionRecord(s.records[s.trace[s.view]!]) ? s.trace[s.view]! : (attentionIndices[0] ?? -1);

  const genInput = s.inputs.find((i) => i.name === s.generation?.input) ?? s.inputs[0];
  const probs = s.generation ? s.outputs?.[s.generation.output] : undefined;
  const total = s.blocks.length;
  const done = s.trace.length;
  const busy = s.phase !== 'idle';
  const allDone = total > 0 && done >= total;
  const weightsLabel = useSyncExternalStore(activeWeights.subscribe, () => activeWeights.getState().label);

  if (!s.open)
    return (
      <section className="fw-run is-collapsed" aria-label="Run panel">
        <button type="button" className="fw-run-toggle" onClick={() => store.setState({ open: true })} aria-expanded={false}>
          ▸ Run
        </button>
        <span className="fw-muted">step tensors through the graph, see attention, generate text — F10 steps, F5 runs all</span>
      </section>
    );

  return (
    <section className="fw-run" aria-label="Run panel" data-phase={s.phase} data-done={done} data-total={total}>
      <header className="fw-run-bar">
        <button type="button" className="fw-run-toggle" onClick={() => store.setState({ open: false })} aria-expanded>
          ▾ Run
        </button>
        <div className="fw-run-prompts">
          {s.inputs.length === 0 && !s.problems && <span className="fw-muted">Compiling…</span>}
          {s.inputs.map((input) => (
            <label key={input.name} className="fw-run-prompt">
              <span className="fw-mono">{input.name}</span>
              <input type="text" value={s.texts[input.name] ?? ''} placeholder={`prompt for ${input.name}…`} aria-label={`Prompt for ${input.name}`} onChange={(e) => controller?.setText(input.name, e.target.value)}
                onKeyDown={(e) => {
                  // The run keys work while typing a prompt too (the global table skips text fields).
                  if (e.key === 'F10') (e.preventDefault(), e.shiftKey ? controller?.stepBack() : controller?.stepForward());
                  else if (e.key === 'F5') (e.preventDefault(), controller?.runAll());
                }}
              />
            </label>
          ))}
        </div>
        <div className="fw-run-controls" role="group" aria-label="Run controls">
          <button type="button" className="fw-button" onClick={() => controller?.stepBack()} disabled={s.view <= 0} title="Step back (Shift+F10)" aria-label="Step back">
            ◀ Step
          </button>
          <button type="button" className="fw-button is-primary" onClick={() => controller?.stepForward()} disabled={busy || !!s.problems || (allDone && s.view >= s.trace.length - 1)} title="Step: run the next block (F10)" aria-label="Step forward">
            Step ▶
          </button>
          <button type="button" className="fw-button" onClick={() => selection[0] && controller?.runTo(selection[0])} disabled={busy || selection.length !== 1 || !!s.problems} title="Run up to the selected node (or right-click a node)">
            Run to selected
          </button>
          <button type="button" className="fw-button" onClick={() => controller?.runAll()} disabled={busy || !!s.problems} title="Run all (F5)">
            Run all
          </button>
          <select value={s.backend} onChange={(e) => controller?.setBackend(e.target.value === 'ort' ? 'ort' : 'cpu')} aria-label="Backend for Run all" title="Backend for Run all; stepping always runs on the TypeScript CPU interpreter">
            <option value="cpu">TypeScript CPU</option>
            <option value="ort">onnxruntime-web (wasm)</option>
          </select>
          <button type="button" className="fw-button is-quiet" onClick={() => controller?.reset()} title="Reset: forget the trace">
            Reset
          </button>
          {busy && (
            <button type="button" className="fw-button is-danger" onClick={() => controller?.cancel()}>
              Cancel
            </button>
          )}
        </div>
        <div className="fw-run-status" data-testid="run-status">
          {s.progress && busy ? (
            <span className="fw-run-progress">
              <progress max={s.progress.total} value={s.progress.done} /> {s.progress.done} / {s.progress.total} blocks
            </span>
          ) : (
            <span>
              {done} / {total} blocks run
              {current && (
                <>
                  {' · at '}
                  <button type="button" className="fw-link fw-mono" data-testid="run-current" onClick={() => reveal(null, current.topNode)}>
                    {current.node}
                  </button>
                </>
              )}
            </span>
          )}
          {s.lastRun && !busy && (
            <span className="fw-muted" data-testid="run-reuse">
              {' '}
              · {s.lastRun.reused} reused, {s.lastRun.ran} ran{s.lastRun.backend === 'ort' ? ' on onnxruntime-web' : ''} ({s.lastRun.millis.toFixed(0)} ms)
            </span>
          )}
          {s.backend === 'ort' && <span className="fw-muted"> · stepping is CPU only</span>}
          {weightsLabel && (
            <span className="fw-run-tag" data-testid="run-weights" title="chosen in the Train panel; “Use document weights” there goes back">
              weights: {weightsLabel}
            </span>
          )}
        </div>
      </header>
      <div className="fw-run-tokens">
        {s.inputs.map((input) => (
          <div key={input.name} className="fw-run-token-row" data-testid={`tokens-${input.name}`}>
            {s.inputs.length > 1 && <span className="fw-mono fw-muted">{input.name}</span>}
            {input.tokens.map((t, i) => (
              <span key={i} className="fw-run-chip" title={`id ${t.id}`} data-token-id={t.id}>
                <span className="fw-mono">{tokenLabel(t.text)}</span>
                <sub>{t.id}</sub>
              </span>
            ))}
          </div>
        ))}
        <Diagnostics />
      </div>
      <div className="fw-run-body">
        <BlockList onOpen={open} />
        <div className="fw-run-view">
          <div className="fw-tabs" role="tablist">
            {TABS.map(([id, label]) => (
              <button type="button" role="tab" key={id} aria-selected={s.tab === id} className={`fw-tab${s.tab === id ? ' is-active' : ''}`} onClick={() => store.setState({ tab: id })}>
                {label}
              </button>
            ))}
            {s.tab === 'attention' && attentionIndices.length > 0 && (
              <select value={s.blocks[attIndex]?.node ?? ''} onChange={(e) => store.setState({ attentionNode: e.target.value })} aria-label="Attention block">
                {attentionIndices.map((i) => (
                  <option key={i} value={s.blocks[i]!.node}>
                    {s.blocks[i]!.node}
                  </option>
                ))}
              </select>
            )}
          </div>
          <div className="fw-run-tab-body">
            {s.tab === 'tensor' &&
              (s.phase === 'running' && !inspected ? (
                // Following every block of a long run would redraw the inspector each frame.
                <div className="fw-run-empty">Running… the last block's output shows here when the run stops.</div>
              ) : shownTensor && shownBlock ? (
                <TensorInspector key={`${shownBlock.node}:${shownName}`} title={`${shownBlock.node} · ${shownName}`} tensor={shownTensor} tokens={queryTokens(shownBlock, s.inputs)} fileName={`${shownBlock.node}.${shownName}.npy`} />
              ) : (
                <div className="fw-run-empty">Press <kbd>Step ▶</kbd> (F10) to run the first block, or <kbd>Run all</kbd> (F5). Then click a block here or on the canvas to inspect what it produced.</div>
              ))}
            {s.tab === 'attention' &&
              (attIndex >= 0 ? (
                <AttentionView key={s.blocks[attIndex]!.node} block={s.blocks[attIndex]!} record={s.records[attIndex]!} inputs={s.inputs} />
              ) : (
                <div className="fw-run-empty">No attention block has run yet. Step past an attention block (one that exposes a <code>pattern</code>) to see where each token looks.</div>
              ))}
            {s.tab === 'next' &&
              (probs && genInput ? (
                <NextTokens probs={probs} vocab={genInput.vocab} after={genInput.tokens.map((t) => t.text).join(genInput.vocab.some((v) => v.length > 1) ? ' ' : '')} />
              ) : (
                <div className="fw-run-empty">{s.generation ? 'Run every block (Run all) to see the next-token probabilities.' : 'This graph has no [B, T, vocab] probability output to read next tokens from.'}</div>
              ))}
            {s.tab === 'generate' && controller && (s.generation && genInput ? <GeneratePane controller={controller} vocab={genInput.vocab} prompt={s.texts[genInput.name] ?? ''} /> : <div className="fw-run-empty">This graph has no token input and probability output to generate with.</div>)}
          </div>
        </div>
      </div>
      <RunContextMenu />
    </section>
  );
}

