/**
 * TransformerLens names for a traced run, so interpretability viewers that read HookedTransformer
 * caches (`blocks.0.attn.hook_pattern`, `blocks.0.hook_resid_post`, …) can read Formwork traces.
 *
 * The GPT shape is found from structure and from the intermediates blocks expose, never from block
 * ids: one top-level subgraph instance (repeated `n_layers` times) whose body has one input, one
 * output, one attention block (it exposes `pattern`) and at most one MLP (it exposes `hidden`). Tensors
 * are given TransformerLens's layouts: q/k/v/z as [batch, pos, head_index, d_head], patterns and
 * scores as [batch, head_index, query_pos, key_pos], the residual stream as [batch, pos, d_model].
 */
import { error, fail, ok, type Result } from '../../graph-schema/diagnostics.ts';
import type { GraphBody, GraphDocument, GraphNode } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';

/** Tensors a traced block produced, by port / intermediate name. */
export interface TracedBlock {
  readonly outputs: Readonly<Record<string, Tensor>>;
  readonly intermediates: Readonly<Record<string, Tensor>>;
}

/** A tensor under its TransformerLens name, with where it came from in Formwork (`node:name`). */
export interface HookTensor {
  readonly name: string;
  readonly source: string;
  readonly tensor: Tensor;
}

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** [B, h, T, d] → [B, T, h, d]. */
function headsLast(t: Tensor): Tensor {
  const [B = 1, H = 1, T = 1, D = 1] = t.shape;
  const src = t.data as Float32Array;
  const out = new Float32Array(src.length);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let p = 0; p < T; p++)
        for (let d = 0; d < D; d++) out[((b * T + p) * H + h) * D + d] = src[((b * H + h) * T + p) * D + d]!;
  return { dtype: 'float32', shape: [B, T, H, D], data: out };
}

/** [T, d] → [B, T, d] (the same rows for every batch entry). */
function broadcastBatch(t: Tensor, batch: number): Tensor {
  const src = t.data as Float32Array;
  const out = new Float32Array(src.length * batch);
  for (let b = 0; b < batch; b++) out.set(src, b * src.length);
  return { dtype: 'float32', shape: [batch, ...t.shape], data: out };
}

function firstOutput(block: TracedBlock | undefined): [string, Tensor] | undefined {
  return block ? Object.entries(block.outputs)[0] : undefined;
}

/**
 * The TransformerLens-named tensors of a traced run of `doc`, or FW051 explaining why the graph does
 * not have a GPT shape. `blocks` gives the traced tensors of a node path (`layers.0.attn`).
 */
export function transformerLensTensors(doc: GraphDocument, blocks: (node: string) => TracedBlock | undefined): Result<HookTensor[]> {
  const notGpt = (why: string) =>
    fail<HookTensor[]>([error('FW051', `--names transformerlens: ${why}`, { hint: 'TransformerLens names need a GPT shape: one repeated decoder-layer subgraph with one attention block' })]);
  const subgraphs = doc.subgraphs ?? {};
  const stacks = doc.nodes.filter((n) => n.subgraph !== undefined && Object.hasOwn(subgraphs, n.subgraph));
  const pathIn = (stack: GraphNode, layer: number, id: string): string => ((stack.repeat ?? 1) > 1 || blocks(`${stack.id}.0.${id}`) ? `${stack.id}.${layer}.${id}` : `${stack.id}.${id}`);
  const withAttention = stacks.filter((s) => subgraphs[s.subgraph!]!.nodes.some((n) => own(blocks(pathIn(s, 0, n.id))?.intermediates ?? {}, 'pattern')));
  if (withAttention.length !== 1) return notGpt(`found ${withAttention.length} layer stacks with attention; need exactly one`);
  const stack = withAttention[0]!;
  const body: GraphBody = subgraphs[stack.subgraph!]!;
  const exposes = (name: string) => body.nodes.filter((n) => own(blocks(pathIn(stack, 0, n.id))?.intermediates ?? {}, name));
  const attention = exposes('pattern');
  const mlps = exposes('hidden');
  if (attention.length !== 1) return notGpt(`the layer has ${attention.length} attention blocks; need one`);
  if (mlps.length > 1) return notGpt(`the layer has ${mlps.length} feed-forward blocks; need at most one`);
  const inputs = body.nodes.filter((n) => !body.edges.some((e) => e.to.node === n.id) && body.edges.some((e) => e.from.node === n.id));
  const outputs = body.nodes.filter((n) => !body.edges.some((e) => e.from.node === n.id) && body.edges.some((e) => e.to.node === n.id));
  if (inputs.length !== 1 || outputs.length !== 1) return notGpt('the layer must have one input and one output (the residual stream)');
  const [streamIn, streamOut] = [inputs[0]!, outputs[0]!];

  const hooks: HookTensor[] = [];
  const add = (name: string, source: string, tensor: Tensor | undefined) => tensor && hooks.push({ name, source, tensor });
  const feeding = doc.edges.find((e) => e.to.node === stack.id);
  if (!feeding) return notGpt(`nothing feeds the layer stack '${stack.id}'`);
  const firstStream = own(blocks(feeding.from.node)?.outputs ?? {}, feeding.from.port);
  if (!firstStream) return notGpt(`no traced tensor for ${feeding.from.node}:${feeding.from.port}`);
  const batch = firstStream.shape[0] ?? 1;
  addEmbeddings(doc, feeding.from.node, blocks, batch, add);

  let residPre: [string, Tensor] = [`${feeding.from.node}:${feeding.from.port}`, firstStream];
  const layers = stack.repeat ?? 1;
  for (let i = 0; i < layers; i++) {
    const at = (id: string) => pathIn(stack, i, id);
    const p = `blocks.${i}.`;
    add(`${p}hook_resid_pre`, residPre[0], residPre[1]);
    const attn = blocks(at(attention[0]!.id))!;
    const tensor = (id: string, port: string): [string, Tensor] | undefined => {
      if (id === streamIn.id) return residPre;
      const t = own(blocks(at(id))?.outputs ?? {}, port);
      return t ? [`${at(id)}:${port}`, t] : undefined;
    };
    const src = `${at(attention[0]!.id)}:`;
    for (const name of ['q', 'k', 'v'] as const) {
      const t = own(attn.intermediates, name);
      add(`${p}attn.hook_${name}`, src + name, t && t.shape.length === 4 ? headsLast(t) : undefined);
    }
    const q = own(attn.intermediates, 'q');
    add(`${p}attn.hook_attn_scores`, src + 'masked_scores', own(attn.intermediates, 'masked_scores') ?? own(attn.intermediates, 'scores'));
    add(`${p}attn.hook_pattern`, src + 'pattern', own(attn.intermediates, 'pattern'));
    const concat = own(attn.intermediates, 'concat');
    if (concat && q && q.shape.length === 4) add(`${p}attn.hook_z`, src + 'concat', { ...concat, shape: [concat.shape[0]!, concat.shape[1]!, q.shape[1]!, q.shape[3]!] });
    const attnOut = firstOutput(attn);
    if (attnOut) add(`${p}hook_attn_out`, src + attnOut[0], attnOut[1]);
    const mlp = mlps[0];
    if (mlp) {
      const mlpBlock = blocks(at(mlp.id));
      add(`${p}mlp.hook_post`, `${at(mlp.id)}:hidden`, own(mlpBlock?.intermediates ?? {}, 'hidden'));
      const out = firstOutput(mlpBlock);
      if (out) add(`${p}hook_mlp_out`, `${at(mlp.id)}:${out[0]}`, out[1]);
      // resid_mid: the other operand of the residual add that takes the MLP's output.
      const sum = body.edges.find((e) => e.from.node === mlp.id);
      const into = sum ? body.edges.filter((e) => e.to.node === sum.to.node) : [];
      const other = into.length === 2 ? into.find((e) => e.from.node !== mlp.id) : undefined;
      const mid = other && tensor(other.from.node, other.from.port);
      if (mid) add(`${p}hook_resid_mid`, mid[0], mid[1]);
    }
    const post = firstOutput(blocks(at(streamOut.id)));
    if (!post) return notGpt(`no traced output for ${at(streamOut.id)}`);
    residPre = [`${at(streamOut.id)}:${post[0]}`, post[1]];
    add(`${p}hook_resid_post`, residPre[0], residPre[1]);
  }
  return ok(hooks);
}

/**
 * hook_embed and hook_pos_embed from the node that feeds the stack: a positional block (it exposes
 * `encoding`) adds the position table to the token embedding on its input; otherwise the node that
 * reads the token ids is the embedding itself.
 */
function addEmbeddings(doc: GraphDocument, feeder: string, blocks: (node: string) => TracedBlock | undefined, batch: number, add: (name: string, source: string, t: Tensor | undefined) => void): void {
  const block = blocks(feeder);
  const encoding = own(block?.intermediates ?? {}, 'encoding');
  if (encoding) {
    add('hook_pos_embed', `${feeder}:encoding`, encoding.shape.length === 2 ? broadcastBatch(encoding, batch) : encoding);
    const input = doc.edges.find((e) => e.to.node === feeder);
    const embedded = input && own(blocks(input.from.node)?.outputs ?? {}, input.from.port);
    if (input && embedded?.dtype === 'float32') add('hook_embed', `${input.from.node}:${input.from.port}`, embedded);
    return;
  }
  const input = doc.edges.find((e) => e.to.node === feeder);
  const ids = input && own(blocks(input.from.node)?.outputs ?? {}, input.from.port);
  const out = firstOutput(block);
  if (ids && ids.dtype !== 'float32' && out) add('hook_embed', `${feeder}:${out[0]}`, out[1]);
}
