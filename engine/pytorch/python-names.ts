/**
 * Python spellings: identifiers from Formwork names, float32 literals that round-trip exactly, and
 * attribute paths to a module's parameters (`self.attn.W_q`, or `self.get_parameter("layers.0.W")`
 * when a segment is not an identifier).
 */

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self torch nn'.split(' '),
);

/** A Python identifier for `name` (`layers.0.attn:q` → `layers_0_attn_q`). */
export function pythonIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'v';
  if (/^[0-9]/.test(id)) id = `v_${id}`;
  return KEYWORDS.has(id) ? `${id}_` : id;
}

/** True when `segment` can follow a dot in Python. */
export function isIdentifier(segment: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment) && !KEYWORDS.has(segment);
}

/** `self.attn.W_q` for the parameter `attn.W_q` of `self`. */
export function parameterPath(relativeName: string): string {
  const parts = relativeName.split('.');
  return parts.every(isIdentifier) ? `self.${parts.join('.')}` : `self.get_parameter(${JSON.stringify(relativeName)})`;
}

/** A float32 value as a Python float literal that converts back to the same float32. */
export function floatLiteral(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : 'float("-inf")';
  const text = String(Math.fround(value));
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Makes names unique within one Python scope. */
export class NameScope {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  /** `base`, or `base_2`, `base_3` … if taken. */
  claim(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}
