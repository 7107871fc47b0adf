/**
 * Size limits for untrusted graph files. Everything is bounded before it is allocated.
 */
export const LIMITS = {
  /**
   * Bytes of graph file text: parsing and validating it takes about 16× its size in memory, so larger
   * weights belong in a .safetensors file beside it.
   */
  maxFileBytes: 16 * 1024 * 1024,
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
  /**
   * Elements in one weight tensor, and in all weights together: 2^23 float32 values (32 MiB), which
   * seeded initialisation fills in about a second.
   */
  maxWeightElements: 1 << 23,
  maxTotalWeightElements: 1 << 23,
  /** Elements in a table a block computes from its params (the sinusoidal positional table). */
  maxConstantElements: 1 << 24,
  /** Nodes after expanding every subgraph instance and repeat (compiling and running them takes about a second per 3,000). */
  maxExpandedNodes: 10_000,
} as const;
