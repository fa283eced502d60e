/**
 * A small rules engine (seed 000's rules track): weighted, named conditions on feature columns,
 * combined into a 0–100 score,
 *
 *     score = 100 × Σ_i w_i · [rule i holds] / Σ_i w_i
 *
 * so a row meeting every rule scores 100 and one meeting none scores 0. A rule on a NaN feature
 * does not hold (pandas' comparison semantics) and is counted in `missing`.
 *
 * Operators: `'>'`, `'>='`, `'<'`, `'<='` against `value`; `'between'` (lo ≤ x ≤ hi) and
 * `'outside'` (x < lo or x > hi) against `values: [lo, hi]`.
 *
 * @example
 * rulesScore({ rsi_14: [25, 50], vol_20: [0.04, 0.01] }, [
 *   { name: 'oversold', column: 'rsi_14', op: '<', value: 30, weight: 2 },
 *   { name: 'volatile', column: 'vol_20', op: '>', value: 0.03, weight: 1 },
 * ]).score // [100, 0]
 */
import { type TableInput, numbersOf } from './columns.js';
import { checkOneOf } from './validate.js';
import { ParameterError } from '../util/errors.js';

export type RuleOp = '>' | '>=' | '<' | '<=' | 'between' | 'outside';

/** One weighted condition on a feature column. */
export interface Rule {
  /** Unique name, used for the per-rule outputs. */
  name: string;
  /** Feature column. */
  column: string;
  op: RuleOp;
  /** Threshold of the comparison operators. */
  value?: number;
  /** [lo, hi] of 'between' / 'outside', lo ≤ hi. */
  values?: readonly [number, number];
  /** Weight > 0. */
  weight: number;
}

/** What {@link rulesScore} returns; arrays are `(nRows,)`. */
export interface RulesScore {
  /** 0–100. */
  score: Float64Array;
  /** Per rule: 1 where it holds. */
  fired: Record<string, Uint8Array>;
  /** Per rule: its points, 100 · w / Σw where it holds, else 0 (they sum to the score, up to rounding). */
  points: Record<string, Float64Array>;
  /** Per rule: rows where its feature is NaN. */
  missing: Record<string, number>;
}

const OPS: readonly RuleOp[] = ['>', '>=', '<', '<=', 'between', 'outside'];

function checkRules(what: string, rules: readonly Rule[]): void {
  const list: readonly Rule[] = rules;
  if (!Array.isArray(rules) || rules.length === 0)
    throw new ParameterError(`${what}: rules must be a non-empty array, got ${JSON.stringify(rules)}`);
  const names = new Set<string>();
  for (const r of list) {
    if (typeof r.name !== 'string' || r.name === '' || names.has(r.name))
      throw new ParameterError(
        `${what}: rule names must be unique non-empty strings, got ${JSON.stringify(r.name)}`,
      );
    names.add(r.name);
    checkOneOf(what, `rule ${r.name}: op`, r.op, OPS);
    if (!(Number.isFinite(r.weight) && r.weight > 0))
      throw new ParameterError(
        `${what}: rule ${r.name}: weight must be a finite number > 0, got ${String(r.weight)}`,
      );
    if (r.op === 'between' || r.op === 'outside') {
      const v = r.values;
      if (!v || v.length !== 2 || !(v[0] <= v[1]))
        throw new ParameterError(
          `${what}: rule ${r.name}: '${r.op}' needs values [lo, hi] with lo ≤ hi, got ${JSON.stringify(v)}`,
        );
    } else if (typeof r.value !== 'number' || Number.isNaN(r.value))
      throw new ParameterError(
        `${what}: rule ${r.name}: '${r.op}' needs a numeric value, got ${JSON.stringify(r.value)}`,
      );
  }
}

function holds(op: RuleOp, x: number, value: number, lo: number, hi: number): boolean {
  switch (op) {
    case '>':
      return x > value;
    case '>=':
      return x >= value;
    case '<':
      return x < value;
    case '<=':
      return x <= value;
    case 'between':
      return x >= lo && x <= hi;
    case 'outside':
      return x < lo || x > hi;
  }
}

/**
 * Scores rows by weighted rules.
 *
 * @param features - Table or columns holding every rule's column.
 * @throws ParameterError on a bad rule (echoing it); SchemaError on a missing column.
 */
export function rulesScore(features: TableInput, rules: readonly Rule[]): RulesScore {
  const what = 'rulesScore';
  checkRules(what, rules);
  const totalWeight = rules.reduce((a, r) => a + r.weight, 0);
  const columns = rules.map((r) => numbersOf(features, r.column, what));
  const n = columns[0].length;
  const out: RulesScore = { score: new Float64Array(n), fired: {}, points: {}, missing: {} };
  rules.forEach((r, j) => {
    const x = columns[j];
    const fired = new Uint8Array(n);
    const points = new Float64Array(n);
    const share = (100 * r.weight) / totalWeight;
    const [lo, hi] = r.values ?? [NaN, NaN];
    let missing = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(x[i])) {
        missing++;
        continue;
      }
      if (holds(r.op, x[i], r.value ?? NaN, lo, hi)) {
        fired[i] = 1;
        points[i] = share;
        out.score[i] += r.weight;
      }
    }
    out.fired[r.name] = fired;
    out.points[r.name] = points;
    out.missing[r.name] = missing;
  });
  for (let i = 0; i < n; i++) out.score[i] = (100 * out.score[i]) / totalWeight;
  return out;
}
