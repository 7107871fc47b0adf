/**
 * Number formatting for counts shown in the UI.
 */

/** `28256` → `28.3 k`, `1.2e9` → `1.20 G`. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units = ['k', 'M', 'G', 'T', 'P'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}
