/**
 * tripleBarrier against López de Prado's own code (AFML 2018, ch. 3): test/fixtures/labels/generate.py
 * ports snippets 3.2 applyPtSlOnT1, 3.3 getEvents and 3.5 getBins to pandas 1.5.3 and runs them on real
 * closes with (a) our σ = close.pct_change().ewm(span=100).std() and a vertical barrier h rows ahead —
 * columns tb_*, tb_asym_* (ptSl [2, 1], h 20), tb_pt_only_* (ptSl [1, 0]) — and (b) the book's snippet 3.1
 * getDailyVol verbatim (afml_*). Labels must agree exactly, returns to 1e-12, t1 to the day.
 */
import { expect } from 'chai';
import { forwardReturn } from '../../src/labels/forward-return.js';
import { tripleBarrier, tripleBarrierLabel } from '../../src/labels/triple-barrier.js';
import type { TripleBarrierParams } from '../../src/labels/triple-barrier.js';
import { SchemaError } from '../../src/util/errors.js';
import { col, dates, expectSeries, fixture, series } from '../fixtures/labels/load.js';

const f = (...v: number[]) => Float64Array.from(v);
const DAY = 86_400_000;

/** Asserts the label's t1 equals the book's events.t1 where the book's label is known, and is NaN elsewhere. */
function expectT1(got: Float64Array, wantT1: Float64Array, wantLabel: Float64Array, what: string): void {
  const want = Float64Array.from(wantT1, (v, i) => (Number.isNaN(wantLabel[i]) ? NaN : v));
  expectSeries(got, want, 0, what);
}

describe('tripleBarrier', function () {
  it('tripleBarrier([100, 103, 97, 98, 99], { h: 2 }, σ = 0.02).label is [1, −1, 1, NaN, NaN] (the doc example)', function () {
    const r = tripleBarrier(f(100, 103, 97, 98, 99), { h: 2 }, new Float64Array(5).fill(0.02));
    expect(Array.from(r.label)).to.deep.equal([1, -1, 1, NaN, NaN]);
    expect(Array.from(r.end)).to.deep.equal([1, 2, 4, -1, -1]);
    expect(Array.from(r.binary)).to.deep.equal([1, 0, 1, NaN, NaN]);
  });

  for (const set of fixture.tb_sets)
    for (const sym of set.symbols)
      it(`tripleBarrier(${sym}, { h: ${set.h}, ptSl: [${set.ptSl.join(', ')}] }) equals AFML's applyPtSlOnT1/getEvents/getBins on our σ at every row, for verticalLabel 'zero' and 'sign'`, function () {
        const s = series(sym);
        const params: TripleBarrierParams = { ...tripleBarrierLabel.defaults, h: set.h, ptSl: set.ptSl };
        const zero = tripleBarrierLabel.compute(s, params, {});
        const want = col(sym, `${set.name}_label`);
        expectSeries(zero.values[0], want, 0, `${set.name}_label`);
        expectSeries(zero.values[2], col(sym, `${set.name}_ret`), 1e-12, `${set.name}_ret`);
        expectT1(zero.t1, dates(sym, `${set.name}_t1`), want, `${set.name}_t1`);
        const sign = tripleBarrier(s.close, { ...params, verticalLabel: 'sign' });
        expectSeries(sign.label, col(sym, `${set.name}_label_sign`), 0, `${set.name}_label_sign`);
        expect(fixture.symbols[sym].barrier_ties[set.name], 'returns exactly on a barrier').to.equal(0);
      });

  it("tripleBarrier(AAPL, defaults, vol = the book's getDailyVol) reproduces the book end to end (128 default labels differ from ours)", function () {
    const close = col('AAPL', 'close');
    const book = col('AAPL', 'afml_vol');
    const r = tripleBarrier(close, {}, book);
    const want = col('AAPL', 'afml_tb_label');
    expectSeries(r.label, want, 0, 'afml_tb_label');
    expectSeries(r.ret, col('AAPL', 'afml_tb_ret'), 1e-12, 'afml_tb_ret');
    const date = dates('AAPL');
    const t1 = Float64Array.from(r.end, (j) => (j < 0 ? NaN : date[j]));
    expectT1(t1, dates('AAPL', 'afml_tb_t1'), want, 'afml_tb_t1');
    expect(fixture.symbols.AAPL.afml_vs_ours_label_differs).to.equal(128);
  });

  it("NaN closes (rows 30, 31, 60, 95, 150–152, 199 of AAPL's first 200): equals the book's code on σ from pct_change(fill_method=None); rows reading a NaN close at t or at the vertical barrier are NaN", function () {
    const close = col('nan_case', 'close');
    const date = dates('nan_case');
    for (const verticalLabel of ['zero', 'sign'] as const) {
      const r = tripleBarrier(close, { verticalLabel });
      const want = col('nan_case', verticalLabel === 'zero' ? 'tb_label' : 'tb_label_sign');
      expectSeries(r.label, want, 0, `label ${verticalLabel}`);
      expectSeries(r.ret, col('nan_case', 'tb_ret'), 1e-12, 'ret');
      const t1 = Float64Array.from(r.end, (j) => (j < 0 ? NaN : date[j]));
      expectT1(t1, dates('nan_case', 'tb_t1'), want, 't1');
    }
    const r = tripleBarrier(close);
    for (const k of fixture.nan_case.nan_rows) expect(r.label[k], `row ${k}`).to.be.NaN;
  });

  it('tb_binary is 1 exactly where tb_label is 1 (meta-label for a long side; with "sign" it is the book\'s ret > 0)', function () {
    for (const verticalLabel of ['zero', 'sign'] as const) {
      const r = tripleBarrier(col('AMD', 'close'), { verticalLabel });
      r.label.forEach((y, t) => {
        if (Number.isNaN(y)) expect(r.binary[t]).to.be.NaN;
        else expect(r.binary[t], `row ${t}`).to.equal(y === 1 ? 1 : 0);
        if (verticalLabel === 'sign' && !Number.isNaN(y)) expect(r.binary[t]).to.equal(r.ret[t] > 0 ? 1 : 0);
      });
    }
  });

  it('ptSl [0, 0] leaves the vertical barrier only: label 0 (or sign of the h-row return), return = forward return, end = t + h', function () {
    const close = col('BHF', 'close');
    const fwd = forwardReturn(close, 10);
    const zero = tripleBarrier(close, { ptSl: [0, 0] });
    const sign = tripleBarrier(close, { ptSl: [0, 0], verticalLabel: 'sign' });
    fwd.forEach((v, t) => {
      const known = !Number.isNaN(v) && t >= 2; // σ is NaN on rows 0 and 1
      expect(zero.label[t], `row ${t}`).to.deep.equal(known ? 0 : NaN);
      expect(sign.label[t], `row ${t}`).to.deep.equal(known ? Math.sign(v) : NaN);
      expect(zero.ret[t]).to.deep.equal(known ? v : NaN);
      expect(zero.end[t]).to.equal(known ? t + 10 : -1);
    });
  });

  it('a touch on the vertical barrier row itself counts as a touch (±1 under "zero"), as in applyPtSlOnT1 (close[loc:t1] includes t1)', function () {
    const r = tripleBarrier(f(100, 100.5, 97), { h: 2 }, new Float64Array(3).fill(0.02));
    expect(Array.from(r.label)).to.deep.equal([-1, -1, NaN]); // row 0: −3 % on its vertical-barrier row
    expect(Array.from(r.end)).to.deep.equal([2, 2, -1]);
  });

  it('the last h rows: known when a horizontal barrier is touched before the data end, NaN otherwise', function () {
    const r = tripleBarrier(f(100, 100, 100, 100, 103, 102), { h: 5 }, new Float64Array(6).fill(0.02));
    expect(Array.from(r.label)).to.deep.equal([1, 1, 1, 1, NaN, NaN]);
    expect(Array.from(r.end)).to.deep.equal([4, 4, 4, 4, -1, -1]);
  });

  it('a barrier is touched at equality (≥, ≤; the book uses > and <, identical off exact ties)', function () {
    const r = tripleBarrier(f(100, 102), { h: 1 }, f(0.02, 0.02));
    expect(102 / 100 - 1).to.equal(0.020000000000000018); // ≥ 0.02: a touch either way here …
    expect(r.label[0]).to.equal(1);
    const tie = tripleBarrier(f(1, 1.5), { h: 1, ptSl: [0.5, 1] }, f(1, 1));
    expect(1.5 / 1 - 1).to.equal(0.5); // … and an exact tie: 0.5 ≥ 0.5 × 1
    expect(tie.label[0]).to.equal(1);
  });

  it('rows with σ_t ≤ minRet are not labelled (AFML getEvents); σ = 0 on a flat history is never labelled with minRet 0', function () {
    const close = f(100, 100, 100, 100, 101, 102, 103);
    const r = tripleBarrier(close, { h: 2 });
    expect(Array.from(r.label.subarray(0, 4))).to.deep.equal([NaN, NaN, NaN, NaN]);
    const vol = f(0.01, 0.02, 0.005, 0.03, 0.01, 0.01, 0.01);
    const m = tripleBarrier(close, { h: 2, minRet: 0.01 }, vol);
    expect(Array.from(m.label, Number.isNaN)).to.deep.equal([true, false, true, false, true, true, true]);
  });

  it('one row, or no rows: all NaN / empty; inputs are not modified', function () {
    expect(Array.from(tripleBarrier(f(100)).label)).to.deep.equal([NaN]);
    expect(tripleBarrier(new Float64Array(0)).label.length).to.equal(0);
    const close = col('BHF', 'close');
    const copy = close.slice();
    tripleBarrier(close);
    expect(close).to.deep.equal(copy);
  });

  for (const [params, msg] of [
    [{ h: 0 }, 'tripleBarrier: h must be an integer ≥ 1, got 0'],
    [{ ptSl: [-1, 1] }, 'tripleBarrier: ptSl must be two finite multiples ≥ 0, got [-1,1]'],
    [{ ptSl: [1] }, 'tripleBarrier: ptSl must be two finite multiples ≥ 0, got [1]'],
    [{ volSpan: 1 }, 'tripleBarrier: volSpan must be an integer ≥ 2, got 1'],
    [{ volMinPeriods: -1 }, 'tripleBarrier: volMinPeriods must be an integer ≥ 0, got -1'],
    [{ minRet: -0.01 }, 'tripleBarrier: minRet must be a finite number ≥ 0, got -0.01'],
    [{ verticalLabel: 'vertical' }, `tripleBarrier: verticalLabel must be 'zero' or 'sign', got "vertical"`],
  ] as const)
    it(`tripleBarrier(close, ${JSON.stringify(params)}) throws a RangeError echoing the value`, function () {
      expect(() => tripleBarrier(f(1, 2), params as unknown as Partial<TripleBarrierParams>)).to.throw(
        RangeError,
        msg,
      );
    });

  it('tripleBarrier(close, params, vol of another length) throws a SchemaError', function () {
    expect(() => tripleBarrier(f(1, 2, 3), {}, f(0.1))).to.throw(
      SchemaError,
      'vol must have the length of close (3), got 1',
    );
  });

  it("tripleBarrierLabel: 'triple_barrier' → tb_label, tb_binary, tb_return; horizon h; defaults h 10, ptSl [1, 1], span 100, 'zero'", function () {
    expect(tripleBarrierLabel.name).to.equal('triple_barrier');
    expect(tripleBarrierLabel.defaults).to.deep.equal({
      h: 10,
      ptSl: [1, 1],
      volSpan: 100,
      volMinPeriods: 0,
      minRet: 0,
      verticalLabel: 'zero',
    });
    expect(tripleBarrierLabel.outputs(tripleBarrierLabel.defaults)).to.deep.equal([
      'tb_label',
      'tb_binary',
      'tb_return',
    ]);
    expect(tripleBarrierLabel.horizon({ ...tripleBarrierLabel.defaults, h: 20 })).to.equal(20);
    const date = Float64Array.from({ length: 4 }, (_, i) => i * DAY);
    const close = f(100, 100.5, 103, 97);
    const r = tripleBarrierLabel.compute(
      { symbol: 'X', date, open: close, high: close, low: close, close, volume: close },
      { ...tripleBarrierLabel.defaults, h: 2, volSpan: 2 },
      {},
    );
    expect(r.values).to.have.length(3);
    expect(Array.from(r.values[0])).to.deep.equal([NaN, NaN, -1, NaN]); // σ_2 from two returns; 97 is −5.8 %
    expect(Array.from(r.t1)).to.deep.equal([NaN, NaN, date[3], NaN]);
  });
});
