import { defineBlock } from '../block.ts';

/** Printable ASCII: the default character vocabulary of a new TokenInput. */
export const DEFAULT_CHAR_VOCAB = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

export const TokenInput = defineBlock({
  id: 'TokenInput',
  version: 1,
  title: 'Token input',
  category: 'input',
  role: 'input',
  accepts: 'text',
  summary: 'Text in, token ids out, using the tokenizer stored with the graph.',
  doc:
    'The start of a language model. It carries its own tokenizer (characters, words or byte-pair merges), so a ' +
    'shared graph file can turn text into token ids anywhere. The output is a batch of id sequences: B sequences of ' +
    'T tokens each. An encoder-decoder model has two of these; name the source sequence length S to keep them apart.',
  inputs: [],
  outputs: [{ name: 'ids', dtype: 'int64', shape: ['B', 'T'], doc: 'token ids, one row per sequence' }],
  params: {
    tokenizer: { kind: 'tokenizer', default: { kind: 'char', vocab: DEFAULT_CHAR_VOCAB }, help: 'how text becomes token ids' },
    sequence: { kind: 'enum', options: ['T', 'S'], default: 'T', help: 'name of the sequence-length dimension (S for an encoder source)' },
    context: { kind: 'int', default: 64, min: 1, max: 65_536, help: 'longest sequence the model is meant for (used for cost estimates)' },
  },
  shape: ({ params }) => ({ ids: { dtype: 'int64', shape: ['B', params.sequence] } }),
  lower: (b, { params }) => ({ ids: b.graphInput('int64', ['B', params.sequence]) }),
  roles: { context: 'context' },
});
