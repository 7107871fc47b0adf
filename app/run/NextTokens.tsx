/**
 * The next-token view: after the last block, the top-k tokens at the last position with their
 * probabilities as a bar list.
 */
import type { Tensor } from '../../graph-schema/tensor.ts';
import { tokenLabel } from './Heatmap.tsx';
import { topK } from './tensor-math.ts';

/** The top-k list of the last position of a [B, T, V] probability tensor. */
export function nextTokenList(probs: Tensor, vocab: readonly string[], k = 10): { id: number; text: string; p: number }[] {
  const v = probs.shape[probs.shape.length - 1] ?? 0;
  const last = probs.data.subarray(probs.data.length - v);
  return topK(last, k).map((r) => ({ id: r.id, text: vocab[r.id] ?? `#${r.id}`, p: r.value }));
}

export function NextTokens({ probs, vocab, after }: { probs: Tensor; vocab: readonly string[]; after: string }) {
  const list = nextTokenList(probs, vocab, 10);
  const peak = Math.max(1e-9, ...list.map((t) => t.p));
  return (
    <div className="fw-next" data-testid="next-tokens">
      <div className="fw-muted">
        Most likely next tokens after “{after}” (last position of the output):
      </div>
      <ol className="fw-bars">
        {list.map((t) => (
          <li key={t.id} data-token-id={t.id}>
            <span className="fw-bar-label fw-mono">{tokenLabel(t.text)}</span>
            <span className="fw-bar-track">
              <span className="fw-bar" style={{ width: `${(100 * t.p) / peak}%` }} />
            </span>
            <span className="fw-bar-value fw-mono">{(100 * t.p).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
