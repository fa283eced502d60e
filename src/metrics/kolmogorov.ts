/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ, P(Dₙ ≥ x) — a
 * port of SciPy 1.10's `scipy.stats.kstwo.sf(x, n)` (`scipy/stats/_ksstats.py`, after Simard &
 * L'Ecuyer 2011), which `ks_2samp` uses on its asymptotic path with n = round(n₁n₂ / (n₁ + n₂)).
 * The method depends on n and t = n x, n x² (sf only):
 *
 * ```
 *  x ≥ 1 → 0 · x ≤ 0 → 1
 *  t ≤ 1        Ruben–Gambino: 1 − n! / nⁿ (2t − 1)ⁿ (Stirling's series for n > 140)
 *  t ≥ n − 1    2 (1 − x)ⁿ
 *  x ≥ 0.5      2 · smirnov(n, x)
 *  n ≤ 140      n x² ≤ 0.754693: Durbin matrix · ≤ 4: Pomeranz · else 2 · smirnov(n, x)
 *  n > 140      n x² ≥ 370: 0 · ≥ 2.2: 2 · smirnov(n, x) · n ≤ 1e5 and n x^1.5 ≤ 1.4: Durbin matrix
 *               · else Pelz–Good
 * ```
 *
 * @see Simard, R. & L'Ecuyer, P. (2011) Computing the two-sided Kolmogorov-Smirnov distribution. J. Stat. Softw. 39(11).
 */
import { kolmogorovCdfDurbin, kolmogorovCdfPelzGood, kolmogorovCdfPomeranz } from './kolmogorov-methods.js';
import { smirnovSf } from './smirnov.js';

const LOG_2PI = Math.log(2 * Math.PI);
/** SciPy's _STIRLING_COEFFS (Stirling's series for log(n!/nⁿ)), as the doubles they round to. */
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clip01 = (p: number): number => Math.min(Math.max(p, 0), 1);

function logNFactorialDivNPowN(n: number): number {
  const rn = 1.0 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * P(Dₙ ≥ x) for the two-sided one-sample KS statistic, as SciPy 1.10 `kstwo.sf(x, n)`.
 *
 * @param n - Sample size, an integer ≥ 1 (NaN otherwise, as SciPy).
 * @param x - The statistic.
 * @returns The p-value in [0, 1].
 * @example kolmogorovSf(1, 0.75) // 0.5
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(x)) return NaN;
  if (x >= 1.0) return 0;
  if (x <= 0.0) return 1;
  const t = n * x;
  if (t <= 1.0) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1.0 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1.0 - x) ** n);
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1.0 - kolmogorovCdfDurbin(n, x));
    if (nx2 <= 4) return clip01(1.0 - kolmogorovCdfPomeranz(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370.0) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip01(1.0 - cdf);
}
