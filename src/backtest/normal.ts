/**
 * The standard normal CDF Φ(z) = ½ · erfc(−z / √2), with erfc from W. J. Cody's rational Chebyshev
 * approximations (relative error below 1e-15 over the real line) — the algorithm behind SciPy's and
 * R's `pnorm`-class routines.
 *
 * @see Cody, W. J. (1969) Rational Chebyshev approximations for the error function. Math. Comp. 23(107),
 *   631–637; Netlib SPECFUN `CALERF`.
 */

const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** e^(−y²) computed as e^(−ŷ²) · e^(−(y − ŷ)(y + ŷ)) with ŷ = y rounded down to 1/16, as CALERF does. */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/**
 * The complementary error function erfc(x) = 1 − erf(x).
 * @example erfc(0) // 1
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  let result: number;
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return 1 - (x * (num + A[3])) / (den + B[3]);
  } else if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    result = ((num + C[7]) / (den + D[7])) * expMinusSquare(y);
  } else if (y >= 26.543) {
    result = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    result = ((ONE_OVER_SQRT_PI - (ysq * (num + P[4])) / (den + Q[4])) / y) * expMinusSquare(y);
  }
  return x < 0 ? 2 - result : result;
}

/**
 * Standard normal cumulative distribution function.
 * @example normalCdf(1.959963984540054) // 0.975 (to 1e-15)
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
