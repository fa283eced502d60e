/**
 * The evaluation metrics early stopping watches — weighted, private to the booster (the public metrics
 * live in src/metrics). NaN policy: a NaN score makes the metric NaN, never silently skipped.
 *
 * ```
 *  logloss = −Σ w [y log p + (1 − y) log(1 − p)] / Σ w,   p clipped to [1e-15, 1 − 1e-15]   (lower is better)
 *  auc     = P(score⁺ > score⁻) + ½ P(score⁺ = score⁻), weighted (Mann–Whitney)            (higher is better)
 *  rmse    = √(Σ w (ŷ − y)² / Σ w)                                                          (lower is better)
 * ```
 */

/** A metric early stopping can watch. */
export type EvalMetric = 'logloss' | 'auc' | 'rmse';

/** Whether larger values of the metric are better. */
export function higherIsBetter(metric: EvalMetric): boolean {
  return metric === 'auc';
}

const EPS = 1e-15;

/**
 * Weighted mean log loss of probabilities `p` for 0/1 labels `y`.
 *
 * @example logloss(Float64Array.of(1, 0), Float64Array.of(0.5, 0.5)) // Math.LN2
 */
export function logloss(y: Float64Array, p: ArrayLike<number>, w?: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], EPS), 1 - EPS);
    const wi = w === undefined ? 1 : w[i];
    s -= wi * (y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
    sw += wi;
  }
  return s / sw;
}

/**
 * Weighted root mean squared error.
 *
 * @example rmse(Float64Array.of(1, 3), Float64Array.of(2, 2)) // 1
 */
export function rmse(y: Float64Array, pred: ArrayLike<number>, w?: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const d = pred[i] - y[i];
    const wi = w === undefined ? 1 : w[i];
    s += wi * d * d;
    sw += wi;
  }
  return Math.sqrt(s / sw);
}

/** Row order by ascending score. Float32 scores and < 2^21 rows: one numeric sort of packed keys. */
function ascendingOrder(score: ArrayLike<number>): Int32Array {
  const n = score.length;
  const order = new Int32Array(n);
  let f32 = n < 1 << 21;
  for (let i = 0; i < n && f32; i++) f32 = Math.fround(score[i]) === score[i];
  if (f32) {
    const fa = new Float32Array(1);
    const ua = new Uint32Array(fa.buffer);
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fa[0] = score[i] === 0 ? 0 : score[i]; // −0 and +0 tie
      const u = ua[0];
      const k = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0; // order-preserving uint32
      keys[i] = k * 2097152 + i;
    }
    keys.sort();
    for (let i = 0; i < n; i++) order[i] = keys[i] % 2097152;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => score[a] - score[b]);
}

/**
 * Weighted ROC AUC of scores for 0/1 labels; ties count one half. NaN when a class is absent or a
 * score is NaN.
 *
 * @example auc(Float64Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8)) // 0.75
 */
export function auc(y: Float64Array, score: ArrayLike<number>, w?: Float64Array): number {
  const n = y.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(score[i])) return NaN;
  const order = ascendingOrder(score);
  let neg = 0; // weight of negatives with a lower score
  let pos = 0;
  let area = 0;
  for (let a = 0; a < n;) {
    let b = a;
    let gp = 0;
    let gn = 0;
    const s = score[order[a]];
    while (b < n && score[order[b]] === s) {
      const r = order[b];
      const wi = w === undefined ? 1 : w[r];
      if (y[r] === 1) gp += wi;
      else gn += wi;
      b++;
    }
    area += gp * (neg + gn / 2);
    neg += gn;
    pos += gp;
    a = b;
  }
  return pos > 0 && neg > 0 ? area / (pos * neg) : NaN;
}

/**
 * The metric of margins `margin` against `y`: logloss and auc on the logistic scale (auc from the
 * margins directly, it is rank-based), rmse on the identity scale.
 */
export function evaluate(
  metric: EvalMetric,
  y: Float64Array,
  margin: Float32Array,
  logistic: boolean,
  w?: Float64Array,
): number {
  if (metric === 'auc') return auc(y, margin, w);
  const pred = logistic ? Float64Array.from(margin, (m) => 1 / (1 + Math.exp(-m))) : margin;
  return metric === 'logloss' ? logloss(y, pred, w) : rmse(y, pred, w);
}
