import { defineBlock } from '../block.ts';

export const SubgraphInput = defineBlock({
  id: 'SubgraphInput',
  version: 1,
  title: 'Subgraph input',
  category: 'structure',
  role: 'subgraph-input',
  summary: 'An input port of the subgraph it sits in, named by its name parameter (or, when that is empty, after this node).',
  doc:
    'Inside a subgraph, this block is where a tensor from outside comes in. Each one becomes an input port of every ' +
    'instance of the subgraph, named by its name parameter (or, when that is empty, after this node). When the subgraph is repeated (×N layers), an output with the ' +
    'same name feeds this input in the next repetition; inputs without such an output get the same tensor every time.',
  inputs: [],
  outputs: [{ name: 'out', dtype: 'any', shape: ['...'], doc: 'the tensor arriving from outside' }],
  params: {
    name: { kind: 'string', default: '', maxLength: 64, help: 'port name on the subgraph instance (empty: the node id)' },
  },
  roles: { portName: 'name' },
  lower: () => {
    throw new Error('SubgraphInput is resolved by the compiler');
  },
});
