/**
 * Coded diagnostics: every rejection of user input in Formwork is one of these, never an exception.
 * The code table is the single place where codes are defined; tests assert on codes, the UI shows
 * `message` and `hint` next to the node, port or field they point at.
 */

/** All diagnostic codes, with a short title each (used in docs and the problems list). */
export const DIAGNOSTIC_CODES = {
  FW001: 'file is not valid JSON',
  FW002: 'file is too large',
  FW003: 'not a Formwork graph (wrong format)',
  FW004: 'unsupported version',
  FW005: 'document does not match the schema',
  FW006: 'forbidden key',
  FW007: 'string too long',
  FW008: 'structure too deep or too large',
  FW010: 'unknown block',
  FW011: 'duplicate node id',
  FW012: 'edge to or from a missing node',
  FW013: 'unknown port',
  FW014: 'input already connected',
  FW015: 'required input not connected',
  FW016: 'cycle',
  FW017: 'unknown subgraph',
  FW018: 'subgraph used inside itself',
  FW019: 'subgraph interface mismatch',
  FW020: 'invalid parameter',
  FW021: 'unknown parameter',
  FW022: 'block saved by a newer Formwork',
  FW030: 'shape mismatch',
  FW031: 'dtype mismatch',
  FW032: 'incompatible parameters',
  FW033: 'dimension too large',
  FW034: 'model too large',
  FW040: 'weight missing or malformed',
  FW041: 'weight shape mismatch',
  FW042: 'tied weight not found',
  FW050: 'no graph input',
  FW051: 'bad run input',
  FW060: 'tokenizer error',
  FW061: 'audio error',
  FW070: 'export error',
  FW080: 'graph cannot be trained',
  FW099: 'internal error',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A problem found in a graph document or in the input given to it. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Node id (a path such as `layers.1.attn` inside subgraph instances). */
  readonly node?: string;
  /** Port name on that node. */
  readonly port?: string;
  /** Parameter name on that node. */
  readonly param?: string;
  /** JSON path into the document, e.g. `nodes[3].params.heads`. */
  readonly path?: string;
  /** What the user can do about it. */
  readonly hint?: string;
}

/** Builds an error diagnostic. */
export function error(
  code: DiagnosticCode,
  message: string,
  where: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {},
): Diagnostic {
  return { code, severity: 'error', message, ...where };
}

/** Builds a warning diagnostic. */
export function warning(
  code: DiagnosticCode,
  message: string,
  where: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {},
): Diagnostic {
  return { code, severity: 'warning', message, ...where };
}

/** One-line human form: `FW030 node 'mha1' port 'x': …`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [
    d.node !== undefined ? `node '${d.node}'` : '',
    d.port !== undefined ? `port '${d.port}'` : '',
    d.param !== undefined ? `param '${d.param}'` : '',
    d.path !== undefined && d.node === undefined ? `at ${d.path}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const hint = d.hint ? ` (hint: ${d.hint})` : '';
  return `${d.code} ${d.severity}${where ? ' ' + where : ''}: ${d.message}${hint}`;
}

/** A value or the diagnostics explaining why there is none. */
export type Result<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export const ok = <T>(value: T, warnings: Diagnostic[] = []): Result<T> => ({ ok: true, value, warnings });
export const fail = <T>(diagnostics: Diagnostic[]): Result<T> => ({ ok: false, diagnostics });
