/**
 * compile(doc, catalogue) → Plan. Pure and deterministic: analyse (structure, params, shapes),
 * materialise weights (explicit values, then given tensors such as a loaded .safetensors file, then
 * seeded init), then let every block lower itself to primitive ops in topological order, expanding
 * subgraph instances repetition by repetition.
 */
import type { BlockIssue, IncrementalContext, Value } from '../../graph-schema/block.ts';
import type { Catalogue } from '../../graph-schema/catalogue.ts';
import { error, fail, ok, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import { formatShape, sameShape } from '../../graph-schema/dims.ts';
import type { GraphDocument } from '../../graph-schema/document.ts';
import { interfacePortName } from '../../graph-schema/ports.ts';
import { analyzeGraph, type BodyInfo, type GraphAnalysis, type NodeInfo, type WeightInfo } from '../../graph-schema/infer.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { initWeight } from './init.ts';
import type { Plan } from './plan.ts';
import { PlanBuilder, type BlockBuilder } from './plan-builder.ts';
import { positionMixingDiagnostics } from './position-mixing.ts';
import { own, setOwn } from '../../graph-schema/own.ts';

export interface CompileOptions {
  /** Weights by stable name from outside the document (e.g. a loaded .safetensors file). */
  readonly weights?: ReadonlyMap<string, Tensor>;
  /**
   * Build a decoding plan: each call processes only the newest positions of the sequence axis T, and
   * causal self-attention keeps its keys and values of earlier calls in `cache` inputs/outputs
   * (see `Plan.incremental`). Blocks that cannot work this way are reported as FW032.
   */
  readonly incremental?: boolean;
  /**
   * Type the plan without materialising weights: every weight tensor has its shape and no data, and the
   * plan is marked `shapesOnly` so no session runs it. For `inspect`, the FLOP count and analysis.
   */
  readonly shapesOnly?: boolean;
  /** The analysis of this very `doc` with this catalogue, when the caller already has it (checkRunnable). */
  readonly analysis?: GraphAnalysis;
}

export interface Compiled {
  readonly plan: Plan;
  readonly analysis: GraphAnalysis;
}

/** Compiles a validated document. Never throws on user input: problems come back as diagnostics. */
export function compile(doc: GraphDocument, catalogue: Catalogue, options: CompileOptions = {}): Result<Compiled> {
  const analysis = options.analysis ?? analyzeGraph(doc, catalogue);
  if (!analysis.ok) return fail([...analysis.diagnostics]);
  const builder = new PlanBuilder(options.incremental === true);
  const diagnostics: Diagnostic[] = [];
  const weightTensor = (w: WeightInfo): Tensor | null => {
    if (options.shapesOnly) return { dtype: 'float32', shape: [...w.shape], data: NO_DATA };
    const given = own(doc.weights, w.name);
    if (given) {
      if (!sameShape(given.shape, w.shape)) {
        diagnostics.push(
          error('FW041', `weight '${w.name}' in the document has shape ${formatShape(given.shape)}, the block needs ${formatShape(w.shape)}`, {
            path: `weights.${w.name}`,
            node: w.name.slice(0, w.name.lastIndexOf('.')),
          }),
        );
        return null;
      }
      return { dtype: 'float32', shape: [...w.shape], data: Float32Array.from(given.data) };
    }
    const loaded = options.weights?.get(w.name);
    if (loaded) {
      if (!sameShape(loaded.shape, w.shape)) {
        diagnostics.push(
          error('FW041', `weight '${w.name}' in the weights file has shape ${formatShape(loaded.shape)}, the block needs ${formatShape(w.shape)}`, {
            node: w.name.slice(0, w.name.lastIndexOf('.')),
          }),
        );
        return null;
      }
      return loaded;
    }
    return initWeight(w.name, w.shape, w.init, doc.seed ?? 0);
  };

  const lowering: Lowering = { builder, weightTensor, incremental: options.incremental === true, diagnostics, contextUsers: new Set() };
  try {
    lowerBody(analysis.top, new Map(), lowering, '');
  } catch (e) {
    return fail([error('FW099', `compiling failed: ${(e as Error).message}`, { hint: 'this is a bug in Formwork; please report it with the graph file' })]);
  }
  if (diagnostics.length > 0) return fail(diagnostics);
  const built = builder.build();
  const plan = options.shapesOnly ? { ...built, shapesOnly: true as const } : built;
  if (lowering.incremental) {
    const mixing = positionMixingDiagnostics(plan, lowering.contextUsers);
    if (mixing.length > 0) return fail(mixing);
  }
  if (plan.inputs.length === 0)
    return fail([error('FW050', 'the graph has no input block', { hint: 'add a Token input (or another input block) and connect it' })]);
  return ok({ plan, analysis }, analysis.diagnostics.filter((d) => d.severity === 'warning'));
}

/** The data of every weight of a shapes-only plan. */
const NO_DATA = new Float32Array(0);

/** What every level of lowering shares. */
interface Lowering {
  readonly builder: PlanBuilder;
  readonly weightTensor: (w: WeightInfo) => Tensor | null;
  /** Building a decoding plan. */
  readonly incremental: boolean;
  readonly diagnostics: Diagnostic[];
  /** Node paths of blocks that used the incremental context (decoding plans only). */
  readonly contextUsers: Set<string>;
}

/**
 * Lowers one analysed body. `external` maps subgraph input port names to the values arriving from
 * outside. Returns the values at the body's subgraph-output nodes, by port name.
 */
function lowerBody(body: BodyInfo, external: ReadonlyMap<string, Value>, lowering: Lowering, topNode: string): Map<string, Value> {
  const { builder, weightTensor } = lowering;
  const outputsOf = new Map<string, Record<string, Value>>();
  const bodyOutputs = new Map<string, Value>();
  for (const info of body.order) {
    const inputs = inputValues(info, outputsOf);
    const owner = topNode || info.id;
    if (info.reps) {
      outputsOf.set(info.id, lowerInstance(info, inputs, lowering, owner));
      continue;
    }
    const block = info.block!;
    if (block.role === 'subgraph-input') {
      outputsOf.set(info.id, { [block.outputs[0]!.name]: external.get(interfacePortName(info.node, block))! });
      continue;
    }
    const start = builder.stepCount;
    const bb = builder.forBlock(info.path, Object.values(info.inputs)[0]?.shape ?? []);
    const weights: Record<string, Value> = {};
    for (const w of info.weights) {
      const local = w.name.slice(info.path.length + 1);
      if (w.tiedTo) {
        const shared = builder.existingWeight(w.tiedTo.name); // the owner comes earlier in topological order
        weights[local] = w.tiedTo.transpose ? bb.op('Transpose', [shared], { perm: [1, 0] }) : shared;
        continue;
      }
      const t = weightTensor(w);
      weights[local] = builder.weight(w.name, t ?? initWeight(w.name, w.shape, { kind: 'zeros' }, 0));
    }
    const outputs = block.lower(bb, {
      params: info.params as never,
      inputs,
      inputTypes: info.inputs,
      weights,
      dims: info.dims,
      ...(lowering.incremental ? incrementalContext(info, bb, lowering) : {}),
    });
    outputsOf.set(info.id, { ...outputs });
    if (block.role === 'subgraph-output') bodyOutputs.set(interfacePortName(info.node, block), outputs[block.outputs[0]!.name]!);
    builder.addBlock({
      node: info.path,
      block: block.id,
      topNode: owner,
      steps: [start, builder.stepCount],
      inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v!.id])),
      outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.id])),
      outputShapes: Object.fromEntries(Object.entries(info.outputs).map(([k, t]) => [k, t.shape])),
      intermediates: { ...bb.exposed },
      weights: info.weights.map((w) => w.tiedTo?.name ?? w.name),
    });
  }
  return bodyOutputs;
}

function inputValues(info: NodeInfo, outputsOf: ReadonlyMap<string, Record<string, Value>>): Record<string, Value | undefined> {
  const inputs: Record<string, Value | undefined> = {};
  for (const port of Object.keys(info.inputs)) setOwn(inputs, port, undefined);
  for (const [port, src] of info.sources) setOwn(inputs, port, own(outputsOf.get(src.node), src.port));
  return inputs;
}

function lowerInstance(info: NodeInfo, inputs: Record<string, Value | undefined>, lowering: Lowering, owner: string): Record<string, Value> {
  let current = new Map<string, Value>(Object.entries(inputs).filter((e): e is [string, Value] => e[1] !== undefined));
  let outputs = new Map<string, Value>();
  for (const rep of info.reps!) {
    outputs = lowerBody(rep, current, lowering, owner);
    current = new Map([...current, ...outputs]);
  }
  return Object.fromEntries(outputs);
}

/**
 * In a decoding plan, the incremental context of a block with an input on the sequence axis T (none
 * for blocks on S or without inputs). Blocks that use it are recorded: they handle earlier positions
 * themselves, while every other block is checked afterwards for mixing positions (position-mixing.ts).
 */
function incrementalContext(info: NodeInfo, bb: BlockBuilder, lowering: Lowering): { incremental?: IncrementalContext } {
  if (!Object.values(info.inputs).some((t) => t?.shape.includes('T'))) return {};
  const used = () => lowering.contextUsers.add(info.path);
  const incremental: IncrementalContext = {
    get offset() {
      used();
      return lowering.builder.positionOffset();
    },
    extend: (name, fresh, axis, cacheShape) => (used(), bb.extendCache(name, fresh, axis, cacheShape)),
    reject: ({ code, message, ...where }: BlockIssue) => {
      used();
      lowering.diagnostics.push(error(code, message, { node: info.path, ...where }));
    },
  };
  return { incremental };
}
