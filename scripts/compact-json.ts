/**
 * The examples' JSON layout: two-space indentation like serializeDocument, but arrays of plain numbers or
 * strings written as wrapped runs (at most `width` columns) instead of one value per line, so a vocabulary or
 * a weight table stays readable and a retrained template's diff stays small.
 */

/** `value` as JSON in the examples' layout, with a final newline. */
export function compactJson(value: unknown, width = 118): string {
  return write(value, '', width) + '\n';
}

function isFlat(a: readonly unknown[]): boolean {
  return a.length > 0 && a.every((v) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null);
}

/** One line: `{"a": 1, "b": [2, 3]}`. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** `value` at a line starting with `indent` after `lead` characters (a key), one line when it fits. */
function write(value: unknown, indent: string, width: number, lead = 0): string {
  if (value !== null && typeof value === 'object') {
    const one = inline(value);
    if (indent.length + lead + one.length + 1 <= width) return one;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + '  ';
    if (isFlat(value)) {
      const items = value.map((v) => JSON.stringify(v));
      const lines: string[] = [];
      let line = '';
      for (const item of items) {
        const next = line === '' ? item : `${line}, ${item}`;
        if (line !== '' && inner.length + next.length + 1 > width) lines.push(line + ','), (line = item);
        else line = next;
      }
      lines.push(line);
      return `[\n${lines.map((l) => inner + l).join('\n')}\n${indent}]`;
    }
    return `[\n${value.map((v) => inner + write(v, inner, width)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, width, JSON.stringify(k).length + 2)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
