/**
 * The one-sided Kolmogorov–Smirnov survival function P(D⁺ₙ ≥ x), a port of SciPy 1.10's
 * `scipy.special.smirnov` (cephes/kolmogorov.c by P. van Mulbregt): the Birnbaum–Tingey sum
 *
 *   P(D⁺ₙ ≥ x) = x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}
 *
 * evaluated in double-double arithmetic with the powers and binomials kept as (mantissa, exponent)
 * pairs, so terms far below 1e-308 still add up. The two-sided p-value of `ksStatistic` on its
 * asymptotic path uses 2 · smirnov(n, x) in the tail.
 *
 * @see van Mulbregt, P. (2018) Computing the cumulative distribution function and quantiles of the one-sided Kolmogorov-Smirnov statistic. arXiv:1802.06966.
 */
import {
  DD_ONE,
  DD_ZERO,
  dd,
  ddAdd,
  ddAddD,
  ddDiv,
  ddFloor,
  ddFrexp,
  ddLdexp,
  ddMul,
  ddMulD,
  ddSub,
  twoProd,
  twoSum,
  type DD,
} from './double-double.js';

const MINLOG = -708.3964185322641; // cephes MINLOG = log(2^-1022)
const MAX_COMPUTE_N = 1000000;
const MAX_EXPONENT = 960;

function powD(a: DD, m: number): DD {
  if (m <= 0) return m === 0 ? DD_ONE : ddDiv(DD_ONE, powD(a, -m));
  if (a.hi === 0) return DD_ZERO;
  const ans = Math.pow(a.hi, m);
  const r = a.lo / a.hi;
  let adj = m * r;
  if (Math.abs(adj) > 1e-8) {
    if (Math.abs(adj) < 1e-4) adj += m * r * (((m - 1) / 2.0) * r);
    else adj = Math.expm1(m * Math.log1p(r));
  }
  return twoSum(ans, ans * adj);
}

function nextPowerOf2(x: number): number {
  const q = x * 2 ** -52;
  let L = Math.abs(q + x);
  if (L === 0) L = Math.abs(x);
  else if (Math.trunc(L) === L) L = Math.trunc(L);
  return L;
}

/** a^m as (mantissa, exponent): a^m = mantissa · 2^exponent. */
function pow2Scaled(a: DD, m: number): [DD, number] {
  if (m <= 0) {
    if (m === 0) return [DD_ONE, 0];
    const [inv, e1] = pow2Scaled(a, -m);
    const [ans, e2] = ddFrexp(ddDiv(DD_ONE, inv));
    return [ans, -e1 + e2];
  }
  const [y, yE] = ddFrexp(a);
  if (m === 1) return [y, yE];
  let maxExpt = MAX_EXPONENT;
  if ((m * (y.hi - 1)) / y.hi < -MAX_EXPONENT * Math.LN2) {
    const lg2y = Math.log(y.hi) / Math.LN2;
    if (m * lg2y <= -MAX_EXPONENT) maxExpt = Math.trunc(nextPowerOf2(-MAX_EXPONENT / lg2y + 1) / 2);
  }
  if (m <= maxExpt) {
    const [ans, ansE] = ddFrexp(powD(y, m));
    return [ans, ansE + m * yE];
  }
  const q = Math.trunc(m / maxExpt);
  const r = m % maxExpt;
  const [y2r, y2rE] = pow2Scaled(y, r);
  const [y2m, y2mE] = pow2Scaled(y, maxExpt);
  const [y2mq, y2mqE0] = pow2Scaled(y2m, q);
  const [ans, ansE] = ddFrexp(ddMul(y2r, y2mq));
  return [ans, ansE + (y2mqE0 + y2mE * q) + y2rE + m * yE];
}

/** ((a + b) / (c + d))^m in double-double. */
function pow4(a: number, b: number, c: number, d: number, m: number): DD {
  if (m <= 0) return m === 0 ? DD_ONE : pow4(c, d, a, b, -m);
  const A = twoSum(a, b);
  const C = twoSum(c, d);
  if (A.hi === 0) return C.hi === 0 ? dd(NaN) : DD_ZERO;
  if (C.hi === 0) return dd(A.hi < 0 ? -Infinity : Infinity);
  return powD(ddDiv(A, C), m);
}

const ddDivDD = (a: number, b: number): DD => ddDiv(dd(a), dd(b));

/**
 * P(D⁺ₙ ≥ x) for the one-sided KS statistic of n observations, as `scipy.special.smirnov(n, x)`.
 *
 * @param n - Sample size, integer ≥ 1.
 * @param x - Statistic in [0, 1].
 * @returns The survival probability in [0, 1]; NaN for n < 1 or x outside [0, 1].
 * @example smirnovSf(1, 0.3) // 0.7
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nxD = twoProd(n, x);
  const nxFloorD = ddFloor(nxD);
  let alpha = ddSub(nxD, nxFloorD).hi;
  let nxfl = Math.trunc(nxFloorD.hi);
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = powD(twoSum(1, x), n - 1).hi;
    return 1 - x * t;
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return powD(twoSum(1, -x), n).hi;
  if (n > MAX_COMPUTE_N) {
    const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp);
  }
  const nUpperTerms = n - n1mxceil + 1;
  const useUpper = (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n));
  let start = 0;
  let step = 1;
  let nTerms = n1mxfl + 1;
  let Aj: DD;
  if (useUpper) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    Aj = pow4(1, x, 1, 0, n - 1);
  } else {
    Aj = ddDiv(pow4(1, -x, 1, 0, n), dd(x));
  }
  let sum = ddAdd(DD_ZERO, Aj);
  let [cMan, cExp] = updateBinomial(DD_ONE, 0, n, 0);
  const vmid = Math.trunc(n / 2);
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    const [t2, t2E] = pow2Scaled(ddAddD(ddDivDD(n - v, n), -x), n - v);
    const [t1, t1E] = pow2Scaled(ddAddD(ddDivDD(v, n), x), v - 1);
    Aj = ddLdexp(ddMul(ddMul(t1, t2), cMan), cExp + t1E + t2E);
    if (Number.isFinite(Aj.hi) && Aj.hi !== 0) sum = ddAdd(sum, Aj);
    if (Aj.hi !== 0) {
      if (4 * (nTerms - j) * Math.abs(Aj.hi) < Number.EPSILON * sum.hi && j !== nTerms - 1) break;
    } else if (j > vmid) break;
    [cMan, cExp] = updateBinomial(cMan, cExp, n, j);
  }
  const prob = ddMulD(sum, x).hi;
  const sf = step < 0 ? 1 - prob : prob;
  return Math.min(Math.max(sf, 0), 1);
}

/** C(n, j+1) from C(n, j) = cMan · 2^cExp, renormalised. */
function updateBinomial(cMan: DD, cExp: number, n: number, j: number): [DD, number] {
  const [man, e] = ddFrexp(ddMul(cMan, ddDivDD(n - j, j + 1.0)));
  return [man, cExp + e];
}
