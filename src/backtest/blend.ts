/**
 * Score blending, three ways, each with the same missing-data rule: when the ML score is missing
 * (NaN), the base (rules / traditional) score stands alone; when the base is missing, the result is NaN.
 *
 * - two-track (seed 000): combined = 0.6 × rules + 0.4 × ML on one 0–100 scale, with each contribution;
 * - ratio blend (seed 001): final = (1 − r) × base + r × ML, with a predicted return mapped to [0, 1]
 *   by {@link mapReturnToScore} (−10 % → 0, 0 → 0.5, +10 % → 1, clipped) — swept over r in blend-sweep.ts;
 * - rank blend (seed 003): (1 − w) × traditional rank + w × ML rank, per-date percentile ranks in [0, 1].
 *
 * Inputs are `(n,)` arrays; none is modified.
 */
import { crossSectionalRank, dateGroups } from '../features/cross-section.js';
import { SchemaError } from '../util/errors.js';
import { checkInRange } from './validate.js';

function checkLengths(
  what: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  names: [string, string],
): void {
  if (a.length !== b.length)
    throw new SchemaError(
      `${what}: ${names[0]} and ${names[1]} must have the same length, got ${a.length} and ${b.length}`,
    );
}

/** What {@link twoTrackScore} returns, each `(n,)`. */
export interface TwoTrackScore {
  /** rulesContribution + mlContribution. */
  score: Float64Array;
  /** rulesWeight × rules, or the rules score itself where ML is missing. */
  rulesContribution: Float64Array;
  /** (1 − rulesWeight) × ML, 0 where ML is missing. */
  mlContribution: Float64Array;
  /** 1 where the ML score was used. */
  usedMl: Uint8Array;
}

/**
 * Seed 000's two-track score: rulesWeight × rules + (1 − rulesWeight) × ML; rules alone where ML is missing.
 *
 * @param rules - Rules score (0–100, e.g. from {@link rulesScore}), `(n,)`.
 * @param ml - ML score on the same scale (a probability × 100), `(n,)`; NaN = missing.
 * @param rulesWeight - In [0, 1]. Default 0.6.
 * @example twoTrackScore([50, 80], [100, NaN]).score // [70, 80]
 */
export function twoTrackScore(
  rules: ArrayLike<number>,
  ml: ArrayLike<number>,
  rulesWeight = 0.6,
): TwoTrackScore {
  const what = 'twoTrackScore';
  checkLengths(what, rules, ml, ['rules', 'ml']);
  checkInRange(what, 'rulesWeight', rulesWeight, 0, 1, true);
  const n = rules.length;
  const out: TwoTrackScore = {
    score: new Float64Array(n),
    rulesContribution: new Float64Array(n),
    mlContribution: new Float64Array(n),
    usedMl: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rules[i];
    const m = ml[i];
    if (Number.isNaN(m)) {
      out.rulesContribution[i] = r;
      out.score[i] = r;
    } else {
      out.rulesContribution[i] = rulesWeight * r;
      out.mlContribution[i] = (1 - rulesWeight) * m;
      out.score[i] = out.rulesContribution[i] + out.mlContribution[i];
      out.usedMl[i] = 1;
    }
  }
  return out;
}

/**
 * Maps a predicted return to a [0, 1] score (seed 001): clip(0.5 + r / (2 · span), 0, 1), so −span → 0,
 * 0 → 0.5, +span → 1. NaN stays NaN.
 *
 * @param span - Return mapped to 1, > 0. Default 0.10 (10 %).
 * @example mapReturnToScore([-0.1, 0, 0.05, 0.2]) // [0, 0.5, 0.75, 1]
 */
export function mapReturnToScore(predictedReturn: ArrayLike<number>, span = 0.1): Float64Array {
  checkInRange('mapReturnToScore', 'span', span, 0, Infinity);
  return Float64Array.from({ length: predictedReturn.length }, (_, i) =>
    Math.min(1, Math.max(0, 0.5 + predictedReturn[i] / (2 * span))),
  );
}

/**
 * (1 − ratio) × base + ratio × ml; base alone where ml is missing.
 * @example blendScores([0.2, 0.4], [0.8, NaN], 0.25) // [0.35, 0.4]
 */
export function blendScores(base: ArrayLike<number>, ml: ArrayLike<number>, ratio: number): Float64Array {
  checkLengths('blendScores', base, ml, ['base', 'ml']);
  checkInRange('blendScores', 'ratio', ratio, 0, 1, true);
  return Float64Array.from({ length: base.length }, (_, i) =>
    Number.isNaN(ml[i]) ? base[i] : (1 - ratio) * base[i] + ratio * ml[i],
  );
}

/**
 * The ratios 0, step, 2·step, …, 1 computed as i / m (no accumulated rounding): 21 points for 0.05.
 * @example blendRatios(0.25) // [0, 0.25, 0.5, 0.75, 1]
 */
export function blendRatios(step = 0.05): number[] {
  checkInRange('blendRatios', 'step', step, 0, 1);
  const m = Math.round(1 / step);
  if (Math.abs(m * step - 1) > 1e-9)
    throw new SchemaError(`blendRatios: step must divide 1 evenly, got ${step}`);
  return Array.from({ length: m + 1 }, (_, i) => i / m);
}

/**
 * Seed 003's rank blend: per-date percentile ranks (features/cross-section `crossSectionalRank`: ties
 * share their average rank, one value → 0.5), then (1 − w) × traditional rank + w × ML rank; the
 * traditional rank alone where ML is missing (ML ranks are taken among the rows that have one).
 *
 * @param dates - Date per row (epoch-ms), `(n,)`.
 * @param w - ML weight in [0, 1].
 * @example rankBlend([1, 1, 1], [10, 20, 30], [3, 2, 1], 0.5) // [0.5, 0.5, 0.5]
 */
export function rankBlend(
  dates: ArrayLike<number>,
  traditional: ArrayLike<number>,
  ml: ArrayLike<number>,
  w: number,
): Float64Array {
  const what = 'rankBlend';
  checkLengths(what, dates, traditional, ['dates', 'traditional']);
  checkLengths(what, dates, ml, ['dates', 'ml']);
  checkInRange(what, 'w', w, 0, 1, true);
  const groups = dateGroups(Float64Array.from(dates));
  const rt = crossSectionalRank(Float64Array.from(traditional), groups);
  const rm = crossSectionalRank(Float64Array.from(ml), groups);
  return Float64Array.from(rt, (r, i) => (Number.isNaN(rm[i]) ? r : (1 - w) * r + w * rm[i]));
}
