/**
 * Size limits for untrusted graph files. Everything is bounded before it is allocated.
 */
export const LIMITS = {
  /** Bytes of graph file text. */
  maxFileBytes: 64 * 1024 * 1024,
  /** Characters in any one JSON string. */
  maxStringLength: 1_000_000,
  /** Nesting depth of the JSON. */
  maxDepth: 64,
  /** Nodes in the top-level graph or in one subgraph. */
  maxNodes: 10_000,
  maxEdges: 40_000,
  maxSubgraphs: 256,
  maxRepeat: 256,
  /** Largest single dimension any shape may have. */
  maxDim: 1 << 20,
  /** Elements in one weight tensor, and in all weights together. */
  maxWeightElements: 1 << 28,
  maxTotalWeightElements: 1 << 28,
} as const;
