/**
 * Shape inference over a whole document: structure checks per body, then, in topological order,
 * parameter validation, dtype checks, unification of declared port patterns, block checks, output
 * shapes and weight shapes. Subgraph instances are inferred once per repetition, each repetition
 * with its own weights (`layers.0.attn.W_q`, `layers.1.attn.W_q`).
 *
 * A node whose inputs are unknown (because something upstream failed) is skipped silently, so one
 * mistake gives one diagnostic, not a cascade.
 */
import { migrateBlocks } from './migrate-blocks.ts';
import type { AnyBlock, InitRule, TensorType } from './block.ts';
import type { Catalogue } from './catalogue.ts';
import { error, type Diagnostic } from './diagnostics.ts';
import { formatShape, sameShape, substitute, unify, type Bindings, type Dim } from './dims.ts';
import type { GraphBody, GraphDocument, GraphNode } from './document.ts';
import { LIMITS } from './limits.ts';
import { defaultParams, paramsSchema, type AnyParamValue } from './params.ts';
import { formatPath } from './parse.ts';
import { interfacePortName } from './ports.ts';
import { checkStructure, type BodyStructure } from './structure.ts';
import { own, setOwn } from './own.ts';

export interface WeightInfo {
  /** Stable full name, e.g. `layers.0.attn.W_q`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: InitRule;
  /** Set when this weight is another node's weight (tied), possibly transposed. */
  readonly tiedTo?: { readonly name: string; readonly transpose: boolean };
}

export interface NodeInfo {
  /** Id within its body. */
  readonly id: string;
  /** Full path (`layers.0.attn`); equals `id` at the top level. */
  readonly path: string;
  readonly node: GraphNode;
  readonly block?: AnyBlock;
  readonly params: Readonly<Record<string, AnyParamValue>>;
  readonly inputs: Readonly<Record<string, TensorType | undefined>>;
  /** Where each connected input comes from, within the same body. */
  readonly sources: ReadonlyMap<string, { readonly node: string; readonly port: string }>;
  /** Empty when inference failed at or above this node. */
  readonly outputs: Readonly<Record<string, TensorType>>;
  readonly dims: Readonly<Record<string, Dim>>;
  readonly weights: readonly WeightInfo[];
  /** For subgraph instances: the analysed body of each repetition. */
  readonly reps?: readonly BodyInfo[];
  readonly ok: boolean;
}

export interface BodyInfo {
  /** Nodes in topological order. */
  readonly order: readonly NodeInfo[];
  readonly byId: ReadonlyMap<string, NodeInfo>;
}

export interface GraphAnalysis {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly top: BodyInfo;
  /** The first instantiation of each subgraph (for showing shapes when editing inside it). */
  readonly subgraphBodies: ReadonlyMap<string, BodyInfo>;
  /** Learned parameters (tied weights counted once). */
  readonly parameterCount: number;
}

/**
 * Analyses a validated document against a catalogue, after bringing every node to its block's current
 * version (migrate-blocks.ts). Pure; never throws on user input.
 */
export function analyzeGraph(doc: GraphDocument, catalogue: Catalogue): GraphAnalysis {
  const migrated = migrateBlocks(doc, catalogue);
  const analysis = new Analyzer(migrated.doc, catalogue).run();
  if (migrated.diagnostics.length === 0) return analysis;
  return { ...analysis, ok: false, diagnostics: [...migrated.diagnostics, ...analysis.diagnostics] };
}

/** The tensor type flowing along an edge of a body, if known. */
export function edgeType(body: BodyInfo, from: { node: string; port: string }): TensorType | undefined {
  return own(body.byId.get(from.node)?.outputs, from.port);
}

class Analyzer {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly structures = new Map<string, BodyStructure>();
  private readonly subgraphBodies = new Map<string, BodyInfo>();
  private readonly expanding: string[] = [];
  private expandedNodes = 0;
  private weightElements = 0;

  constructor(
    private readonly doc: GraphDocument,
    private readonly catalogue: Catalogue,
  ) {}

  run(): GraphAnalysis {
    const tooLarge = this.checkExpandedSize();
    const top = tooLarge ? { order: [], byId: new Map<string, NodeInfo>() } : this.inferBody(this.doc, '', '', null, new Map());
    for (const [name, sg] of Object.entries(this.doc.subgraphs ?? {})) this.structure(name, sg); // report unused ones too
    const parameterCount = countParameters(top);
    const errors = this.diagnostics.filter((d) => d.severity === 'error');
    return { ok: errors.length === 0, diagnostics: this.diagnostics, top, subgraphBodies: this.subgraphBodies, parameterCount };
  }

  /**
   * Counts the nodes of the fully expanded graph (every instance × repeat, recursively) before any is
   * inferred, so nested repeats are rejected at once instead of after expanding up to the limit.
   * Reports FW034 at the top-level instance that contributes most, and returns true, when over the limit.
   */
  private checkExpandedSize(): boolean {
    const sizes = new Map<string, number>();
    const sizeOf = (name: string, visiting: Set<string>): number => {
      const known = sizes.get(name);
      if (known !== undefined) return known;
      const sg = own(this.doc.subgraphs, name);
      if (!sg || !Array.isArray(sg.nodes) || visiting.has(name)) return 1; // unknown or recursive: reported elsewhere
      visiting.add(name);
      let n = 0;
      for (const node of sg.nodes) n += node.subgraph !== undefined ? (node.repeat ?? 1) * sizeOf(node.subgraph, visiting) : 1;
      visiting.delete(name);
      sizes.set(name, n);
      return n;
    };
    let total = 0;
    let largest: { node: GraphNode; index: number; size: number } | undefined;
    this.doc.nodes.forEach((node, index) => {
      const size = node.subgraph !== undefined ? (node.repeat ?? 1) * sizeOf(node.subgraph, new Set()) : 1;
      total += size;
      if (!largest || size > largest.size) largest = { node, index, size };
    });
    if (total <= LIMITS.maxExpandedNodes || !largest) return false;
    this.report(
      error('FW034', `expanding the subgraphs gives ${total} nodes, more than ${LIMITS.maxExpandedNodes}`, {
        node: largest.node.id,
        path: `nodes[${largest.index}]`,
        hint: 'lower the repeat counts',
      }),
    );
    return true;
  }

  private report(d: Diagnostic): void {
    const key = `${d.code}|${d.node}|${d.port}|${d.param}|${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  private structure(name: string | null, body: GraphBody): BodyStructure {
    const key = name ?? '';
    let s = this.structures.get(key);
    if (!s) {
      s = checkStructure(body, this.doc, this.catalogue, name === null ? '' : `subgraphs.${name}`, name === null ? '' : `${name}/`);
      s.diagnostics.forEach((d) => this.report(d));
      this.structures.set(key, s);
    }
    return s;
  }

  /**
   * Infers one body. `external` gives the types arriving at subgraph inputs (by port name).
   * `weightPrefix` is the path prefix of this instantiation (`layers.0.`).
   */
  private inferBody(
    body: GraphBody,
    pathPrefix: string,
    displayPrefix: string,
    subgraphName: string | null,
    external: ReadonlyMap<string, TensorType | undefined>,
  ): BodyInfo {
    const structure = this.structure(subgraphName, body);
    const byId = new Map<string, NodeInfo>();
    const order: NodeInfo[] = [];
    if (structure.order === null) return { order, byId };
    const jsonBase = subgraphName === null ? 'nodes' : `subgraphs.${subgraphName}.nodes`;
    for (const id of structure.order) {
      const node = structure.nodes.get(id)!;
      const index = body.nodes.indexOf(node);
      const inputs: Record<string, TensorType | undefined> = {};
      for (const [port, src] of structure.incoming.get(id) ?? []) setOwn(inputs, port, own(byId.get(src.node)?.outputs, src.port));
      const where = { path: `${jsonBase}[${index}]`, node: pathPrefix + id, display: displayPrefix + id };
      const info: Omit<NodeInfo, 'sources'> = structure.broken.has(id)
        ? { id, path: where.node, node, block: node.block ? this.catalogue.get(node.block) : undefined, params: {}, inputs, outputs: {}, dims: {}, weights: [], ok: false }
        : node.block !== undefined
          ? this.inferBlock(node, inputs, new Set(structure.incoming.get(id)?.keys()), where, subgraphName, external, byId)
          : this.inferInstance(node, inputs, where);
      const withSources: NodeInfo = { ...info, sources: structure.incoming.get(id) ?? new Map() };
      byId.set(id, withSources);
      order.push(withSources);
    }
    return { order, byId };
  }

  private inferBlock(
    node: GraphNode,
    inputs: Record<string, TensorType | undefined>,
    connected: ReadonlySet<string>,
    where: { path: string; node: string; display: string },
    subgraphName: string | null,
    external: ReadonlyMap<string, TensorType | undefined>,
    siblings: ReadonlyMap<string, NodeInfo>,
  ): Omit<NodeInfo, 'sources'> {
    const block = this.catalogue.get(node.block!)!;
    const failed = (params: Record<string, AnyParamValue> = {}): Omit<NodeInfo, 'sources'> => ({
      id: node.id, path: where.node, node, block, params, inputs, outputs: {}, dims: {}, weights: [], ok: false,
    });
    const diag = (code: Diagnostic['code'], message: string, extra: Partial<Diagnostic> = {}) =>
      this.report(error(code, message, { node: where.node, path: where.path, ...extra }));

    // Parameters, validated against the block's ParamSpecs.
    const parsed = paramsSchema(block.params).safeParse(node.params ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 10)) {
        const param = String(issue.path[0] ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : ''));
        const unknown = issue.code === 'unrecognized_keys';
        diag(unknown ? 'FW021' : 'FW020', unknown ? `${block.title} has no parameter '${param}'` : `parameter '${param}': ${issue.message}`, {
          param,
          path: `${where.path}.params${issue.path.length ? '.' + formatPath(issue.path) : ''}`,
          hint: unknown ? `parameters are: ${Object.keys(block.params).join(', ') || 'none'}` : block.params[param]?.help,
        });
      }
      return failed();
    }
    const params = { ...defaultParams(block.params), ...(parsed.data as Record<string, AnyParamValue>) };

    // Pass-through interface nodes of subgraphs.
    if (block.role === 'subgraph-input' || block.role === 'subgraph-output') {
      if (subgraphName === null) {
        diag('FW019', `${block.title} only belongs inside a subgraph`, { hint: 'group nodes into a subgraph instead' });
        return failed(params);
      }
      const type = block.role === 'subgraph-input' ? external.get(interfacePortName(node, block)) : inputs[block.inputs[0]?.name ?? ''];
      if (!type) return failed(params);
      const port = block.outputs[0]?.name;
      return { id: node.id, path: where.node, node, block, params, inputs, outputs: port ? { [port]: type } : {}, dims: {}, weights: [], ok: true };
    }

    // Inputs feed the model from outside: only the top level has an outside.
    if (block.role === 'input' && subgraphName !== null) {
      diag('FW019', `${block.title} '${where.display}' is inside subgraph '${subgraphName}'; model inputs belong at the top level`, {
        hint: 'move it out of the subgraph and feed the subgraph through a Subgraph input',
      });
      return failed(params);
    }

    // Everything upstream must be known.
    for (const p of block.inputs) if (inputs[p.name] === undefined && (!p.optional || connected.has(p.name))) return failed(params);

    const bindings: Bindings = new Map();
    for (const [name, spec] of Object.entries(block.params)) if (spec.kind === 'int') bindings.set(name, params[name] as number);
    for (const p of block.inputs) {
      const t = inputs[p.name];
      if (!t) continue;
      if (p.dtype !== 'any' && t.dtype !== p.dtype) {
        diag('FW031', `input '${p.name}' expects ${p.dtype}, got ${t.dtype}`, { port: p.name, hint: p.doc });
        return failed(params);
      }
      const problem = unify(p.shape, t.shape, bindings);
      if (problem) {
        diag('FW030', `${block.title} '${where.display}': input '${p.name}' ${problem}`, { port: p.name, hint: p.doc });
        return failed(params);
      }
    }
    const dims: Record<string, Dim> = {};
    for (const [k, v] of bindings) if (!Array.isArray(v)) dims[k] = v as Dim;
    const ctx = { params, inputs, dims } as Parameters<NonNullable<AnyBlock['check']>>[0];
    for (const issue of block.check?.(ctx) ?? []) {
      diag(issue.code, `${block.title} '${where.display}': ${issue.message}`, {
        port: issue.port,
        param: issue.param,
        hint: issue.hint,
        path: issue.param ? `${where.path}.params.${issue.param}` : where.path,
      });
    }
    if (this.diagnostics.some((d) => d.node === where.node && d.severity === 'error')) return failed(params);

    let outputs: Record<string, TensorType>;
    if (block.shape) {
      const r = block.shape(ctx);
      if ('code' in r && typeof r.code === 'string') {
        const issue = r as { code: Diagnostic['code']; message: string; port?: string; param?: string; hint?: string };
        diag(issue.code, `${block.title} '${where.display}': ${issue.message}`, { port: issue.port, param: issue.param, hint: issue.hint });
        return failed(params);
      }
      outputs = { ...(r as Record<string, TensorType>) };
    } else {
      outputs = {};
      const firstDtype = Object.values(inputs).find((t) => t !== undefined)?.dtype ?? 'float32';
      for (const p of block.outputs)
        outputs[p.name] = { dtype: p.dtype === 'any' ? firstDtype : p.dtype, shape: substitute(p.shape, bindings) };
    }
    for (const [port, t] of Object.entries(outputs)) {
      const big = t.shape.find((d) => typeof d === 'number' && (d > LIMITS.maxDim || d < 0));
      if (big !== undefined) {
        diag('FW033', `output '${port}' would have a dimension of ${big}; the limit is ${LIMITS.maxDim}`, { port });
        return failed(params);
      }
    }

    const weights = this.inferWeights(block, params, bindings, where, siblings);
    if (weights === null) return failed(params);
    return { id: node.id, path: where.node, node, block, params, inputs, outputs, dims, weights, ok: true };
  }

  private inferWeights(
    block: AnyBlock,
    params: Record<string, AnyParamValue>,
    bindings: Bindings,
    where: { path: string; node: string; display: string },
    siblings: ReadonlyMap<string, NodeInfo>,
  ): WeightInfo[] | null {
    const out: WeightInfo[] = [];
    for (const spec of block.weights?.(params as never) ?? []) {
      const shape = substitute(spec.shape, bindings);
      if (!shape.every((d): d is number => typeof d === 'number')) {
        this.report(
          error('FW032', `cannot size weight '${spec.name}' ${formatShape(shape)}: connect the inputs that fix its dimensions`, {
            node: where.node,
            path: where.path,
          }),
        );
        return null;
      }
      const tieTarget = spec.tie ? String(params[spec.tie.param] ?? '') : '';
      if (spec.tie && tieTarget !== '') {
        const other = siblings.get(tieTarget);
        const otherWeight = other?.weights.find((w) => w.name.endsWith(`.${spec.tie!.weight}`));
        if (!other || !otherWeight) {
          this.report(
            error('FW042', `'${where.display}' is tied to '${tieTarget}', which has no weight '${spec.tie.weight}' before it`, {
              node: where.node,
              param: spec.tie.param,
              path: `${where.path}.params.${spec.tie.param}`,
              hint: `name a node that comes earlier in the graph and owns '${spec.tie.weight}', or leave it empty`,
            }),
          );
          return null;
        }
        const expected = spec.tie.transpose ? [...otherWeight.shape].reverse() : otherWeight.shape;
        if (!sameShape(expected, shape)) {
          this.report(
            error('FW041', `tied weight '${otherWeight.name}' has shape ${formatShape(otherWeight.shape)}, '${spec.name}' needs ${formatShape(shape)}`, {
              node: where.node,
              param: spec.tie.param,
            }),
          );
          return null;
        }
        out.push({ name: `${where.node}.${spec.name}`, shape, init: spec.init, tiedTo: { name: otherWeight.tiedTo?.name ?? otherWeight.name, transpose: spec.tie.transpose } });
        continue;
      }
      const size = shape.reduce((a, b) => a * b, 1);
      this.weightElements += size;
      if (size > LIMITS.maxWeightElements || this.weightElements > LIMITS.maxTotalWeightElements) {
        this.report(
          error('FW034', `weight '${spec.name}' ${formatShape(shape)} makes the model larger than ${LIMITS.maxTotalWeightElements} parameters`, {
            node: where.node,
            path: where.path,
            hint: 'reduce the dimensions',
          }),
        );
        return null;
      }
      out.push({ name: `${where.node}.${spec.name}`, shape, init: spec.init });
    }
    return out;
  }

  private inferInstance(
    node: GraphNode,
    inputs: Record<string, TensorType | undefined>,
    where: { path: string; node: string; display: string },
  ): Omit<NodeInfo, 'sources'> {
    const name = node.subgraph!;
    const sg = own(this.doc.subgraphs, name)!;
    const repeat = node.repeat ?? 1;
    const failed: Omit<NodeInfo, 'sources'> = { id: node.id, path: where.node, node, params: {}, inputs, outputs: {}, dims: {}, weights: [], ok: false };
    if (this.expanding.includes(name)) {
      this.report(
        error('FW018', `subgraph '${name}' is used inside itself (${[...this.expanding, name].join(' → ')})`, { node: where.node, path: where.path }),
      );
      return failed;
    }
    this.expandedNodes += sg.nodes.length * repeat;
    if (this.expandedNodes > LIMITS.maxExpandedNodes) {
      this.report(error('FW034', `expanding the subgraphs gives more than ${LIMITS.maxExpandedNodes} nodes`, { node: where.node, path: where.path, hint: 'lower the repeat counts' }));
      return failed;
    }
    if (Object.values(inputs).some((t) => t === undefined)) return failed;
    const structure = this.structure(name, sg);
    if (structure.order === null) return failed;

    const interfaceOf = (role: 'subgraph-input' | 'subgraph-output') =>
      sg.nodes.filter((n) => n.block !== undefined && this.catalogue.get(n.block)?.role === role);
    const inputNames = interfaceOf('subgraph-input').map((n) => interfacePortName(n, this.catalogue.get(n.block!)));
    const outputNodes = interfaceOf('subgraph-output');
    const outputNames = outputNodes.map((n) => interfacePortName(n, this.catalogue.get(n.block!)));
    const duplicate = [inputNames, outputNames].map((names) => names.find((n, i) => names.indexOf(n) !== i)).find((n) => n !== undefined);
    if (duplicate !== undefined) {
      this.report(error('FW019', `subgraph '${name}' has two interface ports named '${duplicate}'`, { node: where.node, path: `subgraphs.${name}`, hint: 'give each Subgraph input/output its own name' }));
      return failed;
    }
    if (repeat > 1) {
      const unmatched = outputNames.filter((o) => !inputNames.includes(o));
      if (unmatched.length > 0) {
        this.report(
          error('FW019', `subgraph '${name}' is repeated ${repeat}×, so each output must feed the input of the same name; '${unmatched.join("', '")}' has no such input`, {
            node: where.node,
            path: `${where.path}.repeat`,
            hint: 'name the output like the input it feeds, or set repeat to 1',
          }),
        );
        return failed;
      }
    }

    this.expanding.push(name);
    const reps: BodyInfo[] = [];
    let current = new Map<string, TensorType | undefined>(inputNames.map((n) => [n, own(inputs, n)]));
    let outputs: Record<string, TensorType> = {};
    let ok = true;
    for (let r = 0; r < repeat && ok; r++) {
      const body = this.inferBody(sg, `${where.node}.${r}.`, `${name}/`, name, current);
      reps.push(body);
      if (r === 0 && !this.subgraphBodies.has(name)) this.subgraphBodies.set(name, body);
      outputs = {};
      for (const n of outputNodes) {
        const t = body.byId.get(n.id)?.outputs[this.catalogue.get(n.block!)!.outputs[0]!.name];
        if (!t) ok = false;
        else setOwn(outputs, interfacePortName(n, this.catalogue.get(n.block!)), t);
      }
      if (!ok) break;
      if (repeat > 1) {
        const next = new Map(current);
        for (const o of outputNames) {
          const before = current.get(o);
          const after = own(outputs, o)!;
          if (before && !sameShape(before.shape, after.shape)) {
            this.report(
              error('FW019', `repetition ${r} of '${name}' turns '${o}' from ${formatShape(before.shape)} into ${formatShape(after.shape)}; a repeated subgraph must keep its shapes`, {
                node: where.node,
              }),
            );
            ok = false;
          }
          next.set(o, after);
        }
        current = next;
      }
    }
    this.expanding.pop();
    if (!ok) return { ...failed, reps };
    const weights = reps.flatMap((b) => b.order.flatMap((n) => n.weights));
    return { id: node.id, path: where.node, node, params: {}, inputs, outputs, dims: {}, weights, reps, ok: true };
  }


}

function countParameters(body: BodyInfo): number {
  let n = 0;
  for (const info of body.order) for (const w of info.weights) if (!w.tiedTo) n += w.shape.reduce((a, b) => a * b, 1);
  return n;
}
