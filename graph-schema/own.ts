/**
 * Lookups by names that come from a file. Node ids, subgraph names, port names and weight names are
 * data: `toString`, `constructor` and `__proto__` are valid names, so a plain `record[name]` would find
 * Object.prototype members and `record[name] = v` could replace an object's prototype. These helpers
 * read and write own properties only.
 */

/** `record[key]` if `record` has it as an own property, else undefined. */
export function own<T>(record: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Defines `record[key] = value` as an own data property, even for `__proto__`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
