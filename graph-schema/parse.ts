/**
 * Reading untrusted graph files: bounded size, guarded JSON (no prototype keys, bounded strings and
 * depth), version check, migration, then strict schema validation. Never throws on bad input.
 */
import type { z } from 'zod';
import { error, fail, ok, type Diagnostic, type Result } from './diagnostics.ts';
import { CURRENT_VERSION, FORMAT, GraphDocumentSchema, type GraphDocument } from './document.ts';
import { LIMITS } from './limits.ts';
import { migrate, OLDEST_VERSION } from './migrate.ts';

/**
 * `__proto__` as a key is refused: zod would drop it silently, and copying it by assignment would swap an
 * object's prototype. `constructor` and `prototype` are ordinary names (valid node ids, so valid layout keys);
 * every lookup by a name from the file goes through own.ts.
 */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/** Parses and validates graph file text. */
export function parseDocument(text: string): Result<GraphDocument> {
  if (text.length > LIMITS.maxFileBytes)
    return fail([
      error('FW002', `the file has ${text.length} characters; the limit is ${LIMITS.maxFileBytes}`, {
        hint: 'store large weights in a .safetensors file beside the document (weightsFile)',
      }),
    ]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail([error('FW001', `not valid JSON: ${(e as Error).message}`, { hint: 'check the file is a .formwork.json graph' })]);
  }
  return validateDocument(raw);
}

/** Validates an already parsed value (from JSON, the clipboard, another tab …). */
export function validateDocument(raw: unknown): Result<GraphDocument> {
  const guard = guardJson(raw);
  if (guard) return fail([guard]);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail([error('FW003', 'the file is not a JSON object', { hint: `a graph file starts with {"format": "${FORMAT}", …}` })]);
  const obj = raw as Record<string, unknown>;
  if (obj.format !== FORMAT)
    return fail([
      error('FW003', `format is ${JSON.stringify(obj.format)?.slice(0, 60) ?? 'missing'}, expected "${FORMAT}"`, {
        path: 'format',
      }),
    ]);
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_VERSION || version > CURRENT_VERSION)
    return fail([
      error('FW004', `version ${JSON.stringify(version)?.slice(0, 20)} is not supported (this Formwork reads ${OLDEST_VERSION} to ${CURRENT_VERSION})`, {
        path: 'version',
        hint: typeof version === 'number' && version > CURRENT_VERSION ? 'the file was saved by a newer Formwork; update Formwork' : undefined,
      }),
    ]);
  const migrated = migrate(obj, version);
  const parsed = GraphDocumentSchema.safeParse(migrated);
  if (!parsed.success) return fail(zodToDiagnostics(parsed.error));
  return ok(parsed.data);
}

/** Serialises a document the way Formwork saves it (stable key order from the object, 2-space indent). */
export function serializeDocument(doc: GraphDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** `nodes[3].params.heads` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function zodToDiagnostics(err: z.ZodError): Diagnostic[] {
  return err.issues.slice(0, 50).map((issue) => {
    const path = formatPath(issue.path);
    return error('FW005', `${path || 'document'}: ${issue.message}`, { path: path || undefined });
  });
}

/** Walks parsed JSON once, iteratively, rejecting prototype keys, huge strings and deep nesting. */
function guardJson(root: unknown): Diagnostic | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: root, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > LIMITS.maxStringLength)
        return error('FW007', `a string of ${value.length} characters at ${path || 'top level'}; the limit is ${LIMITS.maxStringLength}`, {
          path,
        });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > LIMITS.maxDepth) return error('FW008', `nesting deeper than ${LIMITS.maxDepth} at ${path}`, { path });
    if (Array.isArray(value)) {
      // Numeric arrays (weights) can be long; only containers are pushed.
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === 'object' && v !== null) stack.push({ value: v, depth: depth + 1, path: `${path}[${i}]` });
        else if (typeof v === 'string') stack.push({ value: v, depth: depth + 1, path: `${path}[${i}]` });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return error('FW006', `the key "${key}" is not allowed (at ${keyPath})`, { path: keyPath });
      if (key.length > 256) return error('FW007', `a key of ${key.length} characters at ${path || 'top level'}`, { path });
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: keyPath });
    }
  }
  return null;
}
