/**
 * The ONNX reference checker (Debian's python3-onnx, onnx 1.12) with full_check, i.e. strict shape
 * inference, over every one-op model, the attention model and its debug export.
 * If python3-onnx is missing this fails and says how to install it; it is never skipped.
 */
import { describe, expect, it } from 'vitest';
import { PRIM_OPS } from '../../graph-schema/primitives.ts';
import { exportOnnx } from '../../engine/onnx/export.ts';
import { allCases, opCasePlan } from './op-cases.ts';
import { attentionPlan } from './fixtures.ts';
import { runChecker } from './run-checker.ts';
import type { CheckerVerdicts } from './run-checker.ts';

const models: [string, Uint8Array][] = [
  ...allCases(PRIM_OPS).map(({ op, label, case: c }): [string, Uint8Array] => [label, exportOnnx(opCasePlan(op, c).plan)]),
  ['attention', exportOnnx(attentionPlan(), { metadata: { 'formwork.graph': '{}' } })],
  ['attention (debug)', exportOnnx(attentionPlan(), { debug: true })],
];

// Run once, lazily inside the tests, so a missing python3-onnx fails every test with its message
// (a throwing beforeAll would only mark them skipped).
let verdicts: CheckerVerdicts | Error | undefined;
function verdict(label: string): string | undefined {
  if (verdicts === undefined) {
    try {
      verdicts = runChecker(models);
    } catch (error) {
      verdicts = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (verdicts instanceof Error) throw verdicts;
  return verdicts.get(label);
}

describe('onnx.checker.check_model(full_check=True)', () => {
  it.each(models.map(([label]) => label))('accepts %s', (label) => {
    expect(verdict(label), 'no checker verdict').toBe('');
  });
});
