/**
 * The attention view: for an attention block (any block exposing a `pattern` intermediate), one
 * pattern per head side by side — query tokens down, key tokens across (for cross-attention, keys
 * from the source text) — masked cells hatched, hovering a query row highlights where it looks
 * in every head, and a check computed from the data that every row sums to 1.
 */
import { useMemo, useState } from 'react';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { Heatmap, Legend } from './Heatmap.tsx';
import type { BlockInfo, BlockRecord, TextInputInfo } from './protocol.ts';
import { formatValue, maxRowSumError, slice2d } from './tensor-math.ts';
import { crossSource, keyTokens, queryTokens } from './token-labels.ts';

/** Attention blocks are recognised by their `pattern` intermediate, never by block id. */
export const isAttentionRecord = (r: BlockRecord | undefined): boolean => r?.intermediates.pattern !== undefined;

function maskOf(masked: Tensor | undefined, batch: number, head: number, rows: number, cols: number): Uint8Array | undefined {
  if (!masked || masked.shape.length !== 4) return undefined;
  const s = slice2d(masked, { rowAxis: 2, colAxis: 3, fixed: [batch, head, 0, 0] });
  const out = new Uint8Array(rows * cols);
  let any = false;
  s.values.forEach((v, i) => {
    if (!Number.isFinite(v) || v < -1e8) (out[i] = 1), (any = true);
  });
  return any ? out : undefined;
}

export interface AttentionViewProps {
  readonly block: BlockInfo;
  readonly record: BlockRecord;
  readonly inputs: readonly TextInputInfo[];
}

export function AttentionView({ block, record, inputs }: AttentionViewProps) {
  const pattern = record.intermediates.pattern!;
  const [batch, setBatch] = useState(0);
  const [hover, setHover] = useState<{ head: number; row: number; col: number; value: number } | null>(null);
  const [B, H, Tq, Tk] = pattern.shape.length === 4 ? pattern.shape : [1, 1, pattern.shape.at(-2) ?? 1, pattern.shape.at(-1) ?? 1];
  const rowError = useMemo(() => maxRowSumError(pattern), [pattern]);
  const queries = queryTokens(block, inputs);
  const keys = keyTokens(block, inputs);
  const rowLabels = queries && queries.length === Tq ? queries : undefined;
  const colLabels = keys && keys.length === Tk ? keys : undefined;
  const source = crossSource(block);
  const cell = Math.max(6, Math.min(24, Math.floor(1040 / Math.max(1, H! * (Tk! + 3))), Math.floor(170 / Math.max(1, Tq!))));
  const heads = Array.from({ length: H! }, (_, h) => {
    const slice = pattern.shape.length === 4 ? slice2d(pattern, { rowAxis: 2, colAxis: 3, fixed: [batch, h, 0, 0] }) : slice2d(pattern, { rowAxis: pattern.shape.length - 2, colAxis: pattern.shape.length - 1, fixed: pattern.shape.map(() => 0) });
    return { slice, masked: maskOf(record.intermediates.masked_scores, batch, h, slice.rows, slice.cols) };
  });
  const ok = rowError < 1e-4;

  return (
    <div className="fw-attention" data-testid="attention-view" data-node={block.node}>
      <div className="fw-attention-head">
        <strong>{block.node}</strong>
        <span className="fw-muted">
          {block.block} · {H} head{H === 1 ? '' : 's'} · queries {Tq} × keys {Tk}
          {source ? ` · keys from the source text “${source}”` : ' · self-attention'}
        </span>
        {B! > 1 && (
          <label>
            batch <input type="number" min={0} max={B! - 1} value={batch} onChange={(e) => setBatch(Number(e.target.value))} />
          </label>
        )}
        <span className={ok ? 'fw-check is-ok' : 'fw-check is-bad'} data-testid="row-sum-check" data-error={rowError}>
          {ok ? 'rows sum to 1 ✓' : 'rows do not sum to 1 ✗'} <span className="fw-muted">(max error {rowError.toExponential(1)})</span>
        </span>
      </div>
      <div className="fw-map-foot">
        <Legend min={0} max={1} />
        <span className="fw-muted">query tokens ↓ · key tokens → · hatched = masked (cannot look ahead)</span>
        <span
          className="fw-readout"
          data-testid="attention-readout"
          data-head={hover?.head}
          data-row={hover?.row}
          data-col={hover && hover.col >= 0 ? hover.col : undefined}
          data-value={hover && hover.col >= 0 ? String(hover.value) : undefined}
        >
          {hover
            ? hover.col < 0
              ? `query ${hover.row} ${rowLabels ? `“${rowLabels[hover.row]}”` : ''}: highlighted in every head`
              : `head ${hover.head}: query ${hover.row}${rowLabels ? ` “${rowLabels[hover.row]}”` : ''} → key ${hover.col}${colLabels ? ` “${colLabels[hover.col]}”` : ''} = ${formatValue(hover.value)}`
            : 'hover a cell or a query token'}
        </span>
      </div>
      <div className="fw-heads">
        {heads.map(({ slice, masked }, h) => (
          <figure className="fw-head" key={h}>
            <figcaption>head {h}</figcaption>
            <Heatmap
              slice={slice}
              cell={cell}
              range={[0, 1]}
              masked={masked}
              rowLabels={rowLabels}
              colLabels={colLabels}
              focusRow={hover ? hover.row : null}
              onHover={(c) => setHover(c ? { head: h, ...c } : null)}
              label={`${block.node} head ${h} attention pattern`}
              testId={`attention-head-${h}`}
            />
          </figure>
        ))}
      </div>
    </div>
  );
}
