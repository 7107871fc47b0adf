import { expect } from 'vitest';
import type { Result } from '../../graph-schema/diagnostics.ts';

/** The value of an ok result (fails the test otherwise). */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.value;
}

/** The diagnostics of a failed result (fails the test otherwise). */
export function failure<T>(r: Result<T>): { code: string; message: string }[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.diagnostics.map((d) => ({ code: d.code, message: d.message }));
}
