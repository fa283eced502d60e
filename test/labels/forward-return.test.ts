/**
 * Forward, excess and next-day returns against pandas on real closes: test/fixtures/labels/labels.json
 * holds `close.shift(-h) / close - 1`, `np.log(close.shift(-h) / close)` and the same on the SPY close
 * as-of aligned (pandas 1.5.3, written by test/fixtures/labels/generate.py).
 */
import { expect } from 'chai';
import {
  excessReturn,
  excessReturnLabel,
  forwardReturn,
  forwardReturnLabel,
  nextDayReturnLabel,
} from '../../src/labels/forward-return.js';
import { SchemaError } from '../../src/util/errors.js';
import { SYMBOLS, col, dates, expectSeries, series } from '../fixtures/labels/load.js';

const f = (...v: number[]) => Float64Array.from(v);
const DAY = 86_400_000;

describe('forwardReturn', function () {
  it('forwardReturn([100, 110, 99], 1) is [0.10000000000000009, -0.09999999999999998, NaN] (the doc example)', function () {
    expect(Array.from(forwardReturn(f(100, 110, 99), 1))).to.deep.equal([
      0.10000000000000009,
      -0.09999999999999998,
      NaN,
    ]);
  });

  for (const sym of SYMBOLS)
    it(`forwardReturn(${sym} close, h) matches pandas close.shift(-h) / close - 1 (h = 1, 5) and its log (h = 5) at every row`, function () {
      const close = col(sym, 'close');
      expectSeries(forwardReturn(close, 1), col(sym, 'fwd_ret_1'), 1e-12, 'fwd_ret_1');
      expectSeries(forwardReturn(close, 5), col(sym, 'fwd_ret_5'), 1e-12, 'fwd_ret_5');
      expectSeries(forwardReturn(close, 5, { log: true }), col(sym, 'fwd_logret_5'), 1e-12, 'fwd_logret_5');
    });

  it('forwardReturn(close, h) is NaN where close_t or close_{t+h} is NaN, and where close_t is 0 (not ±Infinity)', function () {
    expect(Array.from(forwardReturn(f(100, NaN, 110, 121), 1))).to.deep.equal([
      NaN,
      NaN,
      0.10000000000000009,
      NaN,
    ]);
    expect(Array.from(forwardReturn(f(0, 100, 0), 1))).to.deep.equal([NaN, -1, NaN]);
    expect(Array.from(forwardReturn(f(100, 0), 1, { log: true }))).to.deep.equal([NaN, NaN]);
  });

  it('forwardReturn of one row, of no rows and with h ≥ the length is all NaN of the input length', function () {
    expect(Array.from(forwardReturn(f(100), 1))).to.deep.equal([NaN]);
    expect(forwardReturn(new Float64Array(0), 3).length).to.equal(0);
    expect(Array.from(forwardReturn(f(1, 2, 3), 3))).to.deep.equal([NaN, NaN, NaN]);
  });

  for (const h of [0, -1, 1.5, NaN])
    it(`forwardReturn(close, ${h}) throws a RangeError echoing h`, function () {
      expect(() => forwardReturn(f(1, 2), h)).to.throw(
        RangeError,
        `forwardReturn: h must be an integer ≥ 1, got ${h}`,
      );
    });
});

describe('excessReturn', function () {
  it('excessReturn([100, 110], [10, 10.5], 1) is [0.050000000000000044, NaN] (the doc example)', function () {
    expect(Array.from(excessReturn(f(100, 110), f(10, 10.5), 1))).to.deep.equal([0.050000000000000044, NaN]);
  });

  for (const sym of SYMBOLS)
    it(`excessReturn(${sym} close, SPY close, 5) matches pandas fwd_ret_5 − (spy.shift(-5) / spy - 1) at every row`, function () {
      expectSeries(
        excessReturn(col(sym, 'close'), col(sym, 'market'), 5),
        col(sym, 'excess_ret_5'),
        1e-12,
        'excess_ret_5',
      );
    });

  it('excessReturn(close, market of another length) throws a SchemaError naming both lengths', function () {
    expect(() => excessReturn(f(1, 2, 3), f(1, 2), 1)).to.throw(
      SchemaError,
      'market has 2 rows, close has 3',
    );
  });

  it('excessReturn(close, market, h, { log: true }) subtracts log returns', function () {
    const got = excessReturn(f(100, 110), f(10, 11), 1, { log: true });
    expect(got[0]).to.be.closeTo(Math.log(1.1) - Math.log(1.1), 1e-15);
  });
});

describe('forwardReturnLabel, excessReturnLabel, nextDayReturnLabel', function () {
  const s = series('AAPL');

  it("forwardReturnLabel: name 'forward_return', outputs fwd_ret_<h> / fwd_logret_<h>, horizon h, defaults { h: 5, log: false }", function () {
    expect(forwardReturnLabel.name).to.equal('forward_return');
    expect(forwardReturnLabel.defaults).to.deep.equal({ h: 5, log: false });
    expect(forwardReturnLabel.outputs({ h: 10, log: false })).to.deep.equal(['fwd_ret_10']);
    expect(forwardReturnLabel.outputs({ h: 10, log: true })).to.deep.equal(['fwd_logret_10']);
    expect(forwardReturnLabel.horizon({ h: 10, log: true })).to.equal(10);
  });

  it('forwardReturnLabel.compute(AAPL, { h: 5 }) emits pandas values and t1 = date_{t+5}, NaN for the last 5 rows', function () {
    const r = forwardReturnLabel.compute(s, { h: 5, log: false }, {});
    expectSeries(r.values[0], col('AAPL', 'fwd_ret_5'), 1e-12, 'fwd_ret_5');
    const n = s.date.length;
    for (let t = 0; t < n; t++) expect(r.t1[t], `t1[${t}]`).to.deep.equal(t + 5 < n ? s.date[t + 5] : NaN);
  });

  it('forwardReturnLabel.validate rejects a bad h or a non-boolean log, echoing the value', function () {
    expect(() => forwardReturnLabel.validate({ h: 0, log: false })).to.throw(
      RangeError,
      'forward_return: h must be an integer ≥ 1, got 0',
    );
    expect(() => forwardReturnLabel.validate({ h: 1, log: 'yes' as unknown as boolean })).to.throw(
      RangeError,
      'forward_return: log must be a boolean, got yes',
    );
  });

  it('excessReturnLabel: needsMarket, outputs excess_ret_<h>; compute without ctx.marketClose throws a SchemaError naming it and the symbol', function () {
    expect(excessReturnLabel.needsMarket).to.equal(true);
    expect(excessReturnLabel.outputs({ h: 5, log: false })).to.deep.equal(['excess_ret_5']);
    expect(excessReturnLabel.outputs({ h: 5, log: true })).to.deep.equal(['excess_logret_5']);
    expect(() => excessReturnLabel.compute(s, { h: 5, log: false }, {})).to.throw(
      SchemaError,
      'excess_return: needs the market close (ctx.marketClose) for AAPL',
    );
  });

  it('excessReturnLabel.compute(AMD, { h: 5 }, { marketClose: SPY }) matches pandas, t1 = date_{t+5}', function () {
    const amd = series('AMD');
    const r = excessReturnLabel.compute(amd, { h: 5, log: false }, { marketClose: col('AMD', 'market') });
    expectSeries(r.values[0], col('AMD', 'excess_ret_5'), 1e-12, 'excess_ret_5');
    expect(r.t1[0]).to.equal(amd.date[5]);
    expect(r.t1[amd.date.length - 5]).to.be.NaN;
  });

  it("nextDayReturnLabel (seed 004): 'next_day_return' → next_ret_1 = forward_return with h = 1, no parameters, horizon 1", function () {
    expect(nextDayReturnLabel.name).to.equal('next_day_return');
    expect(nextDayReturnLabel.defaults).to.deep.equal({});
    expect(nextDayReturnLabel.outputs({})).to.deep.equal(['next_ret_1']);
    expect(nextDayReturnLabel.horizon({})).to.equal(1);
    const r = nextDayReturnLabel.compute(s, {}, {});
    expectSeries(r.values[0], col('AAPL', 'fwd_ret_1'), 1e-12, 'next_ret_1');
    expectSeries(
      r.t1,
      Float64Array.from(dates('AAPL'), (_, t) => s.date[t + 1] ?? NaN),
      0,
      't1',
    );
  });

  it('a NaN close at row k makes rows k and k − h NaN with NaN t1; the rest are known but the last h', function () {
    const close = f(100, 101, NaN, 103, 104, 105);
    const date = Float64Array.from(close, (_, i) => i * DAY);
    const r = forwardReturnLabel.compute(
      { symbol: 'X', date, open: close, high: close, low: close, close, volume: close },
      { h: 2, log: false },
      {},
    );
    expect(Array.from(r.values[0], Number.isNaN)).to.deep.equal([true, false, true, false, true, true]);
    expect(Array.from(r.t1, Number.isNaN)).to.deep.equal([true, false, true, false, true, true]);
  });
});
