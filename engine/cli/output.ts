/**
 * Printing for the CLI: diagnostics on stderr, tables and JSON on stdout.
 */
import { formatDiagnostic, type Diagnostic } from '../../graph-schema/diagnostics.ts';
import type { Tensor } from '../../graph-schema/tensor.ts';
import { err } from './terminal.ts';

export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) err(formatDiagnostic(d) + '\n');
}

/** Left-aligned columns; numbers right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (/^[\d,.]+( [kMG])?$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** 1234567 → "1,234,567". */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A tensor as JSON-friendly `{shape, data}`. */
export function tensorJson(t: Tensor): { dtype: string; shape: number[]; data: number[] } {
  return { dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data) };
}
