/** rulesScore (seed 000's rules track) and eventPrecision (seed 000's backtest_predictions). */
import * as aq from 'arquero';
import { expect } from 'chai';
import { eventPrecision } from '../../src/backtest/precision.js';
import { rulesScore, type Rule } from '../../src/backtest/rules.js';
import { precisionAtThreshold } from '../../src/metrics/threshold.js';
import { SchemaError } from '../../src/util/errors.js';

describe('backtest/rules', () => {
  const rules: Rule[] = [
    { name: 'oversold', column: 'rsi_14', op: '<', value: 30, weight: 2 },
    { name: 'volatile', column: 'vol_20', op: '>', value: 0.03, weight: 1 },
    { name: 'band', column: 'rsi_14', op: 'between', values: [20, 40], weight: 1 },
  ];

  it('rulesScore = 100 × Σ weights of the rules that hold / Σ weights, with per-rule points', () => {
    const t = aq.table({ rsi_14: [25, 50, 35, NaN], vol_20: [0.04, 0.01, 0.05, 0.05] });
    const r = rulesScore(t, rules);
    // Row 0: all three (2 + 1 + 1) → 100. Row 1: none → 0. Row 2: volatile + band → 50. Row 3: volatile → 25.
    expect(Array.from(r.score)).to.deep.equal([100, 0, 50, 25]);
    expect(Array.from(r.fired.oversold)).to.deep.equal([1, 0, 0, 0]);
    expect(Array.from(r.points.oversold)).to.deep.equal([50, 0, 0, 0]);
    expect(Array.from(r.points.band)).to.deep.equal([25, 0, 25, 0]);
    expect(r.missing).to.deep.equal({ oversold: 1, volatile: 0, band: 1 });
  });

  it('rulesScore operators: >=, <=, outside', () => {
    const r = rulesScore({ x: [1, 2, 3, 4] }, [
      { name: 'ge', column: 'x', op: '>=', value: 3, weight: 1 },
      { name: 'le', column: 'x', op: '<=', value: 1, weight: 1 },
      { name: 'out', column: 'x', op: 'outside', values: [2, 3], weight: 2 },
    ]);
    expect(Array.from(r.score)).to.deep.equal([75, 0, 25, 75]);
  });

  it('rulesScore rejects bad rules, echoing them', () => {
    const t = { x: [1] };
    const one = (r: Partial<Rule>) => () => {
      const rule: Rule = { name: 'a', column: 'x', op: '>', value: 1, weight: 1, ...r };
      return rulesScore(t, [rule]);
    };
    expect(one({ weight: 0 })).to.throw(RangeError, 'rule a: weight must be a finite number > 0, got 0');
    expect(one({ op: '!=' } as unknown as Partial<Rule>)).to.throw(RangeError, `rule a: op must be`);
    expect(one({ op: 'between', values: [3, 1] })).to.throw(
      RangeError,
      "'between' needs values [lo, hi] with lo ≤ hi, got [3,1]",
    );
    expect(one({ value: undefined })).to.throw(RangeError, "'>' needs a numeric value");
    expect(one({ column: 'y' })).to.throw(SchemaError, 'missing column y');
    expect(() => rulesScore(t, [])).to.throw(RangeError, 'rules must be a non-empty array');
    expect(() =>
      rulesScore(t, [
        { name: 'a', column: 'x', op: '>', value: 1, weight: 1 },
        { name: 'a', column: 'x', op: '<', value: 1, weight: 1 },
      ]),
    ).to.throw(RangeError, 'unique');
  });

  it('eventPrecision: precision of the calls ≥ 70, true positives, unresolved and unscored rows counted apart', () => {
    const rows = { score: [85, 72, 40, 70, 90, NaN, 75], label: [1, 0, 1, 1, NaN, 1, 1] };
    const e = eventPrecision(rows);
    // Evaluated: rows 0–3 and 6. Calls ≥ 70: 85 (1), 72 (0), 70 (1), 75 (1) → 3 / 4.
    expect(e).to.deep.equal({
      threshold: 70,
      precision: 0.75,
      calls: 4,
      truePositives: 3,
      falsePositives: 1,
      evaluated: 5,
      baseRate: 0.8,
      unresolved: 1,
      unscored: 1,
    });
    expect(e.precision).to.equal(precisionAtThreshold([1, 0, 1, 1, 1], [85, 72, 40, 70, 75], 70).precision);
    expect(eventPrecision(rows, { threshold: 80 })).to.include({ calls: 1, truePositives: 1, precision: 1 });
    expect(eventPrecision({ s: [10], y: [0] }, { scoreColumn: 's', labelColumn: 'y' })).to.include({
      calls: 0,
      precision: 0,
    });
    expect(() => eventPrecision({ score: [80], label: [2] })).to.throw(
      SchemaError,
      'label must be 0, 1 or NaN, got 2 at row 0',
    );
  });
});
