/**
 * The standard block catalogue: every block Formwork ships, one file each.
 */
import type { AnyBlock } from '../block.ts';
import { createCatalogue, type Catalogue } from '../catalogue.ts';
import { Add } from './add.ts';
import { Linear } from './linear.ts';
import { Output } from './output.ts';
import { Softmax } from './softmax.ts';
import { SubgraphInput } from './subgraph-input.ts';
import { SubgraphOutput } from './subgraph-output.ts';
import { TokenInput } from './token-input.ts';

/** All standard blocks, in palette order within their categories. */
export const STANDARD_BLOCKS: readonly AnyBlock[] = [TokenInput, Linear, Add, Softmax, Output, SubgraphInput, SubgraphOutput];

/** A fresh catalogue of the standard blocks. */
export function standardCatalogue(): Catalogue {
  return createCatalogue(STANDARD_BLOCKS);
}
