import { defineBlock } from '../block.ts';

export const SubgraphOutput = defineBlock({
  id: 'SubgraphOutput',
  version: 1,
  title: 'Subgraph output',
  category: 'structure',
  role: 'subgraph-output',
  summary: 'An output port of the subgraph it sits in, named by its name parameter (or, when that is empty, after this node).',
  doc:
    'Inside a subgraph, this block hands a tensor back out. Each one becomes an output port of every instance of the ' +
    'subgraph, named by its name parameter (or, when that is empty, after this node). In a repeated subgraph it also feeds the input of the same name in the next ' +
    'repetition.',
  inputs: [{ name: 'in', dtype: 'any', shape: ['...'], doc: 'the tensor to hand out' }],
  outputs: [{ name: 'out', dtype: 'any', shape: ['...'], doc: 'the same tensor, outside' }],
  params: {
    name: { kind: 'string', default: '', maxLength: 64, help: 'port name on the subgraph instance (empty: the node id)' },
  },
  roles: { portName: 'name' },
  lower: (_b, { inputs }) => ({ out: inputs.in! }),
});
