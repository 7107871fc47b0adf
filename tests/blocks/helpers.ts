/**
 * Shared helpers for block tests: tiny documents, a compile-and-run shortcut, and a test-only input
 * block that feeds any float32/int64 tensor (the standard catalogue only has text and audio inputs).
 */
import { expect } from 'vitest';
import { defineBlock, type AnyBlock } from '../../graph-schema/block.ts';
import { STANDARD_BLOCKS } from '../../graph-schema/blocks/index.ts';
import { createCatalogue, type Catalogue } from '../../graph-schema/catalogue.ts';
import { formatDiagnostic, type Diagnostic, type Result } from '../../graph-schema/diagnostics.ts';
import type { Dim } from '../../graph-schema/dims.ts';
import { FORMAT, CURRENT_VERSION, type GraphDocument, type GraphEdge, type GraphNode } from '../../graph-schema/document.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { compile, type Compiled } from '../../engine/compile/compile.ts';
import { createSession, type Session } from '../../engine/run/session.ts';

/** Parses `"B,T,8"` into `['B', 'T', 8]`. */
export function parseShapeText(text: string): Dim[] {
  return text
    .split(',')
    .filter((s) => s.length > 0)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Test-only graph input of any dtype and (partly symbolic) shape, given as text. */
export const TestTensor: AnyBlock = defineBlock({
  id: 'TestTensor',
  version: 1,
  title: 'Test tensor',
  category: 'input',
  role: 'input',
  summary: 'test input',
  doc: 'Feeds a tensor of the given dtype and shape; tests only.',
  inputs: [],
  outputs: [{ name: 'out', dtype: 'any', shape: ['...'], doc: 'the fed tensor' }],
  params: {
    dtype: { kind: 'enum', options: ['float32', 'int64'], default: 'float32', help: 'dtype' },
    shape: { kind: 'string', default: 'B,T,4', maxLength: 64, help: 'comma-separated dims' },
  },
  shape: ({ params }) => ({ out: { dtype: params.dtype, shape: parseShapeText(params.shape) } }),
  lower: (b, { params }) => ({ out: b.graphInput(params.dtype, parseShapeText(params.shape)) }),
});

/** The standard catalogue plus the test input block. */
export function testCatalogue(): Catalogue {
  return createCatalogue([...STANDARD_BLOCKS, TestTensor]);
}

/** Shorthand node. */
export function node(id: string, block: string, params?: Record<string, unknown>): GraphNode {
  return params === undefined ? { id, block } : { id, block, params };
}

/** Shorthand edge `from.port → to.port`. */
export function edge(from: string, fromPort: string, to: string, toPort: string): GraphEdge {
  return { from: { node: from, port: fromPort }, to: { node: to, port: toPort } };
}

/** A version-1 document. */
export function graph(nodes: GraphNode[], edges: GraphEdge[], extra: Partial<GraphDocument> = {}): GraphDocument {
  return { format: FORMAT, version: CURRENT_VERSION, seed: 0, nodes, edges, ...extra };
}

/** Unwraps a Result, failing the test with readable diagnostics. */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) expect.fail(r.diagnostics.map((d: Diagnostic) => formatDiagnostic(d)).join('\n'));
  return r.value;
}

/** Compiles with the test catalogue. */
export function compileDoc(doc: GraphDocument, catalogue: Catalogue = testCatalogue()): Compiled {
  return unwrap(compile(doc, catalogue));
}

/** Compiles, runs everything, and returns the outputs and the finished session. */
export function runDoc(
  doc: GraphDocument,
  feeds: Readonly<Record<string, Tensor>>,
  catalogue: Catalogue = testCatalogue(),
): { outputs: Record<string, Tensor>; session: Session; compiled: Compiled } {
  const compiled = compileDoc(doc, catalogue);
  const session = unwrap(createSession(compiled.plan, feeds));
  const outputs = unwrap(session.run());
  return { outputs, session, compiled };
}

/** Diagnostics of a document that must not compile. */
export function diagnosticsOf(doc: GraphDocument, catalogue: Catalogue = testCatalogue()): readonly Diagnostic[] {
  const r = compile(doc, catalogue);
  expect(r.ok, 'expected the document to be rejected').toBe(false);
  return r.ok ? [] : r.diagnostics;
}

/** Row-major element of a tensor by multi-index. */
export function at(t: Tensor, ...index: number[]): number {
  let flat = 0;
  index.forEach((i, axis) => (flat = flat * t.shape[axis]! + i));
  return t.data[flat]!;
}

/** A deterministic float sequence in roughly [-1, 1] (no randomness in tests). */
export function wave(n: number, phase = 0): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + phase) * 0.9);
}

/** Asserts element-wise closeness of two equally shaped tensors. */
export function expectClose(actual: Tensor, expected: Tensor | { shape: readonly number[]; data: ArrayLike<number> }, tolerance = 1e-5): void {
  expect([...actual.shape]).toEqual([...expected.shape]);
  for (let i = 0; i < actual.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Math.abs(a - e) > tolerance) expect.fail(`element ${i}: ${a} differs from ${e} by more than ${tolerance}`);
  }
}
