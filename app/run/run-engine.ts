/**
 * What the run worker does, as a plain class so it can be tested without a worker: compile the
 * document, encode the prompt, keep a session and answer step / run / generate requests by posting
 * replies. A new document or prompt starts a session that reuses the previous one, so only blocks
 * whose inputs changed run again.
 */
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile, type Compiled } from '../../engine/compile/compile.ts';
import { generate, generateCached, generationPorts } from '../../engine/run/generate.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { runWithOrt } from '../../engine/onnx/ort-run.ts';
import type { Plan } from '../../engine/compile/plan.ts';
import { createSession, type BlockRun, type Session } from '../../engine/run/session.ts';
import { feedsFromText, tokenizersOf } from '../../engine/run/text-feeds.ts';
import type { Tokenizer } from '../../engine/tokenizers/types.ts';
import type { BlockInfo, BlockRecord, RunReply, RunRequest, TextInputInfo } from './protocol.ts';
import { topK } from './tensor-math.ts';
import { checkRunnable } from '../../engine/compile/runnable.ts';

/** Posts a reply, transferring the buffers listed. */
export type Post = (reply: RunReply, transfer: Transferable[]) => void;

interface Prepared {
  readonly seq: number;
  readonly doc: GraphDocument;
  readonly weights: ReadonlyMap<string, Tensor> | undefined;
  readonly compiled: Compiled;
  readonly tokenizers: ReadonlyMap<string, Tokenizer>;
  readonly feeds: Record<string, Tensor>;
  session: Session;
}

/** A copy of a tensor whose buffer can be transferred without touching the session's values. */
function detached(t: Tensor, transfer: Transferable[]): Tensor {
  const data = t.data.slice();
  transfer.push(data.buffer);
  return { dtype: t.dtype, shape: [...t.shape], data };
}

function detachAll(tensors: Readonly<Record<string, Tensor>>, transfer: Transferable[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = detached(t, transfer);
  return out;
}

/** The document without the explicit weights `weights` replaces (explicit values would win over them). */
function withoutExplicit(doc: GraphDocument, weights: ReadonlyMap<string, Tensor>): GraphDocument {
  if (!doc.weights) return doc;
  const kept = Object.fromEntries(Object.entries(doc.weights).filter(([name]) => !weights.has(name)));
  return { ...doc, weights: kept };
}

/** For each value of the plan: the text inputs it depends on. */
function inputDependencies(plan: Plan, textInputs: ReadonlySet<string>): Map<number, Set<string>> {
  const deps = new Map<number, Set<string>>();
  for (const io of plan.inputs) if (textInputs.has(io.name)) deps.set(io.value, new Set([io.name]));
  for (const step of plan.steps) {
    const union = new Set<string>();
    for (const id of step.inputs) for (const name of deps.get(id) ?? []) union.add(name);
    if (union.size > 0) deps.set(step.output, union);
  }
  return deps;
}

/** The engine side of the run panel. */
export class RunEngine {
  private current: Prepared | null = null;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly post: Post,
  ) {}

  async handle(request: RunRequest): Promise<void> {
    if (request.type === 'prepare') return this.prepare(request);
    const p = this.current;
    if (!p || p.seq !== request.seq) return;
    if (request.type === 'step') this.advance(p, p.session.cursor + 1);
    else if (request.type === 'run-to') {
      const index = p.compiled.plan.blocks.findIndex((b) => b.node === request.node);
      if (index < 0) return this.fail(p.seq, 'run', [error('FW051', `no block '${request.node}' in this plan`, { node: request.node })]);
      this.advance(p, index + 1);
    } else if (request.type === 'run-all') {
      if (request.backend === 'ort') await this.runOrt(p);
      else this.advance(p, p.compiled.plan.blocks.length);
    } else this.generate(p, request.settings);
  }

  private fail(seq: number, stage: 'compile' | 'feeds' | 'run' | 'generate', diagnostics: readonly Diagnostic[]): void {
    this.post({ type: 'failed', seq, stage, diagnostics }, []);
  }

  private prepare(request: Extract<RunRequest, { type: 'prepare' }>): void {
    const { seq } = request;
    const weights = request.weights ?? undefined;
    const doc = weights ? withoutExplicit(request.doc, weights) : request.doc;
    const compiled = compile(doc, this.catalogue, weights ? { weights } : {});
    if (!compiled.ok) return this.fail(seq, 'compile', compiled.diagnostics);
    const { plan, analysis } = compiled.value;
    const tokenizers = tokenizersOf(plan, analysis);
    if (!tokenizers.ok) return this.fail(seq, 'feeds', tokenizers.diagnostics);
    const inputs: TextInputInfo[] = [];
    const problems: Diagnostic[] = [];
    for (const [name, tokenizer] of tokenizers.value) {
      const pieces = tokenizer.pieces(request.texts[name] ?? '');
      if (pieces.ok) inputs.push({ name, tokens: pieces.value, vocab: tokenizer.spec.vocab });
      else (inputs.push({ name, tokens: [], vocab: tokenizer.spec.vocab }), problems.push(...pieces.diagnostics.map((d) => ({ ...d, node: name }))));
    }
    const deps = inputDependencies(plan, new Set(tokenizers.value.keys()));
    const blocks: BlockInfo[] = plan.blocks.map((b) => ({
      node: b.node,
      block: b.block,
      topNode: b.topNode,
      inputSources: Object.fromEntries(Object.entries(b.inputs).map(([port, id]) => [port, [...(deps.get(id) ?? [])]])),
    }));
    const ports = generationPorts(plan, {});
    this.post({ type: 'prepared', seq, inputs, blocks, generation: ports.ok ? ports.value : null, warnings: compiled.warnings ?? [] }, []);
    // A vocabulary smaller than the tokenizer would fail mid-run with an out-of-range lookup: say why now.
    const vocab = checkRunnable(request.doc, this.catalogue).diagnostics.filter((d) => d.severity === 'error');
    if (vocab.length > 0) return this.fail(seq, 'compile', vocab);
    if (problems.length > 0) return this.fail(seq, 'feeds', problems);
    const feeds = feedsFromText(tokenizers.value, request.texts, '');
    if (!feeds.ok) return this.fail(seq, 'feeds', feeds.diagnostics);
    const previous = this.current?.session;
    const session = createSession(plan, feeds.value, previous && previous.cursor > 0 ? { reuse: previous } : {});
    if (!session.ok) return this.fail(seq, 'feeds', session.diagnostics);
    this.current = { seq, doc, weights, compiled: compiled.value, tokenizers: tokenizers.value, feeds: feeds.value, session: session.value };
    if (request.replay > 0) this.advance(this.current, Math.min(request.replay, plan.blocks.length));
  }

  /** Steps until `count` blocks have run, posting each block, then the outputs when done. */
  private advance(p: Prepared, count: number): void {
    const started = performance.now();
    const total = p.compiled.plan.blocks.length;
    let reused = 0;
    let ran = 0;
    while (p.session.cursor < Math.min(count, total)) {
      const index = p.session.cursor;
      const r = p.session.step();
      if (!r.ok) return this.fail(p.seq, 'run', r.diagnostics);
      if (!r.value) break;
      if (r.value.reused) reused++;
      else ran++;
      this.postBlock(p.seq, index, r.value, total);
    }
    if (p.session.done) this.postOutputs(p);
    this.post({ type: 'idle', seq: p.seq, reused, ran, backend: 'cpu', millis: performance.now() - started }, []);
  }

  private postBlock(seq: number, index: number, run: BlockRun, total: number): void {
    const transfer: Transferable[] = [];
    const record: BlockRecord = {
      index,
      node: run.block.node,
      outputs: detachAll(run.outputs, transfer),
      intermediates: detachAll(run.intermediates, transfer),
      reused: run.reused,
    };
    this.post({ type: 'block', seq, record, total }, transfer);
  }

  private postOutputs(p: Prepared): void {
    const outputs = p.session.run();
    if (!outputs.ok) return;
    const transfer: Transferable[] = [];
    this.post({ type: 'outputs', seq: p.seq, outputs: detachAll(outputs.value, transfer) }, transfer);
  }

  /** Run all on onnxruntime-web: export with every block output exposed, run once, post per block. */
  private async runOrt(p: Prepared): Promise<void> {
    const started = performance.now();
    const { plan } = p.compiled;
    let results: Record<string, Tensor>;
    try {
      const bytes = exportOnnx(plan, { debug: true });
      results = await runWithOrt(bytes, p.feeds, { runtime: 'web' });
    } catch (e) {
      return this.fail(p.seq, 'run', [error('FW070', `onnxruntime-web: ${(e as Error).message}`, { hint: 'switch the backend to TypeScript CPU' })]);
    }
    plan.blocks.forEach((block, index) => {
      const transfer: Transferable[] = [];
      const pick = (ports: Readonly<Record<string, number>>) => {
        const out: Record<string, Tensor> = {};
        for (const port of Object.keys(ports)) {
          const t = results[`${block.node}:${port}`];
          if (t) out[port] = detached(t, transfer);
        }
        return out;
      };
      const record: BlockRecord = { index, node: block.node, outputs: pick(block.outputs), intermediates: pick(block.intermediates), reused: false };
      this.post({ type: 'block', seq: p.seq, record, total: plan.blocks.length }, transfer);
    });
    const transfer: Transferable[] = [];
    const outputs: Record<string, Tensor> = {};
    for (const io of plan.outputs) if (results[io.name]) outputs[io.name] = detached(results[io.name]!, transfer);
    this.post({ type: 'outputs', seq: p.seq, outputs }, transfer);
    this.post({ type: 'idle', seq: p.seq, reused: 0, ran: plan.blocks.length, backend: 'ort', millis: performance.now() - started }, []);
  }

  /** Streams generated tokens: KV-cached when the graph compiles as a decoding plan, else full passes. */
  private generate(p: Prepared, settings: Extract<RunRequest, { type: 'generate' }>['settings']): void {
    const ports = generationPorts(p.compiled.plan, {});
    if (!ports.ok) return this.fail(p.seq, 'generate', ports.diagnostics);
    const { input } = ports.value;
    const prompt = Array.from(p.feeds[input]?.data ?? []);
    const fixedFeeds = Object.fromEntries(Object.entries(p.feeds).filter(([name]) => name !== input));
    const options = {
      temperature: settings.temperature,
      topK: settings.topK,
      topP: settings.topP,
      seed: settings.seed,
      maxTokens: settings.maxTokens,
      ...(settings.stopToken !== null ? { stopToken: settings.stopToken } : {}),
      fixedFeeds,
    };
    const decoding = compile(p.doc, this.catalogue, { incremental: true, ...(p.weights ? { weights: p.weights } : {}) });
    const note = decoding.ok ? null : `no KV cache (${decoding.diagnostics[0]?.code ?? 'FW032'}: ${decoding.diagnostics[0]?.message ?? 'not a decoding graph'}) — each token reruns the whole sequence`;
    const tokens = decoding.ok ? generateCached(decoding.value.plan, prompt, options) : generate(p.compiled.plan, prompt, options);
    const vocab = p.tokenizers.get(input)?.spec.vocab ?? [];
    for (const result of tokens) {
      if (!result.ok) return this.fail(p.seq, 'generate', result.diagnostics);
      const { id, probability, distribution } = result.value;
      const top = topK(distribution, 5).map((r) => ({ id: r.id, p: r.value }));
      this.post({ type: 'token', seq: p.seq, token: { id, text: vocab[id] ?? `#${id}` }, probability, top }, []);
    }
    this.post({ type: 'generated', seq: p.seq, cached: decoding.ok, note }, []);
  }
}
