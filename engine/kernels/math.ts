/**
 * Scalar math the JS runtime lacks. `erf` is accurate to ~1e-15 absolute in float64 (well inside
 * the 1e-7 the Erf kernel needs before rounding to float32).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const ONE_OVER_SQRT_PI = 0.5641895835477563; // 1/√π

/** Below this |x| the power series is used (≤ 31 terms); above it the continued fraction for erfc. */
const SERIES_LIMIT = 2;
/** erfc(6) ≈ 2e-17: beyond this erf is ±1 in float64. */
const SATURATION = 6;
/** Depth of the erfc continued fraction: at x = 2 the truncation error is ~2e-16. */
const FRACTION_DEPTH = 40;
/** 2 / (2n + 1), the series' term ratio without x². */
const RATIOS = Float64Array.from({ length: 64 }, (_, n) => 2 / (2 * n + 1));

/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, odd, with erf(±∞) = ±1 and erf(NaN) = NaN.
 *
 * For |x| < 2 it sums the series erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)),
 * whose terms are all positive (no cancellation). For larger |x| it evaluates the classic
 * continued fraction erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))) bottom-up and
 * returns 1 − erfc(x); erfc is tiny there, so the subtraction loses nothing.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < SERIES_LIMIT) return erfSeries(x);
  if (ax >= SATURATION) return x > 0 ? 1 : -1;
  const r = 1 - erfcFraction(ax);
  return x > 0 ? r : -r;
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < RATIOS.length; n++) {
    term *= x2 * RATIOS[n]!;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ SERIES_LIMIT. */
function erfcFraction(x: number): number {
  let f = x;
  for (let k = FRACTION_DEPTH; k >= 1; k--) f = x + k / 2 / f;
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}
