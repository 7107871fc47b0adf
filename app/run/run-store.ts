/**
 * The run panel's state: a small vanilla zustand store of its own (derived data — never saved),
 * so the canvas can read which block is executing and what each edge carried without the editor
 * store knowing about tensors. The controller (run-controller.ts) is the only writer.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { Backend, BlockInfo, BlockRecord, GenerateSettings, TextInputInfo, TokenChip } from './protocol.ts';
import { heatStrip, tensorStats } from './tensor-math.ts';

/** What an edge shows after its source block has run. */
export interface EdgeSummary {
  readonly min: number;
  readonly max: number;
  readonly strip: readonly number[];
}

/** A tensor the inspector shows: a block output or a named intermediate. */
export interface InspectTarget {
  readonly node: string;
  readonly name: string;
  readonly kind: 'output' | 'intermediate';
}

export type RunTab = 'tensor' | 'attention' | 'next' | 'generate';

export interface GeneratedToken extends TokenChip {
  readonly probability: number;
  readonly top: readonly { id: number; p: number }[];
}

export interface RunState {
  readonly open: boolean;
  readonly tab: RunTab;
  /** Prompt text per text input (by input name). */
  readonly texts: Readonly<Record<string, string>>;
  readonly phase: 'idle' | 'preparing' | 'running' | 'generating';
  readonly inputs: readonly TextInputInfo[];
  readonly blocks: readonly BlockInfo[];
  readonly generation: { readonly input: string; readonly output: string } | null;
  /** Executed blocks by plan index. */
  readonly records: Readonly<Record<number, BlockRecord>>;
  /** Plan indices in the order they ran. */
  readonly trace: readonly number[];
  /** Position in `trace` being shown (-1: nothing run yet). Step ◀ moves it back. */
  readonly view: number;
  readonly outputs: Readonly<Record<string, Tensor>> | null;
  readonly problems: { readonly stage: string; readonly diagnostics: readonly Diagnostic[] } | null;
  readonly progress: { readonly done: number; readonly total: number } | null;
  readonly lastRun: { readonly reused: number; readonly ran: number; readonly backend: Backend; readonly millis: number } | null;
  readonly backend: Backend;
  readonly inspect: InspectTarget | null;
  readonly attentionNode: string | null;
  readonly settings: GenerateSettings;
  readonly generated: { readonly tokens: readonly GeneratedToken[]; readonly note: string | null; readonly cached: boolean | null; readonly running: boolean };
  /** Edge summaries by `topNode:port` (`topNode:*` for an instance: its latest inner block's output). */
  readonly edges: Readonly<Record<string, EdgeSummary>>;
  /** Which canvas nodes have run, so a node finds out in O(1) (see `DoneNodes`). */
  readonly done: DoneNodes;
}

/**
 * The nodes with at least one executed block: top-level nodes by id, and nodes inside subgraph
 * instances by the last segment of their block path (`layers.1.attn` → `attn`).
 */
export interface DoneNodes {
  readonly top: ReadonlySet<string>;
  readonly inner: ReadonlySet<string>;
}

/** Nothing has run. */
export const EMPTY_DONE: DoneNodes = { top: new Set(), inner: new Set() };

const lastSegment = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/**
 * The state after a batch of executed blocks arrived (in arrival order): records, trace, edge
 * summaries, the done sets and progress, each copied once per batch rather than once per block.
 */
export function foldBlocks(s: RunState, batch: readonly BlockRecord[], total: number): Pick<RunState, 'records' | 'trace' | 'view' | 'edges' | 'done' | 'progress'> {
  const records: Record<number, BlockRecord> = { ...s.records };
  const edges: Record<string, EdgeSummary> = { ...s.edges };
  const order = new Set(s.trace);
  const top = new Set(s.done.top);
  const inner = new Set(s.done.inner);
  for (const record of batch) {
    records[record.index] = record;
    order.delete(record.index); // a re-run block moves to the end of the trace
    order.add(record.index);
    const block = s.blocks[record.index];
    if (!block) continue;
    Object.assign(edges, edgeSummariesOf(block, record));
    top.add(block.topNode);
    if (block.node !== block.topNode) inner.add(lastSegment(block.node));
  }
  const trace = [...order];
  return { records, trace, view: trace.length - 1, edges, done: { top, inner }, progress: { done: trace.length, total } };
}

export type RunStore = StoreApi<RunState>;

export const DEFAULT_SETTINGS: GenerateSettings = { temperature: 0, topK: 0, topP: 1, seed: 0, maxTokens: 10, stopToken: null };

/** The state a fresh panel starts with. */
export function initialRunState(): RunState {
  return {
    open: false,
    tab: 'tensor',
    texts: {},
    phase: 'idle',
    inputs: [],
    blocks: [],
    generation: null,
    records: {},
    trace: [],
    view: -1,
    outputs: null,
    problems: null,
    progress: null,
    lastRun: null,
    backend: 'cpu',
    inspect: null,
    attentionNode: null,
    settings: DEFAULT_SETTINGS,
    generated: { tokens: [], note: null, cached: null, running: false },
    edges: {},
    done: EMPTY_DONE,
  };
}

export function createRunStore(): RunStore {
  return createStore<RunState>()(() => initialRunState());
}

/** The edge summaries a newly executed block adds. */
export function edgeSummariesOf(block: BlockInfo, record: BlockRecord): Record<string, EdgeSummary> {
  const out: Record<string, EdgeSummary> = {};
  const summary = (t: Tensor): EdgeSummary => {
    const s = tensorStats(t.data);
    return { min: s.min, max: s.max, strip: heatStrip(t.data, 16) };
  };
  if (block.node === block.topNode) for (const [port, t] of Object.entries(record.outputs)) out[`${block.topNode}:${port}`] = summary(t);
  else {
    // Inside an instance: the latest inner block's output; once the instance is done, that is its output.
    const first = Object.values(record.outputs)[0];
    if (first) out[`${block.topNode}:*`] = summary(first);
  }
  return out;
}

/** The block being shown, if any. */
export function currentBlock(s: RunState): BlockInfo | null {
  const index = s.trace[s.view];
  return index === undefined ? null : (s.blocks[index] ?? null);
}

const fallback = createRunStore();
fallback.setState({ open: false });

/** Provides the run store to the panel and to the canvas. */
export const RunContext = createContext<RunStore | null>(null);

/** Subscribes to the run store (an inert one when no panel is mounted, e.g. in component tests). */
export function useRun<T>(selector: (s: RunState) => T): T {
  return useStore(useContext(RunContext) ?? fallback, selector);
}

/** The run store itself (for writes and non-reactive reads); throws outside a provider. */
export function useRunStoreApi(): RunStore {
  const store = useContext(RunContext);
  if (!store) throw new Error('the run panel needs a RunProvider');
  return store;
}
