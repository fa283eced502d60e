/**
 * Triple-barrier label (López de Prado, Advances in Financial Machine Learning, 2018, ch. 3).
 *
 * ```
 *  σ_t         daily volatility from rows ≤ t (daily-volatility.ts: EWM std, span volSpan = 100)
 *  upper_t     r ≥ +ptSl[0] × σ_t      (profit-taking; ptSl[0] = 0 disables it)
 *  lower_t     r ≤ −ptSl[1] × σ_t      (stop-loss;     ptSl[1] = 0 disables it)
 *  vertical    row t + h                (h = 10 rows)
 *  scan j = t+1 … t+h with r_j = close_j / close_t − 1; the first j touching upper → label +1, lower → −1;
 *  neither → the vertical barrier: label 0 (verticalLabel 'zero', default) or sign(r_{t+h}) ('sign')
 *  tb_label ∈ {−1, 0, 1};  tb_binary = 1 if tb_label = 1 else 0;  tb_return = r at the touch;
 *  t1 = date of the touch (date_{t+h} at the vertical barrier);  horizon h
 * ```
 * The barrier logic is the book's snippet 3.2 `applyPtSlOnT1` with snippet 3.3 `getEvents` (every row an
 * event, side +1, minRet): barriers compared in return space exactly as the book does (`close_j / close_t −
 * 1` against `ptSl × trgt`, so prices are compared with the same rounding), t1 the earliest of the touches
 * and the vertical barrier, and a path that runs past the data's end still labelled when a horizontal
 * barrier is touched before the end (the book's `fillna(close.index[-1])`). `verticalLabel: 'sign'` is the
 * book's snippet 3.5 `getBins` (bin = sign of the return at t1); `'zero'` is the other choice the book's
 * §3.4 offers for a vertical touch (its author prefers the sign), and our default, so that "no barrier
 * hit" is a class of its own.
 * `tb_binary` is the meta-labeling form of snippet 3.7 for a long side: with 'sign' it equals the book's
 * `bin = 1 if ret > 0 else 0`; with 'zero' it is 1 exactly when the profit-taking barrier is hit first.
 *
 * Departures from the book, all stated: (1) σ_t from one-row returns, not `getDailyVol`'s calendar-day
 * alignment (see daily-volatility.ts; pass `vol` to use any target, e.g. the book's); (2) the vertical
 * barrier is h rows, not `numDays` calendar days (snippet 3.4); (3) a touch is `≥` / `≤` where the
 * book's `applyPtSlOnT1` uses strict `>` / `<` — they differ only when a return equals a barrier exactly,
 * which never happens on the fixture's real closes (the generator counts ties: 0); (4) `ptSl` is the pair
 * `applyPtSlOnT1` takes (getEvents without a side makes it symmetric).
 * test/fixtures/labels checks every row against the book's code run on our σ and on the book's own σ.
 *
 * NaN policy: all outputs and t1 are NaN where σ_t is NaN or ≤ minRet (getEvents drops those events;
 * σ is NaN on the first two rows), where close_t is NaN, and where neither horizontal barrier is touched
 * and the vertical barrier is past the data's end (not yet known) or its close is NaN. A NaN close inside
 * the path touches nothing (as in pandas, where `NaN > x` is False).
 */
import { checkPeriod } from '../features/rolling.js';
import type { LabelDefinition } from '../features/types.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import { dailyVolatility } from './daily-volatility.js';
import { t1AtIndex } from './t1.js';

/** Parameters of {@link tripleBarrier} and {@link tripleBarrierLabel}. */
export interface TripleBarrierParams {
  /** Vertical barrier: rows ahead (trading days), integer ≥ 1. Default 10. */
  h: number;
  /** Profit-taking and stop-loss widths as multiples of σ_t, each finite ≥ 0 (0 disables). Default [1, 1]. */
  ptSl: readonly [number, number];
  /** EWM span of σ_t in rows, integer ≥ 2. Default 100 (AFML's `span0`). */
  volSpan: number;
  /** pandas `min_periods` of σ_t's EWM, integer ≥ 0. Default 0 (σ from the second return on). */
  volMinPeriods: number;
  /** Rows whose σ_t ≤ minRet are not labelled (AFML's getEvents `minRet`), finite ≥ 0. Default 0. */
  minRet: number;
  /** Label of a vertical-barrier touch: 0 (`'zero'`, default) or the sign of the return (`'sign'`, AFML's getBins). */
  verticalLabel: 'zero' | 'sign';
}

/** The outputs of {@link tripleBarrier}, each `(nObs,)`; NaN (−1 for `end`) where the label is unknown. */
export interface TripleBarrierResult {
  /** −1 (stop-loss first), 0 (vertical, 'zero') or sign of the return (vertical, 'sign'), +1 (profit-taking first). */
  label: Float64Array;
  /** 1 where `label` is 1, else 0. */
  binary: Float64Array;
  /** close_{end} / close_t − 1, fraction. */
  ret: Float64Array;
  /** Row index of the first touch (t1's row); −1 where unknown. */
  end: Int32Array;
}

const DEFAULTS: TripleBarrierParams = {
  h: 10,
  ptSl: [1, 1],
  volSpan: 100,
  volMinPeriods: 0,
  minRet: 0,
  verticalLabel: 'zero',
};

function validate(p: TripleBarrierParams): void {
  const what = 'tripleBarrier';
  checkPeriod(what, 'h', p.h);
  const ptSl = p.ptSl as unknown;
  if (
    !Array.isArray(ptSl) ||
    ptSl.length !== 2 ||
    !ptSl.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)
  )
    throw new ParameterError(`${what}: ptSl must be two finite multiples ≥ 0, got ${JSON.stringify(ptSl)}`);
  checkPeriod(what, 'volSpan', p.volSpan, 2);
  checkPeriod(what, 'volMinPeriods', p.volMinPeriods, 0);
  if (!(Number.isFinite(p.minRet) && p.minRet >= 0))
    throw new ParameterError(`${what}: minRet must be a finite number ≥ 0, got ${String(p.minRet)}`);
  if (p.verticalLabel !== 'zero' && p.verticalLabel !== 'sign')
    throw new ParameterError(
      `${what}: verticalLabel must be 'zero' or 'sign', got ${JSON.stringify(p.verticalLabel)}`,
    );
}

/**
 * Triple-barrier labels of every row (module docs for the exact rule and its relation to AFML).
 *
 * @param close - Closes, `(nObs,)`.
 * @param params - {@link TripleBarrierParams}; missing fields take the defaults.
 * @param vol - The barrier width σ per row, `(nObs,)` (AFML's `trgt`); default `dailyVolatility(close,
 *   volSpan, volMinPeriods)`. Row t must only depend on rows ≤ t for the label to be leak-free.
 * @returns {@link TripleBarrierResult}.
 * @throws ParameterError (RangeError) for a bad parameter, echoing it; SchemaError when `vol` has another length.
 * @see López de Prado (2018), AFML snippets 3.1–3.5 and 3.7.
 * @example tripleBarrier(Float64Array.of(100, 103, 97, 98, 99), { h: 2 }, new Float64Array(5).fill(0.02)).label // [1, -1, 1, NaN, NaN]
 */
export function tripleBarrier(
  close: Float64Array,
  params: Partial<TripleBarrierParams> = {},
  vol?: Float64Array,
): TripleBarrierResult {
  const p = { ...DEFAULTS, ...params };
  validate(p);
  const n = close.length;
  if (vol && vol.length !== n)
    throw new SchemaError(`tripleBarrier: vol must have the length of close (${n}), got ${vol.length}`);
  const sigma = vol ?? dailyVolatility(close, p.volSpan, p.volMinPeriods);
  const label = new Float64Array(n).fill(NaN);
  const binary = new Float64Array(n).fill(NaN);
  const ret = new Float64Array(n).fill(NaN);
  const end = new Int32Array(n).fill(-1);
  const [pt, sl] = p.ptSl;
  const sign = p.verticalLabel === 'sign';
  for (let t = 0; t < n; t++) {
    const c0 = close[t];
    const s = sigma[t];
    if (!(s > p.minRet) || Number.isNaN(c0)) continue;
    // As in applyPtSlOnT1: NaN disables a barrier (every comparison with NaN is false).
    const up = pt > 0 ? pt * s : NaN;
    const lo = sl > 0 ? -(sl * s) : NaN;
    const last = Math.min(t + p.h, n - 1);
    let j = t + 1;
    let y = NaN;
    for (; j <= last; j++) {
      const r = close[j] / c0 - 1;
      if (r >= up) y = 1;
      else if (r <= lo) y = -1;
      else continue;
      ret[t] = r;
      break;
    }
    if (Number.isNaN(y)) {
      if (t + p.h > n - 1) continue; // vertical barrier beyond the data: not known yet
      j = t + p.h;
      const r = close[j] / c0 - 1;
      if (Number.isNaN(r)) continue;
      ret[t] = r;
      y = sign ? Math.sign(r) : 0;
    }
    label[t] = y;
    binary[t] = y === 1 ? 1 : 0;
    end[t] = j;
  }
  return { label, binary, ret, end };
}

/**
 * `tb_label`, `tb_binary`, `tb_return`: the triple-barrier label, its binary form and the return at
 * the first touch; t1 = the touch's date. Horizon h (the vertical barrier).
 */
export const tripleBarrierLabel: LabelDefinition<TripleBarrierParams> = {
  name: 'triple_barrier',
  description:
    'triple barrier (AFML ch. 3): ±ptSl × EWM daily vol around close_t, vertical barrier after h rows; t1 = first touch',
  defaults: DEFAULTS,
  validate,
  outputs: () => ['tb_label', 'tb_binary', 'tb_return'],
  horizon: (p) => p.h,
  compute(series, p) {
    const r = tripleBarrier(series.close, p);
    return { values: [r.label, r.binary, r.ret], t1: t1AtIndex(series.date, r.end) };
  },
};
