/**
 * Small pieces the random graph generator is built from: a seeded random source and a builder for the nodes
 * and edges of one body (the top level or a subgraph).
 */
import type { GraphEdge, GraphNode } from '../../graph-schema/document.ts';
import { uniformStream } from '../../engine/compile/init.ts';

/** Seeded random choices (mulberry32, the same stream the weight initialiser uses). */
export class Rng {
  private readonly uniform: () => number;

  constructor(seed: number) {
    this.uniform = uniformStream(seed);
  }

  /** Uniform in [lo, hi). */
  float(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform whole number in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: nothing to pick from');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let r = this.float(0, entries.reduce((s, [, w]) => s + w, 0));
    for (const [key, w] of entries) {
      if (r < w) return key;
      r -= w;
    }
    return entries[entries.length - 1]![0];
  }
}

/** The sequence axis a tensor runs along: T (the main sequence) or S (a cross-attention source). */
export type Seq = 'T' | 'S';

/** A tensor of shape [B, seq, width] available in a body: the node and port producing it. */
export interface Ref {
  readonly node: string;
  readonly port: string;
  readonly width: number;
  readonly seq: Seq;
}

/** Nodes and edges of one body, with fresh node ids `<stem><k>`. */
export class BodyBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly counters = new Map<string, number>();

  private freshId(stem: string): string {
    const k = this.counters.get(stem) ?? 0;
    this.counters.set(stem, k + 1);
    return `${stem}${k}`;
  }

  /** Adds a block node; `id` fixes the id instead of numbering the stem. */
  block(stem: string, block: string, params: Record<string, unknown> = {}, id?: string): string {
    const nodeId = id ?? this.freshId(stem);
    this.nodes.push(Object.keys(params).length > 0 ? { id: nodeId, block, params } : { id: nodeId, block });
    return nodeId;
  }

  /** Adds a subgraph instance applied `repeat` times. */
  instance(stem: string, subgraph: string, repeat: number): string {
    const id = this.freshId(stem);
    this.nodes.push(repeat > 1 ? { id, subgraph, repeat } : { id, subgraph });
    return id;
  }

  connect(from: { readonly node: string; readonly port: string }, to: string, port: string): void {
    this.edges.push({ from: { node: from.node, port: from.port }, to: { node: to, port } });
  }
}
