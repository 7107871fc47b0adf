/**
 * Plan → ONNX ModelProto bytes. Why this shape: the plan is already a flat, ordered list of primitive steps,
 * so export is naming (names.ts), one op definition lookup per step (engine/ops) and some bookkeeping for graph
 * inputs, outputs and initializers. Nothing here depends on time, randomness or map iteration order that the
 * plan does not fix, so the same plan always gives the same bytes.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { error, fail, formatDiagnostic, ok } from '../../graph-schema/diagnostics.ts';
import type { Diagnostic, Result } from '../../graph-schema/diagnostics.ts';
import type { Dim } from '../../graph-schema/dims.ts';
import type { DType } from '../../graph-schema/tensor.ts';
import { sizeOf } from '../../graph-schema/tensor.ts';
import type { Plan } from '../compile/plan.ts';
import { NameRegistry, namePlan } from './names.ts';
import type { PlanNames } from './names.ts';
import { GraphProtoSchema, ModelProtoSchema, OperatorSetIdProtoSchema, StringStringEntryProtoSchema } from './onnx_pb.ts';
import type { NodeProto, TensorProto, ValueInfoProto } from './onnx_pb.ts';
import { float32TensorProto, int64TensorProto, nodeProto, tensorProto, valueInfo } from './protos.ts';
import { lowerStep, type SymbolicShape } from '../ops/index.ts';
import type { OnnxContext } from '../ops/define-op.ts';
import { symbolicShapes } from '../ops/plan-types.ts';

export { FORMWORK_GRAPH_KEY, readFormworkMetadata, readOnnxMetadata } from './metadata.ts';

/** Options of {@link exportOnnx}. */
export interface ExportOptions {
  /** Opset of the default ONNX domain, 15–21. Default 17. */
  opset?: number;
  /** Also expose every block output and named intermediate as a graph output `<node path>:<port>`. */
  debug?: boolean;
  /** `GraphProto.name`. Default `formwork`. */
  graphName?: string;
  /** `metadata_props`, written sorted by key; put the Formwork document JSON under `formwork.graph`. */
  metadata?: Readonly<Record<string, string>>;
}

/** Default opset of the default domain. */
export const DEFAULT_OPSET = 17;

/** IR version to write for each supported opset (the lowest IR that allows it, for old readers). */
export const IR_VERSION_FOR_OPSET: Readonly<Record<number, number>> = { 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10 };

/** Thrown by {@link exportOnnx}; carries the FW070 diagnostics. */
export class OnnxExportError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'OnnxExportError';
  }
}

/**
 * Exports `plan` as ONNX ModelProto bytes. Throws {@link OnnxExportError} (FW070) for a malformed plan or an
 * unsupported opset; use {@link tryExportOnnx} to get a Result instead.
 */
export function exportOnnx(plan: Plan, options: ExportOptions = {}): Uint8Array {
  const result = tryExportOnnx(plan, options);
  if (!result.ok) throw new OnnxExportError(result.diagnostics);
  return result.value;
}

/** Like {@link exportOnnx}, but reports problems as FW070 diagnostics instead of throwing. */
export function tryExportOnnx(plan: Plan, options: ExportOptions = {}): Result<Uint8Array> {
  const opset = options.opset ?? DEFAULT_OPSET;
  const irVersion = IR_VERSION_FOR_OPSET[opset];
  if (irVersion === undefined) {
    const supported = Object.keys(IR_VERSION_FOR_OPSET).join(', ');
    return fail([error('FW070', `opset ${opset} is not supported`, { hint: `use one of ${supported}` })]);
  }
  const registry = new NameRegistry();
  const names = namePlan(plan, registry);
  const graph = buildGraph(plan, names, registry, opset, options.debug ?? false);
  if (registry.diagnostics.length > 0) return fail(registry.diagnostics);

  const metadata = Object.entries(options.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(irVersion),
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(opset) })],
    producerName: 'formwork',
    graph: create(GraphProtoSchema, { name: options.graphName ?? 'formwork', ...graph }),
    metadataProps: metadata.map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
  });
  return ok(toBinary(ModelProtoSchema, model));
}

interface GraphParts {
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
}

/** Everything the graph-building passes share. */
interface Build {
  readonly plan: Plan;
  readonly names: PlanNames;
  readonly registry: NameRegistry;
  readonly parts: GraphParts;
  /** Value ids available so far (inputs, stored tensors, outputs of steps lowered so far). */
  readonly defined: Set<number>;
  readonly nameOf: (id: number) => string;
}

function buildGraph(plan: Plan, names: PlanNames, registry: NameRegistry, opset: number, debug: boolean): GraphParts {
  const build: Build = {
    plan, names, registry,
    parts: { node: [], initializer: [], input: [], output: [] },
    defined: new Set(plan.inputs.map((io) => io.value)),
    nameOf: (id) => names.values.get(id) ?? `<undefined value ${id}>`,
  };
  for (const io of plan.inputs) build.parts.input.push(valueInfo(io.name, io.dtype, io.shape));
  addStoredTensors(build);
  lowerSteps(build, opset);
  addOutputs(build, debug);
  return build.parts;
}

/**
 * Weights (under their stable names) and constants become initializers, in value-id order. Constants no
 * step reads (left behind by the fast plan's fusions) are left out.
 */
function addStoredTensors({ plan, registry, parts, defined, nameOf }: Build): void {
  const problems = registry.diagnostics;
  const read = new Set([...plan.steps.flatMap((s) => s.inputs), ...plan.outputs.map((io) => io.value)]);
  for (const [weight, { value, tensor }] of [...plan.weights].sort((a, b) => a[1].value - b[1].value)) {
    if (sizeOf(tensor.shape) !== tensor.data.length) {
      problems.push(error('FW070', `weight '${weight}' has ${tensor.data.length} values for shape [${tensor.shape.join(', ')}]`));
      continue;
    }
    parts.initializer.push(tensorProto(weight, tensor));
    defined.add(value);
  }
  for (const v of plan.values) {
    if (v.source.kind !== 'constant' || !read.has(v.id)) continue;
    const tensor = plan.constants[v.source.index];
    if (tensor === undefined) {
      problems.push(error('FW070', `value ${v.id} refers to missing constant ${v.source.index}`));
      continue;
    }
    parts.initializer.push(tensorProto(nameOf(v.id), tensor));
    defined.add(v.id);
  }
}

/** Lowers every step through the table, checking that its inputs exist by then. */
function lowerSteps({ plan, names, registry, parts, defined, nameOf }: Build, opset: number): void {
  plan.steps.forEach((step, i) => {
    const nodeName = names.nodes[i]!;
    const missing = step.inputs.filter((id) => !defined.has(id));
    if (missing.length > 0) {
      registry.diagnostics.push(error('FW070', `${nodeName} reads value ${missing.join(', ')} before it is computed`, { node: step.node }));
    }
    const addInitializer = (role: string, proto: (name: string) => TensorProto): string => {
      const name = registry.claim(`${nodeName}:${role}`, `an initializer of ${nodeName}`);
      parts.initializer.push(proto(name));
      return name;
    };
    const ctx: OnnxContext = {
      opset,
      inputs: step.inputs.map(nameOf),
      output: nameOf(step.output),
      nodeName,
      int64Initializer: (role, values, dims) => addInitializer(role, (name) => int64TensorProto(name, values, dims)),
      float32Initializer: (role, values, dims) => addInitializer(role, (name) => float32TensorProto(name, values, dims)),
    };
    parts.node.push(...lowerStep(step, ctx));
    defined.add(step.output);
  });
}

/**
 * Graph outputs: the plan's, then (debug) `<node path>:<port>` for every block output and intermediate.
 * A value already carrying the output's name is listed as is; otherwise an Identity node renames it.
 */
function addOutputs({ plan, registry, parts, defined, nameOf }: Build, debug: boolean): void {
  const dtypeOf = new Map<number, DType>(plan.values.map((v) => [v.id, v.dtype]));
  const exposed = new Map<string, number>();
  const expose = (name: string, id: number, shape: SymbolicShape, nodeName: string): void => {
    if (exposed.get(name) === id) return;
    if (!defined.has(id)) {
      registry.diagnostics.push(error('FW070', `graph output '${name}' refers to value ${id}, which nothing computes`));
      return;
    }
    if (nameOf(id) !== name) {
      registry.claim(name, `graph output '${name}'`);
      parts.node.push(nodeProto('Identity', nodeName, [nameOf(id)], [name]));
    }
    exposed.set(name, id);
    parts.output.push(valueInfo(name, dtypeOf.get(id) ?? 'float32', declaredShape(name, shape)));
  };
  for (const io of plan.outputs) expose(io.name, io.value, io.shape, `outputs/${io.name}`);
  if (!debug) return;
  const shapes = symbolicShapes(plan);
  for (const block of plan.blocks) {
    for (const [port, id] of [...Object.entries(block.outputs), ...Object.entries(block.intermediates)]) {
      const name = `${block.node}:${port}`;
      expose(name, id, shapes.get(id) ?? null, `debug/${name}`);
    }
  }
}

/** An output shape for the ValueInfo: unknown dims get fresh `dim_param`s named after the output. */
function declaredShape(name: string, shape: SymbolicShape): Dim[] | null {
  return shape === null ? null : shape.map((d, i) => d ?? `${name}:dim${i}`);
}
