/**
 * Hand-written TrainableModels for testing the trainer without autograd: gradients derived on paper,
 * checked against finite differences in trainer.test.ts.
 */
import { uniformStream } from '../../engine/compile/init.ts';
import { crossEntropy } from '../../engine/train/losses.ts';
import type { TrainableModel } from '../../engine/train/model.ts';

const seeded = (n: number, seed: number, scale: number) => {
  const next = uniformStream(seed);
  return Float32Array.from({ length: n }, () => (next() * 2 - 1) * scale);
};

/** Bigram model: logits[n] = table[inputs[n]] ([V, V] table); dTable[x] += dLogits of each position with input x. */
export function bigramModel(vocab: number, seed = 1, contextLength: number | null = null): TrainableModel {
  const table = seeded(vocab * vocab, seed, 0.1); // [V, V]
  const logitsOf = (inputs: Int32Array) => {
    const logits = new Float32Array(inputs.length * vocab); // [B·T, V]
    inputs.forEach((x, n) => logits.set(table.subarray(x * vocab, (x + 1) * vocab), n * vocab));
    return logits;
  };
  return {
    parameters: new Map([['table', table]]),
    shapes: new Map([['table', [vocab, vocab]]]),
    vocabSize: vocab,
    contextLength,
    lossAndGradients(inputs, targets) {
      const { loss, gradient } = crossEntropy(logitsOf(inputs), targets, vocab);
      const dTable = new Float32Array(vocab * vocab);
      inputs.forEach((x, n) => {
        for (let c = 0; c < vocab; c++) dTable[x * vocab + c] = dTable[x * vocab + c]! + gradient[n * vocab + c]!;
      });
      return { loss, gradients: new Map([['table', dTable]]) };
    },
    loss: (inputs, targets) => crossEntropy(logitsOf(inputs), targets, vocab).loss,
  };
}

/**
 * Tied embedding model: h = E[x] ([N, d]), logits = h·Eᵀ ([N, V]). E is used twice but is one parameter:
 * dE = dLogitsᵀ·h (de-embedding use) + rows x of dLogits·E (embedding use).
 */
export function tiedEmbeddingModel(vocab: number, width: number, seed = 2): TrainableModel {
  const E = seeded(vocab * width, seed, 0.5); // [V, d]
  const forward = (inputs: Int32Array) => {
    const n = inputs.length;
    const logits = new Float32Array(n * vocab); // [N, V]
    for (let i = 0; i < n; i++)
      for (let v = 0; v < vocab; v++) {
        let s = 0;
        for (let k = 0; k < width; k++) s += E[inputs[i]! * width + k]! * E[v * width + k]!;
        logits[i * vocab + v] = s;
      }
    return logits;
  };
  return {
    parameters: new Map([['embed.table', E]]),
    shapes: new Map([['embed.table', [vocab, width]]]),
    vocabSize: vocab,
    contextLength: null,
    lossAndGradients(inputs, targets) {
      const { loss, gradient } = crossEntropy(forward(inputs), targets, vocab);
      const dE = new Float32Array(vocab * width);
      for (let i = 0; i < inputs.length; i++) {
        const x = inputs[i]!;
        for (let v = 0; v < vocab; v++) {
          const g = gradient[i * vocab + v]!;
          for (let k = 0; k < width; k++) {
            dE[v * width + k] = dE[v * width + k]! + g * E[x * width + k]!; // de-embedding: dLogitsᵀ·h
            dE[x * width + k] = dE[x * width + k]! + g * E[v * width + k]!; // embedding: dh = dLogits·E, scattered to row x
          }
        }
      }
      return { loss, gradients: new Map([['embed.table', dE]]) };
    },
    loss: (inputs, targets) => crossEntropy(forward(inputs), targets, vocab).loss,
  };
}

/** Central finite differences of `model.loss` with respect to every element of parameter `name`. */
export function finiteDifferences(model: TrainableModel, name: string, inputs: Int32Array, targets: Int32Array, batch: number, length: number, h = 1e-2): Float64Array {
  const p = model.parameters.get(name)!;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const keep = p[i]!;
    p[i] = keep + h;
    const up = model.loss(inputs, targets, batch, length);
    const hiUsed = p[i]!;
    p[i] = keep - h;
    const down = model.loss(inputs, targets, batch, length);
    out[i] = (up - down) / (hiUsed - p[i]!);
    p[i] = keep;
  }
  return out;
}
