/**
 * The graph document, version 1: what a saved `.formwork.json` file holds. Plain, named JSON —
 * nothing positional. Node positions live apart in `layout`; editor state is never saved.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';

export const FORMAT = 'formwork.graph';
export const CURRENT_VERSION = 1;

/** Node ids and port names: identifiers (no dots: dots join subgraph instance paths). */
const Identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must start with a letter or _ and use only letters, digits, _ and -');

const PortRefSchema = z.object({ node: Identifier, port: Identifier }).strict();

const EdgeSchema = z.object({ from: PortRefSchema, to: PortRefSchema }).strict();

const NodeSchema = z
  .object({
    id: Identifier,
    /** Block id from the catalogue (`MultiHeadAttention`); absent for subgraph instances. */
    block: z.string().min(1).max(64).optional(),
    /** Parameter values; missing ones take the block's defaults. */
    params: z.record(z.string().max(64), z.unknown()).optional(),
    /** Version of the block definition the params were written for (absent: 1); older ones are migrated on load. */
    version: z.number().int().min(1).max(1000).optional(),
    /** Name of a subgraph in `subgraphs`: this node is an instance of it. */
    subgraph: Identifier.optional(),
    /** How many times the subgraph is applied in sequence, each with its own weights. */
    repeat: z.number().int().min(1).max(LIMITS.maxRepeat).optional(),
  })
  .strict()
  .superRefine((n, ctx) => {
    if ((n.block === undefined) === (n.subgraph === undefined))
      ctx.addIssue({ code: 'custom', message: 'a node has exactly one of "block" or "subgraph"' });
    if (n.repeat !== undefined && n.subgraph === undefined)
      ctx.addIssue({ code: 'custom', message: '"repeat" is only for subgraph instances', path: ['repeat'] });
  });

const GraphBodySchema = {
  nodes: z.array(NodeSchema).max(LIMITS.maxNodes),
  edges: z.array(EdgeSchema).max(LIMITS.maxEdges),
};

const SubgraphSchema = z
  .object({
    title: z.string().max(200).optional(),
    description: z.string().max(10_000).optional(),
    ...GraphBodySchema,
  })
  .strict();

const PointSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

const LayoutSchema = z
  .object({
    nodes: z.record(Identifier, PointSchema),
    subgraphs: z.record(Identifier, z.record(Identifier, PointSchema)).optional(),
  })
  .strict();

/** An explicit weight value: row-major `data` of length prod(`shape`). */
const WeightValueSchema = z
  .object({
    shape: z.array(z.number().int().min(0).max(LIMITS.maxDim)).max(8),
    data: z.array(z.number().finite()).max(LIMITS.maxWeightElements),
  })
  .strict()
  .superRefine((w, ctx) => {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (n !== w.data.length)
      ctx.addIssue({ code: 'custom', message: `shape [${w.shape.join(', ')}] needs ${n} values, got ${w.data.length}` });
  });

const MetaSchema = z
  .object({
    title: z.string().max(200).optional(),
    description: z.string().max(20_000).optional(),
    author: z.string().max(200).optional(),
    /** A sample prompt per text input (by input node id) that the editor fills in when the document opens. */
    prompts: z
      .record(Identifier, z.string().max(2000))
      .refine((p) => Object.keys(p).length <= 16, { message: 'at most 16 sample prompts' })
      .optional(),
  })
  .strict();

export const GraphDocumentSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(CURRENT_VERSION),
    meta: MetaSchema.optional(),
    /** Seed for the initialisation of weights the document does not give. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    ...GraphBodySchema,
    subgraphs: z
      .record(Identifier, SubgraphSchema)
      .refine((r) => Object.keys(r).length <= LIMITS.maxSubgraphs, `at most ${LIMITS.maxSubgraphs} subgraphs`)
      .optional(),
    /** Explicit weights by stable name (`layers.0.attn.W_q`). They override `weightsFile` and init. */
    weights: z.record(z.string().max(256), WeightValueSchema).optional(),
    /** A `.safetensors` file beside the document holding weights by stable name. */
    weightsFile: z
      .string()
      .max(256)
      .regex(/^[^/\\]+\.safetensors$/, 'a file name beside the document, ending in .safetensors')
      .optional(),
    layout: LayoutSchema.optional(),
  })
  .strict();

export type GraphDocument = z.infer<typeof GraphDocumentSchema>;
export type GraphNode = GraphDocument['nodes'][number];
export type GraphEdge = GraphDocument['edges'][number];
export type PortRef = GraphEdge['from'];
export type Subgraph = NonNullable<GraphDocument['subgraphs']>[string];
export type WeightValue = NonNullable<GraphDocument['weights']>[string];
export type Layout = NonNullable<GraphDocument['layout']>;

/** The nodes and edges of the top level or of a subgraph. */
export interface GraphBody {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** A new, empty document. */
export function emptyDocument(title = 'Untitled'): GraphDocument {
  return { format: FORMAT, version: CURRENT_VERSION, meta: { title }, seed: 0, nodes: [], edges: [] };
}
