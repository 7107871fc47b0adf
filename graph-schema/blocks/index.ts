/**
 * The standard block catalogue: every block Formwork ships, one file each.
 */
import type { AnyBlock } from '../block.ts';
import { createCatalogue, type Catalogue } from '../catalogue.ts';
import { Add } from './add.ts';
import { Argmax } from './argmax.ts';
import { AttentionHead } from './attention-head.ts';
import { AudioFrames } from './audio-frames.ts';
import { CausalMask } from './causal-mask.ts';
import { CrossAttention } from './cross-attention.ts';
import { DeEmbedding } from './de-embedding.ts';
import { Embedding } from './embedding.ts';
import { FeatureMask } from './feature-mask.ts';
import { FeedForward } from './feed-forward.ts';
import { GELU } from './gelu.ts';
import { LayerNorm } from './layer-norm.ts';
import { Linear } from './linear.ts';
import { MatMul } from './matmul.ts';
import { MultiHeadAttention } from './multi-head-attention.ts';
import { OneHot } from './one-hot.ts';
import { Output } from './output.ts';
import { PairOneHot } from './pair-one-hot.ts';
import { PositionalEncoding } from './positional-encoding.ts';
import { ReLU } from './relu.ts';
import { RMSNorm } from './rms-norm.ts';
import { Scale } from './scale.ts';
import { SkipPairFeatures } from './skip-pair-features.ts';
import { Softmax } from './softmax.ts';
import { SubgraphInput } from './subgraph-input.ts';
import { SubgraphOutput } from './subgraph-output.ts';
import { SwiGLU } from './swiglu.ts';
import { TokenInput } from './token-input.ts';

/** All standard blocks, in palette order within their categories. */
export const STANDARD_BLOCKS: readonly AnyBlock[] = [
  // input
  TokenInput, AudioFrames,
  // encoding
  OneHot, PairOneHot, SkipPairFeatures, Embedding, PositionalEncoding,
  // attention
  MultiHeadAttention, AttentionHead, CrossAttention, CausalMask, FeatureMask,
  // layers
  Linear, FeedForward, SwiGLU, LayerNorm, RMSNorm, ReLU, GELU,
  // math
  Add, MatMul, Scale, Softmax,
  // output
  DeEmbedding, Argmax, Output,
  // structure
  SubgraphInput, SubgraphOutput,
];

/** A fresh catalogue of the standard blocks. */
export function standardCatalogue(): Catalogue {
  return createCatalogue(STANDARD_BLOCKS);
}
