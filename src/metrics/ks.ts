/**
 * Two-sample Kolmogorov–Smirnov test (two-sided), as SciPy 1.10 `scipy.stats.ks_2samp(a, b,
 * method=…)`:
 *
 * ```
 *  a, b ──sort──▶ D = max |F_a(v) − F_b(v)| over the pooled values (ECDFs count values ≤ v)
 *   ├─ 'exact' (method 'auto' when max(n₁, n₂) ≤ 10000): D rounded to h / lcm(n₁, n₂);
 *   │     n₁ = n₂ → the reflection formula (_compute_prob_outside_square);
 *   │     otherwise the lattice-path recursion for 1 − p (Hodges 1958; Viehmann 2021);
 *   │     a p outside [0, 1] falls back to 'asymp' (as SciPy)
 *   └─ 'asymp': p = kstwo.sf(D, round(n₁n₂ / (n₁ + n₂))) — see kolmogorov.ts
 * ```
 *
 * Matches SciPy's statistic, p-value (to ~1e-12 relative on the exact path; see
 * test/metrics/drift.test.ts for the asymptotic path's tolerance), `statistic_location` and
 * `statistic_sign`. No sample weights (SciPy 1.10 has none).
 *
 * @see Hodges, J. L. (1958) The significance probability of the Smirnov two-sample test. Arkiv för Matematik 3(5).
 */
import { kolmogorovSf } from './kolmogorov.js';
import { checkFinite, checkNonEmpty, type Values } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** What {@link ksStatistic} returns. */
export interface KsResult {
  /** D = sup |F_a − F_b| in [0, 1] (on the exact path, rounded to a multiple of 1 / lcm(n₁, n₂) as SciPy). */
  statistic: number;
  /** Two-sided p-value of "a and b come from one continuous distribution". */
  pValue: number;
  /** The path taken. */
  method: 'exact' | 'asymp';
  /** The pooled value where D is attained (SciPy's `statistic_location`). */
  location: number;
  /** +1 when F_a − F_b attains D there (a's ECDF above), −1 when F_b − F_a does. */
  sign: 1 | -1;
}

/** Options of {@link ksStatistic}. */
export interface KsOptions {
  /** `'auto'` (default: exact when max(n₁, n₂) ≤ 10000), `'exact'` or `'asymp'`. */
  method?: 'auto' | 'exact' | 'asymp';
}

/** `np.round`: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Two-sample KS statistic and p-value.
 *
 * @param a - First sample, finite values, `(n₁,)`, n₁ ≥ 1.
 * @param b - Second sample, finite values, `(n₂,)`, n₂ ≥ 1.
 * @param options - method: 'auto' (default), 'exact', 'asymp'.
 * @throws SchemaError on an empty sample or a non-finite value (naming its index).
 * @throws ParameterError on an unknown method.
 * @example ksStatistic([1, 2, 3], [2, 3, 4, 5]) // { statistic: 0.5, pValue: 0.6571428571428571, method: 'exact', location: 3, sign: 1 }
 */
export function ksStatistic(a: Values, b: Values, options: KsOptions = {}): KsResult {
  const what = 'ksStatistic';
  const { method = 'auto' } = options;
  if (method !== 'auto' && method !== 'exact' && method !== 'asymp') {
    throw new ParameterError(`${what}: method must be 'auto', 'exact' or 'asymp', got ${String(method)}`);
  }
  checkNonEmpty(what, 'a', a);
  checkNonEmpty(what, 'b', b);
  checkFinite(what, 'a', a);
  checkFinite(what, 'b', b);
  const s1 = Float64Array.from(a).sort();
  const s2 = Float64Array.from(b).sort();
  const n1 = s1.length;
  const n2 = s2.length;
  // cdf1 − cdf2 at every pooled value, in SciPy's order (sorted a, then sorted b): first extremes win.
  let maxS = -Infinity;
  let minDiff = Infinity;
  let locMax = NaN;
  let locMin = NaN;
  for (const [own, other, ownIsA] of [
    [s1, s2, true],
    [s2, s1, false],
  ] as const) {
    let j = 0;
    let i = 0;
    while (i < own.length) {
      const v = own[i];
      let e = i + 1;
      while (e < own.length && own[e] === v) e++;
      while (j < other.length && other[j] <= v) j++;
      const diff = ownIsA ? e / n1 - j / n2 : j / n1 - e / n2;
      if (diff > maxS) [maxS, locMax] = [diff, v];
      if (diff < minDiff) [minDiff, locMin] = [diff, v];
      i = e;
    }
  }
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  let d = maxS;
  let location = locMax;
  let sign: 1 | -1 = 1;
  if (minS > maxS) [d, location, sign] = [minS, locMin, -1];

  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;
  let mode: 'exact' | 'asymp' = method === 'auto' ? (Math.max(n1, n2) <= 10000 ? 'exact' : 'asymp') : method;
  if (method === 'exact' && n1g >= 2147483647 / n2g) mode = 'asymp';
  let prob = NaN;
  if (mode === 'exact') {
    const lcm = n1g * n2;
    const h = roundHalfEven(d * lcm);
    d = (h * 1.0) / lcm;
    if (h === 0) prob = 1.0;
    else prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (!(prob >= 0 && prob <= 1)) mode = 'asymp';
  }
  if (mode === 'asymp') {
    const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
    const en = (m * n) / (m + n);
    prob = kolmogorovSf(roundHalfEven(en), d);
  }
  return { statistic: d, pValue: Math.min(Math.max(prob, 0), 1), method: mode, location, sign };
}

/**
 * P(D_{n,n} ≥ h/n) for two samples of equal size n, as SciPy's `_compute_prob_outside_square(n, h)`:
 * 2 Σ (−1)^{k−1} C(2n, n − k h) / C(2n, n), evaluated Horner-style without cancellation.
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0.0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1.0;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1.0 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * The share of lattice paths from (0, 0) to (m, n) leaving the band |x/m − y/n| < h / lcm(m, n),
 * as SciPy's `_compute_outer_prob_inside_method(m, n, g, h)` (the recursion for 1 − p of Viehmann 2021).
 */
export function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 < n0 ? [n0, m0] : [m0, n0];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1.0;
    let val = minj === 0 ? 0.0 : 1.0;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}
