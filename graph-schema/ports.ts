/**
 * The ports of a document node: a block's declared ports, or — for a subgraph instance — the
 * subgraph's interface, read from its `subgraph-input` / `subgraph-output` nodes (port name = the node's port-name param, or its id).
 */
import type { AnyBlock, PortSpec } from './block.ts';
import type { Catalogue } from './catalogue.ts';
import type { GraphDocument, GraphNode, Subgraph } from './document.ts';
import { own } from './own.ts';
import { roleValue } from './param-roles.ts';

export interface NodePorts {
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
}

const PASS_THROUGH: PortSpec['shape'] = ['...'];

/** The port a subgraph interface node stands for: its block's port-name param, or its id when that is empty. */
export function interfacePortName(node: GraphNode, block: AnyBlock | undefined): string {
  const name = roleValue(block, node.params, 'portName');
  return typeof name === 'string' && name !== '' ? name : node.id;
}

/** Interface ports of a subgraph body. */
export function subgraphPorts(subgraph: Subgraph, catalogue: Catalogue): NodePorts {
  const inputs: PortSpec[] = [];
  const outputs: PortSpec[] = [];
  for (const n of subgraph.nodes) {
    const role = n.block ? catalogue.get(n.block)?.role : undefined;
    const name = interfacePortName(n, n.block ? catalogue.get(n.block) : undefined);
    const port: PortSpec = { name, dtype: 'any', shape: PASS_THROUGH, doc: `subgraph ${role === 'subgraph-input' ? 'input' : 'output'} '${name}'` };
    if (role === 'subgraph-input') inputs.push(port);
    else if (role === 'subgraph-output') outputs.push(port);
  }
  return { inputs, outputs };
}

/** Ports of a node, or undefined when its block or subgraph is unknown. */
export function nodePorts(node: GraphNode, doc: GraphDocument, catalogue: Catalogue): NodePorts | undefined {
  if (node.block !== undefined) {
    const block: AnyBlock | undefined = catalogue.get(node.block);
    return block ? { inputs: block.inputs, outputs: block.outputs } : undefined;
  }
  const sg = node.subgraph !== undefined ? own(doc.subgraphs, node.subgraph) : undefined;
  return sg ? subgraphPorts(sg, catalogue) : undefined;
}
