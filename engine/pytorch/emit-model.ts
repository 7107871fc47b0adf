/**
 * model.py from a compiled plan: one `nn.Module` class per subgraph (its body written once, from the
 * steps of its first layer) and a top-level `Model` that calls them, every step one line of torch
 * (each op definition's `torch` spelling). Weights are parameters whose state-dict names are Formwork's stable names
 * (`layers.0.attn.W_q`), so model.safetensors loads with `load_state_dict(strict=True)`.
 */
import type { GraphDocument } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import type { Plan } from '../compile/plan.ts';
import { NameScope, floatLiteral, isIdentifier, parameterPath, pythonIdentifier } from './python-names.ts';
import { PYTHON_PRELUDE } from './python-prelude.ts';
import { torchExpression } from '../ops/index.ts';
import { TORCH_DTYPE } from './torch-expr.ts';

/** One layer of a subgraph instance: its node-path prefix and its step indices (in plan order). */
interface Layer {
  readonly prefix: string;
  readonly steps: readonly number[];
}

interface Instance {
  readonly id: string;
  readonly className: string;
  readonly indexed: boolean;
  readonly layers: readonly Layer[];
}

const pascal = (name: string): string => pythonIdentifier(name).split('_').filter(Boolean).map((p) => p[0]!.toUpperCase() + p.slice(1)).join('') || 'Layer';

/** The subgraph instances of the top level and the plan steps of each of their layers. */
function findInstances(plan: Plan, doc: GraphDocument): Instance[] {
  const classNames = new NameScope(['Model', 'Weights']);
  const bySubgraph = new Map<string, string>();
  const out: Instance[] = [];
  for (const node of doc.nodes) {
    if (node.subgraph === undefined) continue;
    const repeat = node.repeat ?? 1;
    const indexed = repeat > 1 || plan.steps.some((s) => s.node.startsWith(`${node.id}.0.`));
    const prefixes = indexed ? Array.from({ length: repeat }, (_, i) => `${node.id}.${i}.`) : [`${node.id}.`];
    const layers = prefixes.map((prefix) => ({ prefix, steps: plan.steps.flatMap((s, i) => (s.node.startsWith(prefix) ? [i] : [])) }));
    if (layers.some((l) => l.steps.length === 0)) continue;
    const className = bySubgraph.get(node.subgraph) ?? classNames.claim(pascal(node.subgraph));
    bySubgraph.set(node.subgraph, className);
    out.push({ id: node.id, className, indexed, layers });
  }
  return out;
}

/** Shapes of weights as a nested `Weights(...)` constructor expression. */
function weightsExpression(tree: Map<string, unknown>, indent: string): string {
  const parts = [...tree].map(([key, value]) => {
    const v = value instanceof Map ? weightsExpression(value as Map<string, unknown>, indent + '    ') : `(${(value as readonly number[]).join(', ')}${(value as readonly number[]).length === 1 ? ',' : ''})`;
    return { key, v };
  });
  if (parts.every((p) => isIdentifier(p.key))) return `Weights(${parts.map((p) => `${p.key}=${p.v}`).join(', ')})`;
  return `Weights(**{${parts.map((p) => `${JSON.stringify(p.key)}: ${p.v}`).join(', ')}})`;
}

function weightTree(names: readonly string[], prefix: string, plan: Plan): Map<string, Map<string, unknown>> {
  const root = new Map<string, unknown>();
  for (const name of names) {
    const parts = name.slice(prefix.length).split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (!(node.get(part) instanceof Map)) node.set(part, new Map<string, unknown>());
      node = node.get(part) as Map<string, unknown>;
    }
    node.set(parts[parts.length - 1]!, plan.weights.get(name)!.tensor.shape);
  }
  return root as Map<string, Map<string, unknown>>;
}

function constantLiteral(t: Tensor): string {
  const values = Array.from(t.data, (v) => (t.dtype === 'float32' ? floatLiteral(v) : String(v)));
  if (t.shape.length === 0) return `torch.tensor(${values[0]}, dtype=${TORCH_DTYPE[t.dtype]})`;
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += 8) rows.push('    ' + values.slice(i, i + 8).join(', ') + ',');
  return `torch.tensor([\n${rows.join('\n')}\n], dtype=${TORCH_DTYPE[t.dtype]}).reshape(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`;
}

/** model.py for `plan` (compiled from `doc`): the prelude and classes, and the constants for the file's end. */
export function emitModelPy(plan: Plan, doc: GraphDocument): { classes: string; constants: string } {
  const instances = findInstances(plan, doc);
  const layerOfStep = new Map<number, { instance: Instance; layer: number }>();
  for (const instance of instances) instance.layers.forEach((l, i) => l.steps.forEach((s) => layerOfStep.set(s, { instance, layer: i })));
  const blockOf = new Map(plan.blocks.map((b) => [b.node, b.block]));
  const producer = new Map(plan.steps.map((s, i) => [s.output, i]));
  const consumers = new Map<number, number[]>();
  plan.steps.forEach((s, i) =>
    s.inputs.forEach((v) => {
      const list = consumers.get(v);
      if (list) list.push(i);
      else consumers.set(v, [i]);
    }),
  );
  const planOutputs = new Set(plan.outputs.map((o) => o.value));
  const readable = new Map<number, string>();
  for (const b of plan.blocks) {
    for (const [name, v] of Object.entries(b.intermediates)) readable.set(v, `${b.node}.${name}`);
    for (const [port, v] of Object.entries(b.outputs)) readable.set(v, `${b.node}.${port}`);
  }

  // Module-level constants (scalars are written inline).
  const constantNames = new Map<number, string>();
  const constantLines: string[] = [];
  const constantExpr = (index: number): string => {
    const t = plan.constants[index]!;
    if (t.shape.length === 0) return constantLiteral(t);
    let name = constantNames.get(index);
    if (!name) {
      name = `CONSTANT_${index}`;
      constantNames.set(index, name);
      constantLines.push(`${name} = ${constantLiteral(t)}`, '');
    }
    return name;
  };

  /** The Python body of one scope's steps; `resolve` spells values not produced in it. */
  const emitSteps = (steps: readonly number[], prefix: string, scope: NameScope, local: Map<number, string>, resolve: (v: number) => string, lines: string[]) => {
    let lastNode = '';
    for (const i of steps) {
      const step = plan.steps[i]!;
      if (step.node !== lastNode) {
        lines.push(`        # ${step.node.slice(prefix.length)} · ${blockOf.get(step.node) ?? ''}`);
        lastNode = step.node;
      }
      const args = step.inputs.map((v) => local.get(v) ?? resolve(v));
      const dtypes = step.inputs.map((v) => plan.values[v]!.dtype);
      const base = readable.get(step.output)?.slice(prefix.length) ?? `t${step.output}`;
      const name = scope.claim(pythonIdentifier(base));
      local.set(step.output, name);
      lines.push(`        ${name} = ${torchExpression(step, { args, dtypes })}  # ${step.op}`);
    }
  };

  /** Value id → the instance's input port it arrives on (from the top-level edges into the instance). */
  const instancePorts = (id: string): Map<number, string> => {
    const out = new Map<number, string>();
    for (const e of doc.edges) {
      if (e.to.node !== id) continue;
      const source = plan.blocks.find((b) => b.node === e.from.node)?.outputs;
      const v = source && Object.hasOwn(source, e.from.port) ? source[e.from.port] : undefined;
      if (v !== undefined && !out.has(v)) out.set(v, e.to.port);
    }
    return out;
  };
  const weightExpr = (name: string, prefix: string): string | null => (name.startsWith(prefix) ? parameterPath(name.slice(prefix.length)) : null);

  // One class per subgraph, from the first layer of its first instance.
  const classes: string[] = [];
  const signatures = new Map<string, { externals: number[]; outputs: number[] }>();
  const layerIo = (layer: Layer) => {
    const own = new Set(layer.steps.map((i) => plan.steps[i]!.output));
    const inLayer = new Set(layer.steps);
    const externals: number[] = [];
    for (const i of layer.steps)
      for (const v of plan.steps[i]!.inputs) {
        const source = plan.values[v]!.source;
        const inside = own.has(v) || source.kind === 'constant' || (source.kind === 'weight' && source.name.startsWith(layer.prefix));
        if (!inside && !externals.includes(v)) externals.push(v);
      }
    const outputs = [...own].filter((v) => planOutputs.has(v) || (consumers.get(v) ?? []).some((c) => !inLayer.has(c))).sort((x, y) => x - y);
    return { externals, outputs };
  };
  for (const instance of instances) {
    if (signatures.has(instance.className)) continue;
    const layer = instance.layers[0]!;
    const io = layerIo(layer);
    signatures.set(instance.className, io);
    const scope = new NameScope(['self']);
    const local = new Map<number, string>();
    const portOf = instancePorts(instance.id);
    const params = io.externals.map((v) => {
      const name = scope.claim(pythonIdentifier(portOf.get(v) ?? readable.get(v)?.split('.').pop() ?? `x${v}`));
      local.set(v, name);
      return name;
    });
    const weightNames = [...plan.weights.keys()].filter((n) => n.startsWith(layer.prefix));
    const lines = [`class ${instance.className}(nn.Module):`, `    """Subgraph '${doc.nodes.find((n) => n.id === instance.id)?.subgraph}' (one layer)."""`, '', '    def __init__(self):', '        super().__init__()'];
    for (const [key, tree] of weightTree(weightNames, layer.prefix, plan)) lines.push(`        ${isIdentifier(key) ? `self.${key} = ` : `self.add_module(${JSON.stringify(key)}, `}${weightsExpression(tree, '        ')}${isIdentifier(key) ? '' : ')'}`);
    if (weightNames.length === 0) lines.push('        pass');
    lines.push('', `    def forward(self, ${params.join(', ')}):`);
    emitSteps(layer.steps, layer.prefix, scope, local, (v) => {
      const source = plan.values[v]!.source;
      if (source.kind === 'constant') return constantExpr(source.index);
      if (source.kind === 'weight') return weightExpr(source.name, layer.prefix) ?? `<missing ${source.name}>`;
      return `<missing v${v}>`;
    }, lines);
    const returned = io.outputs.map((v) => local.get(v)!);
    lines.push(`        return ${returned.length === 1 ? returned[0] : returned.join(', ')}`, '', '');
    classes.push(lines.join('\n'));
  }

  // The top-level model.
  const scope = new NameScope(['self']);
  const local = new Map<number, string>();
  const inputs = plan.inputs.map((io) => {
    const name = scope.claim(pythonIdentifier(io.name));
    local.set(io.value, name);
    return name;
  });
  const topWeights = [...plan.weights.keys()].filter((n) => !instances.some((inst) => inst.layers.some((l) => n.startsWith(l.prefix))));
  const init: string[] = [];
  for (const [key, tree] of weightTree(topWeights, '', plan)) init.push(`        ${isIdentifier(key) ? `self.${key} = ` : `self.add_module(${JSON.stringify(key)}, `}${weightsExpression(tree, '        ')}${isIdentifier(key) ? '' : ')'}`);
  for (const instance of instances) {
    const make = instance.indexed ? `nn.ModuleList([${instance.className}() for _ in range(${instance.layers.length})])` : `${instance.className}()`;
    init.push(`        ${isIdentifier(instance.id) ? `self.${instance.id} = ` : `self.add_module(${JSON.stringify(instance.id)}, `}${make}${isIdentifier(instance.id) ? '' : ')'}`);
  }
  const body: string[] = [];
  const resolveTop = (v: number): string => {
    const source = plan.values[v]!.source;
    if (source.kind === 'constant') return constantExpr(source.index);
    if (source.kind === 'weight') return parameterPath(source.name);
    return `<missing v${v}>`;
  };
  const instanceRef = (instance: Instance, i: number): string => {
    const base = isIdentifier(instance.id) ? `self.${instance.id}` : `getattr(self, ${JSON.stringify(instance.id)})`;
    return instance.indexed ? `${base}[${i}]` : base;
  };
  const topSteps: number[] = [];
  for (let i = 0; i < plan.steps.length; i++) {
    const at = layerOfStep.get(i);
    if (!at) {
      topSteps.push(i);
      continue;
    }
    const layer = at.instance.layers[at.layer]!;
    if (layer.steps[0] !== i) continue;
    emitSteps(topSteps.splice(0), '', scope, local, resolveTop, body);
    const io = layerIo(layer);
    const args = io.externals.map((v) => local.get(v) ?? resolveTop(v));
    const names = io.outputs.map((v) => {
      const name = scope.claim(pythonIdentifier(readable.get(v) ?? `${layer.prefix}t${v}`));
      local.set(v, name);
      return name;
    });
    body.push(`        # ${layer.prefix.slice(0, -1)} · ${at.instance.className}`);
    body.push(`        ${names.join(', ')} = ${instanceRef(at.instance, at.layer)}(${args.join(', ')})`);
  }
  emitSteps(topSteps, '', scope, local, resolveTop, body);
  const outputs = plan.outputs.map((io) => `${JSON.stringify(io.name)}: ${local.get(io.value) ?? resolveTop(io.value)}`);
  const title = (doc.meta?.title ?? 'Untitled').replace(/"""/g, "'''");
  const model = [
    'class Model(nn.Module):',
    `    """${title} — exported from Formwork. forward() returns {output name: tensor}."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length > 0 ? init : ['        pass']),
    '',
    `    def forward(self, ${inputs.join(', ')}):`,
    ...body,
    `        return {${outputs.join(', ')}}`,
    '',
  ].join('\n');
  const constants = constantLines.length > 0 ? ['', '# Constant tensors of the plan (position tables …), used by forward().', ...constantLines] : [];
  return { classes: [PYTHON_PRELUDE, ...classes, model].join('\n'), constants: constants.join('\n') };
}
