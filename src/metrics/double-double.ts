/**
 * Double-double arithmetic (an unevaluated sum hi + lo of two doubles, ~106 bits), the subset that
 * {@link smirnovSf} needs. Same algorithms as the QD library by Hida, Li & Bailey, which SciPy's
 * cephes `dd_real` uses: error-free two-sum and two-product (Dekker's split, no FMA), IEEE-style
 * addition and accurate division.
 *
 * @see Hida, Y., Li, X. S. & Bailey, D. H. (2001) Algorithms for quad-double precision floating point arithmetic. ARITH-15.
 */

/** hi + lo with |lo| ≤ ½ ulp(hi). */
export interface DD {
  hi: number;
  lo: number;
}

export const dd = (hi: number, lo = 0): DD => ({ hi, lo });
export const DD_ZERO: DD = dd(0);
export const DD_ONE: DD = dd(1);

const SPLITTER = 134217729; // 2^27 + 1
const SPLIT_THRESH = 6.69692879491417e299;

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return dd(s, b - (s - a));
}

/** a + b exactly. */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return dd(s, a - (s - bb) + (b - bb));
}

function split(a: number): [number, number] {
  if (a > SPLIT_THRESH || a < -SPLIT_THRESH) {
    const s = a * 3.7252902984619140625e-9; // 2^-28
    const t = SPLITTER * s;
    const hi = t - (t - s);
    return [hi * 268435456, (s - hi) * 268435456];
  }
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

/** a · b exactly. */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return dd(p, ah * bh - p + ah * bl + al * bh + al * bl);
}

/** a + b (IEEE-style error bound, Briggs & Kahan). */
export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = quickTwoSum(s.hi, s.lo + t.hi);
  return quickTwoSum(u.hi, u.lo + t.lo);
}

export const ddNeg = (a: DD): DD => dd(-a.hi, -a.lo);
export const ddSub = (a: DD, b: DD): DD => ddAdd(a, ddNeg(b));

/** a + b for a double-double a and a double b. */
export function ddAddD(a: DD, b: number): DD {
  const s = twoSum(a.hi, b);
  return quickTwoSum(s.hi, s.lo + a.lo);
}

/** a − b for a double a and a double-double b. */
export function dSubDD(a: number, b: DD): DD {
  const s = twoSum(a, -b.hi);
  return quickTwoSum(s.hi, s.lo - b.lo);
}

export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/** a · b for a double-double a and a double b. */
export function ddMulD(a: DD, b: number): DD {
  const p1 = twoProd(a.hi, b);
  const p2 = twoProd(a.lo, b);
  return quickTwoSum(p1.hi, p2.lo + p2.hi + p1.lo);
}

/** a / b, QD's accurate division. */
export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = ddSub(a, ddMulD(b, q1));
  const q2 = r.hi / b.hi;
  r = ddSub(r, ddMulD(b, q2));
  const q3 = r.hi / b.hi;
  return ddAddD(quickTwoSum(q1, q2), q3);
}

export function ddFloor(a: DD): DD {
  const hi = Math.floor(a.hi);
  if (hi !== a.hi) return dd(hi);
  return quickTwoSum(hi, Math.floor(a.lo));
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

/** 2^k for an integer k in [−1022, 1023], built from its bits. */
function pow2(k: number): number {
  u32[HI] = (k + 1023) << 20;
  u32[1 - HI] = 0;
  return f64[0];
}

/** x · 2^e (C's ldexp), exact unless the result under- or overflows. */
export function ldexp(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  let r = x;
  let k = e;
  while (k > 1023) {
    r *= 8.98846567431158e307; // 2^1023
    k -= 1023;
    if (!Number.isFinite(r)) return r;
  }
  while (k < -1022) {
    r *= 2.2250738585072014e-308; // 2^-1022
    k += 1022;
    if (r === 0) return r;
  }
  return r * pow2(k);
}

/** C's frexp: [m, e] with x = m · 2^e and 0.5 ≤ |m| < 1 (m = x for 0, ±∞, NaN). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let shift = 0;
  f64[0] = x;
  if (((u32[HI] >>> 20) & 0x7ff) === 0) {
    f64[0] = x * 2 ** 54; // subnormal: normalise first
    shift = -54;
  }
  const e = ((u32[HI] >>> 20) & 0x7ff) - 1022;
  u32[HI] = (u32[HI] & 0x800fffff) | (1022 << 20);
  return [f64[0], e + shift];
}

/** dd_frexp: mantissa with 0.5 ≤ |hi| < 1 (or |hi| = 1 with lo of opposite sign) and exponent. */
export function ddFrexp(a: DD): [DD, number] {
  let [man, e] = frexp(a.hi);
  let b1 = ldexp(a.lo, -e);
  if (Math.abs(man) === 0.5 && man * b1 < 0) {
    man *= 2;
    b1 *= 2;
    e -= 1;
  }
  return [dd(man, b1), e];
}

export const ddLdexp = (a: DD, e: number): DD => dd(ldexp(a.hi, e), ldexp(a.lo, e));
