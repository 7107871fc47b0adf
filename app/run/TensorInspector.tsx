/**
 * The tensor inspector: shape, dtype, statistics (NaN and ±Inf counted), a histogram, a heatmap of
 * any 2-D slice with selectors for the other axes and token labels on sequence axes, a value readout
 * on hover, a paginated value table, and download as .npy / copy as JSON.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { encodeNpy } from '../../engine/io/npy.ts';
import { Heatmap, Legend } from './Heatmap.tsx';
import { coordsOf, defaultSlice, formatValue, histogram, slice2d, tensorStats, type SliceSpec } from './tensor-math.ts';

const PAGE = 64;

function HistogramChart({ data }: { data: ArrayLike<number> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const h = useMemo(() => histogram(data, 40), [data]);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !ref.current) return;
    const w = 220;
    const height = 54;
    const dpr = window.devicePixelRatio || 1;
    ref.current.width = w * dpr;
    ref.current.height = height * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, height);
    const peak = Math.max(1, ...h.counts);
    const bw = w / h.counts.length;
    ctx.fillStyle = getComputedStyle(ref.current).getPropertyValue('--accent').trim() || '#6d6cf6';
    h.counts.forEach((c, i) => {
      const bar = (c / peak) * (height - 2);
      ctx.fillRect(i * bw, height - bar, Math.max(1, bw - 1), bar);
    });
  }, [h]);
  return (
    <div className="fw-hist">
      <canvas ref={ref} style={{ width: 220, height: 54 }} aria-label="histogram" />
      <div className="fw-hist-axis">
        <span>{formatValue(h.min)}</span>
        <span>{formatValue(h.max)}</span>
      </div>
    </div>
  );
}

function download(name: string, bytes: Uint8Array) {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface TensorInspectorProps {
  readonly title: string;
  readonly tensor: Tensor;
  /** Token texts for sequence axes (an axis whose size equals the token count is labelled). */
  readonly tokens: readonly string[] | null;
  readonly fileName: string;
}

export function TensorInspector({ title, tensor, tokens, fileName }: TensorInspectorProps) {
  const stats = useMemo(() => tensorStats(tensor.data), [tensor]);
  const [spec, setSpec] = useState<SliceSpec>(() => defaultSlice(tensor.shape));
  const [hover, setHover] = useState<{ row: number; col: number; value: number } | null>(null);
  const [page, setPage] = useState(0);
  const [copied, setCopied] = useState(false);
  const shapeKey = tensor.shape.join(',');
  useEffect(() => {
    setSpec(defaultSlice(tensor.shape));
    setPage(0);
  }, [shapeKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const slice = useMemo(() => slice2d(tensor, spec), [tensor, spec]);
  const labelsFor = (axis: number) => (axis >= 0 && tokens && tokens.length === tensor.shape[axis] && tokens.length > 1 ? tokens : undefined);
  const cell = Math.max(4, Math.min(18, Math.floor(560 / Math.max(1, slice.cols)), Math.floor(220 / Math.max(1, slice.rows))));
  const pages = Math.ceil(tensor.data.length / PAGE);
  const axisName = (a: number) => `axis ${a} (${tensor.shape[a]})`;

  return (
    <div className="fw-tensor" data-testid="tensor-inspector">
      <div className="fw-tensor-head">
        <strong className="fw-tensor-title">{title}</strong>
        <span className="fw-mono">
          {tensor.dtype} [{tensor.shape.join(', ')}]
        </span>
        <span className="fw-spacer" />
        <button type="button" className="fw-button is-quiet" onClick={() => download(fileName, encodeNpy(tensor))}>
          Download .npy
        </button>
        <button
          type="button"
          className="fw-button is-quiet"
          onClick={() => {
            const json = JSON.stringify({ dtype: tensor.dtype, shape: tensor.shape, data: Array.from(tensor.data) });
            void navigator.clipboard.writeText(json).then(() => (setCopied(true), setTimeout(() => setCopied(false), 1200)));
          }}
        >
          {copied ? 'Copied ✓' : 'Copy JSON'}
        </button>
      </div>
      <div className="fw-tensor-body">
        <div className="fw-tensor-stats">
          <dl className="fw-stats" data-testid="tensor-stats">
            <dt>min</dt>
            <dd>{formatValue(stats.min)}</dd>
            <dt>max</dt>
            <dd>{formatValue(stats.max)}</dd>
            <dt>mean</dt>
            <dd>{formatValue(stats.mean)}</dd>
            <dt>std</dt>
            <dd>{formatValue(stats.std)}</dd>
            <dt>NaN</dt>
            <dd className={stats.nan ? 'is-bad' : ''}>{stats.nan}</dd>
            <dt>±Inf</dt>
            <dd className={stats.posInf + stats.negInf ? 'is-warn' : ''}>
              {stats.posInf} / {stats.negInf}
            </dd>
          </dl>
          <HistogramChart data={tensor.data} />
        </div>
        <div className="fw-tensor-map">
          {tensor.shape.length >= 2 && (
            <div className="fw-axes">
              <label>
                rows
                <select value={spec.rowAxis} onChange={(e) => setSpec({ ...spec, rowAxis: Number(e.target.value) })}>
                  {tensor.shape.map((_, a) => a !== spec.colAxis && <option key={a} value={a}>{axisName(a)}</option>)}
                </select>
              </label>
              <label>
                cols
                <select value={spec.colAxis} onChange={(e) => setSpec({ ...spec, colAxis: Number(e.target.value) })}>
                  {tensor.shape.map((_, a) => a !== spec.rowAxis && <option key={a} value={a}>{axisName(a)}</option>)}
                </select>
              </label>
              {tensor.shape.map((size, a) =>
                a === spec.rowAxis || a === spec.colAxis ? null : (
                  <label key={a}>
                    axis {a}
                    <input
                      type="number"
                      min={0}
                      max={size - 1}
                      value={spec.fixed[a] ?? 0}
                      aria-label={`index on axis ${a}`}
                      onChange={(e) => setSpec({ ...spec, fixed: spec.fixed.map((v, i) => (i === a ? Math.max(0, Math.min(size - 1, Number(e.target.value))) : v)) })}
                    />
                  </label>
                ),
              )}
            </div>
          )}
          <div className="fw-map-scroll">
            <Heatmap slice={slice} cell={cell} rowLabels={labelsFor(spec.rowAxis)} colLabels={labelsFor(spec.colAxis)} onHover={setHover} label={`${title} heatmap`} testId="tensor-heatmap" />
          </div>
          <div className="fw-map-foot">
            <Legend min={stats.min} max={stats.max} />
            <span className="fw-readout" data-testid="tensor-readout">
              {hover ? `[${hover.row}, ${hover.col}] = ${formatValue(hover.value)}` : 'hover a cell to read it'}
            </span>
          </div>
        </div>
        <div className="fw-tensor-table">
          <table>
            <thead>
              <tr>
                <th>index</th>
                <th>value</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: Math.min(PAGE, tensor.data.length - page * PAGE) }, (_, i) => {
                const flat = page * PAGE + i;
                return (
                  <tr key={flat}>
                    <td>[{coordsOf(tensor.shape, flat).join(',')}]</td>
                    <td>{formatValue(tensor.data[flat]!)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="fw-pager">
            <button type="button" className="fw-button is-quiet" disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="previous page">
              ‹
            </button>
            <span>
              {page + 1} / {pages}
            </span>
            <button type="button" className="fw-button is-quiet" disabled={page >= pages - 1} onClick={() => setPage(page + 1)} aria-label="next page">
              ›
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
