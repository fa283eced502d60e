/**
 * buildDataset / toMatrix on hand-built synthetic panels (named as such) and a synthetic market series.
 *
 * Expected values come from the standalone functions applied per symbol by the test (haarATrous,
 * pctChange + alignAsOf, crossSectionalRank…), which have their own pandas/NumPy references in
 * wavelet/market/cross-section.test.ts, or from hand arithmetic. Only the features registered today
 * (wavelet_detail, market_*) are used. The label path is exercised with a test double,
 * `test_forward_return` (close_{t+h} / close_t − 1 and its sign, t1 = date_{t+h}), registered in LABELS
 * for this file only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import fc from 'fast-check';
import { importOhlcv } from '../../src/data/import.js';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { marketSeries, readSectors } from '../../src/data/reference.js';
import {
  crossSectionalRank,
  crossSectionalWinsorize,
  crossSectionalZScore,
  dateGroups,
} from '../../src/features/cross-section.js';
import { alignAsOf, marketRegime, normalizedVolatility } from '../../src/features/market.js';
import { buildDataset, toMatrix, type Dataset, type DatasetSpec } from '../../src/features/pipeline.js';
import { FEATURES, LABELS } from '../../src/features/registry.js';
import { checkPeriod, pctChange } from '../../src/features/rolling.js';
import type { LabelDefinition, MarketSeries } from '../../src/features/types.js';
import { haarATrous } from '../../src/features/wavelet.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2020, 0, 1);

interface Rows {
  symbol: string[];
  day: number[];
  close: number[];
}

/** A synthetic panel: open/high/low derived from close, volume constant. */
function panelOf(rows: Rows): ColumnTable {
  const close = Float64Array.from(rows.close);
  return aq.table({
    symbol: rows.symbol,
    date: Float64Array.from(rows.day, (d) => D0 + d * DAY),
    open: close.map((c) => c * 0.99),
    high: close.map((c) => c * 1.01),
    low: close.map((c) => c * 0.98),
    close,
    volume: new Float64Array(close.length).fill(1e6),
  });
}

/** Symbols with their closes on consecutive days from `start`. */
function panelFrom(symbols: Record<string, { start: number; close: number[] }>): ColumnTable {
  const rows: Rows = { symbol: [], day: [], close: [] };
  for (const [s, { start, close }] of Object.entries(symbols))
    close.forEach((c, k) => {
      rows.symbol.push(s);
      rows.day.push(start + k);
      rows.close.push(c);
    });
  return panelOf(rows);
}

const walk = (n: number, seed: number, base = 100): number[] =>
  Array.from(
    { length: n },
    (_, t) => base * Math.exp(0.02 * Math.sin(seed * 1.7 + t * 0.9) + 0.003 * t * ((seed % 3) - 1)),
  );

/** A synthetic market series on every day 0..n−1. */
function marketOf(n: number, seed = 1): MarketSeries {
  return {
    date: Float64Array.from({ length: n }, (_, d) => D0 + d * DAY),
    close: Float64Array.from(walk(n, seed, 1000)),
  };
}

const col = (ds: { table: ColumnTable }, name: string): Float64Array => numericColumn(ds.table, name);
const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

// ---- the test-double label ---------------------------------------------------------------------------
interface FwdParams {
  horizon: number;
}
const testForwardReturn: LabelDefinition<FwdParams> = {
  name: 'test_forward_return',
  description: 'test double: close_{t+h} / close_t − 1 and its sign',
  defaults: { horizon: 2 },
  validate: (p) => void checkPeriod('test_forward_return', 'horizon', p.horizon),
  outputs: (p) => [`fwd_${p.horizon}`, `fwd_up_${p.horizon}`],
  horizon: (p) => p.horizon,
  compute: (s, p) => {
    const n = s.close.length;
    const ret = new Float64Array(n).fill(NaN);
    const up = new Float64Array(n).fill(NaN);
    const t1 = new Float64Array(n).fill(NaN);
    for (let t = 0; t + p.horizon < n; t++) {
      ret[t] = s.close[t + p.horizon] / s.close[t] - 1;
      up[t] = ret[t] > 0 ? 1 : 0;
      t1[t] = s.date[t + p.horizon];
    }
    return { values: [ret, up], t1 };
  },
};

describe('features/pipeline', function () {
  before(function () {
    (LABELS as Map<string, unknown>).set(testForwardReturn.name, testForwardReturn);
  });
  after(function () {
    (LABELS as Map<string, unknown>).delete(testForwardReturn.name);
  });

  const panel = panelFrom({
    AAA: { start: 0, close: walk(40, 1) },
    BBB: { start: 5, close: walk(30, 2, 50) },
    CCC: { start: 10, close: [42] },
  });
  const market = marketOf(60);

  describe('spec validation (before any data is read)', function () {
    const unsorted = panelOf({ symbol: ['B', 'A'], day: [0, 0], close: [1, 1] });

    it('buildDataset(panel, { features: [{ name: "wavelet" }] }) throws a ParameterError listing the known features', function () {
      const fn = () => buildDataset(unsorted, { features: [{ name: 'wavelet' }] });
      expect(fn).to.throw(ParameterError, 'unknown feature "wavelet"; known features: ');
      expect(fn).to.throw(RangeError);
      for (const name of [
        'wavelet_detail',
        'market_return',
        'market_volatility',
        'market_regime',
        ...FEATURES.keys(),
      ])
        expect(fn).to.throw(name);
    });

    it('buildDataset(panel, { labels: [{ name: "fwd" }] }) throws a ParameterError listing the known labels', function () {
      const fn = () => buildDataset(unsorted, { features: [], labels: [{ name: 'fwd' }] });
      expect(fn).to.throw(ParameterError, 'unknown label "fwd"; known labels: ');
      expect(fn).to.throw('test_forward_return');
    });

    it('buildDataset(panel, wavelet_detail with { lvl: 2 }) throws a ParameterError naming the parameter and the known ones', function () {
      expect(() =>
        buildDataset(unsorted, { features: [{ name: 'wavelet_detail', params: { lvl: 2 } }] }),
      ).to.throw(ParameterError, 'feature wavelet_detail: unknown parameter "lvl"; it takes level');
    });

    it('buildDataset(panel, wavelet_detail with { constructor: 1 }) throws a ParameterError (inherited names are not parameters)', function () {
      expect(() =>
        buildDataset(panel, { features: [{ name: 'wavelet_detail', params: { constructor: 1 } }] }),
      ).to.throw(ParameterError, 'unknown parameter "constructor"');
    });

    for (const level of [0, 2.5, -1])
      it(`buildDataset(panel, wavelet_detail with { level: ${level} }) throws a RangeError echoing ${level}`, function () {
        expect(() =>
          buildDataset(unsorted, { features: [{ name: 'wavelet_detail', params: { level } }] }),
        ).to.throw(RangeError, `wavelet_detail: level must be an integer ≥ 1, got ${level}`);
      });

    it('buildDataset(panel, a label with { horizon: 0 }) throws a RangeError echoing 0', function () {
      expect(() =>
        buildDataset(unsorted, {
          features: [],
          labels: [{ name: 'test_forward_return', params: { horizon: 0 } }],
        }),
      ).to.throw(RangeError, 'got 0');
    });

    it('buildDataset(panel, market_return and market_regime) without a market throws a SchemaError naming both', function () {
      const fn = () =>
        buildDataset(unsorted, {
          features: [{ name: 'wavelet_detail' }, { name: 'market_return' }, { name: 'market_regime' }],
        });
      expect(fn)
        .to.throw(SchemaError, 'market_return, market_regime need(s) a market series')
        .with.property('message')
        .that.does.not.include('wavelet_detail');
    });

    it('buildDataset(panel, { sectorRelativeStrength }) without a market throws a SchemaError naming sector relative strength', function () {
      expect(() =>
        buildDataset(unsorted, { features: [], sectorRelativeStrength: {} }, { sectors: new Map() }),
      ).to.throw(SchemaError, 'sector relative strength need(s) a market series');
    });

    it('buildDataset(panel, { sectorRelativeStrength }, { market }) without sectors throws a SchemaError asking for a sector map', function () {
      expect(() => buildDataset(unsorted, { features: [], sectorRelativeStrength: {} }, { market })).to.throw(
        SchemaError,
        'sectorRelativeStrength needs a sector map',
      );
    });

    it('buildDataset(panel, { sectorRelativeStrength: { period: 0 } }, …) throws a RangeError echoing 0', function () {
      expect(() =>
        buildDataset(
          panel,
          { features: [], sectorRelativeStrength: { period: 0 } },
          { market, sectors: new Map() },
        ),
      ).to.throw(RangeError, 'sectorRelativeStrength: period must be an integer ≥ 1, got 0');
    });
  });

  describe('panel checks (the data layer’s assertPanel)', function () {
    const spec: DatasetSpec = { features: [{ name: 'wavelet_detail' }] };
    it('buildDataset(unsorted dates) throws the data layer’s SchemaError naming the row', function () {
      const p = panelOf({ symbol: ['A', 'A', 'A'], day: [0, 2, 1], close: [1, 2, 3] });
      expect(() => buildDataset(p, spec)).to.throw(
        SchemaError,
        'buildDataset: rows are not sorted by symbol then date at row 2 (A 2020-01-02)',
      );
    });
    it('buildDataset(symbols out of order) throws a SchemaError', function () {
      const p = panelOf({ symbol: ['B', 'A'], day: [0, 0], close: [1, 2] });
      expect(() => buildDataset(p, spec)).to.throw(SchemaError, 'not sorted');
    });
    it('buildDataset(duplicate (symbol, date)) throws the data layer’s SchemaError naming the key', function () {
      const p = panelOf({ symbol: ['A', 'A', 'B'], day: [0, 0, 1], close: [1, 2, 3] });
      expect(() => buildDataset(p, spec)).to.throw(
        SchemaError,
        'buildDataset: duplicate (symbol, date) A 2020-01-01 at row 1',
      );
    });
    it('buildDataset(panel without a close column) throws a SchemaError naming it', function () {
      const p = panelOf({ symbol: ['A'], day: [0], close: [1] }).select(
        'symbol',
        'date',
        'open',
        'high',
        'low',
        'volume',
      );
      expect(() => buildDataset(p, spec)).to.throw(SchemaError, 'close');
    });
  });

  describe('output layout and values', function () {
    const spec: DatasetSpec = {
      features: [
        { name: 'wavelet_detail', params: { level: 1 } },
        { name: 'market_return', params: { period: 3 } },
        { name: 'wavelet_detail', params: { level: 4 } },
      ],
      labels: [
        { name: 'test_forward_return', params: { horizon: 1 } },
        { name: 'test_forward_return', params: { horizon: 3 } },
      ],
      crossSectional: [{ op: 'rank', column: 'wavelet_d1' }],
      interactions: [{ left: 'wavelet_d1', right: 'market_ret_3' }],
    };
    let ds: Dataset;
    let symbols: (string | null)[];
    before(function () {
      ds = buildDataset(panel, spec, { market });
      symbols = stringColumn(ds.table, 'symbol');
    });
    const rowsOf = (s: string) => symbols.flatMap((x, i) => (x === s ? [i] : []));

    it('buildDataset(…) features: featureNames are the features, sector strength, cross-sectional and interactions, in spec order', function () {
      expect(ds.featureNames).to.deep.equal([
        'wavelet_d1',
        'market_ret_3',
        'wavelet_d4',
        'wavelet_d1_rank',
        'wavelet_d1_x_market_ret_3',
      ]);
      expect(ds.labelNames).to.deep.equal(['fwd_1', 'fwd_up_1', 'fwd_3', 'fwd_up_3']);
      expect(ds.labelEnds).to.deep.equal({
        fwd_1: 't1_fwd_1',
        fwd_up_1: 't1_fwd_1',
        fwd_3: 't1_fwd_3',
        fwd_up_3: 't1_fwd_3',
      });
    });

    it('buildDataset(…) table columns are (symbol, date, features…, labels…, t1_<label>…, t1) in that order', function () {
      expect(ds.table.columnNames()).to.deep.equal([
        'symbol',
        'date',
        ...ds.featureNames,
        'fwd_1',
        'fwd_up_1',
        'fwd_3',
        'fwd_up_3',
        't1_fwd_1',
        't1_fwd_3',
        't1',
      ]);
    });

    it('buildDataset(…) keeps every panel row, in panel order', function () {
      expect(ds.table.numRows()).to.equal(panel.numRows());
      expect(symbols).to.deep.equal(stringColumn(panel, 'symbol'));
      expect(same(col(ds, 'date'), numericColumn(panel, 'date'))).to.equal(true);
    });

    it('buildDataset(…) metadata: maxLookback = 15 (wavelet_d4), horizon = 3, and a timing per feature and label', function () {
      expect(ds.maxLookback).to.equal(15);
      expect(ds.horizon).to.equal(3);
      expect(ds.spec).to.equal(spec);
      for (const key of [
        'wavelet_d1',
        'market_ret_3',
        'wavelet_d4',
        'fwd_1,fwd_up_1',
        'fwd_3,fwd_up_3',
        'assemble',
      ])
        expect(ds.timings, key).to.have.property(key).that.is.a('number');
    });

    for (const s of ['AAA', 'BBB', 'CCC'])
      it(`buildDataset(…) features of ${s} equal haarATrous / pctChange + alignAsOf on ${s} alone`, function () {
        const rows = rowsOf(s);
        const close = Float64Array.from(rows, (i) => numericColumn(panel, 'close')[i]);
        const dates = Float64Array.from(rows, (i) => numericColumn(panel, 'date')[i]);
        const pick = (name: string) => Float64Array.from(rows, (i) => col(ds, name)[i]);
        const logc = close.map(Math.log);
        expect(same(pick('wavelet_d1'), haarATrous(logc, 1).details[0])).to.equal(true);
        expect(same(pick('wavelet_d4'), haarATrous(logc, 4).details[3])).to.equal(true);
        expect(
          same(pick('market_ret_3'), alignAsOf(market.date, pctChange(market.close, 3), dates)),
        ).to.equal(true);
      });

    it('buildDataset(…) windows never cross symbols: BBB’s first wavelet_d1 and first 15 wavelet_d4 are NaN though AAA precedes it', function () {
      const b = rowsOf('BBB');
      expect(col(ds, 'wavelet_d1')[b[0] - 1]).to.not.be.NaN; // AAA's last row has a value
      expect(col(ds, 'wavelet_d1')[b[0]]).to.be.NaN;
      expect(col(ds, 'wavelet_d1')[b[1]]).to.not.be.NaN;
      for (let k = 0; k < 15; k++) expect(col(ds, 'wavelet_d4')[b[k]]).to.be.NaN;
      expect(col(ds, 'wavelet_d4')[b[15]]).to.not.be.NaN;
    });

    it('buildDataset(…) a symbol with one row (CCC) gets NaN wavelets and labels, but the market feature as of its date', function () {
      const [c] = rowsOf('CCC');
      for (const name of ['wavelet_d1', 'wavelet_d4', 'fwd_1', 'fwd_3', 't1_fwd_1', 't1'])
        expect(col(ds, name)[c], name).to.be.NaN;
      expect(col(ds, 'market_ret_3')[c]).to.equal(market.close[10] / market.close[7] - 1);
    });

    it('buildDataset(…) labels and t1: fwd_h = close_{t+h}/close_t − 1 per symbol, t1 = the later end date, NaN unless all labels are known', function () {
      const a = rowsOf('AAA');
      const close = numericColumn(panel, 'close');
      const date = numericColumn(panel, 'date');
      const t = a[5];
      expect(col(ds, 'fwd_3')[t]).to.equal(close[t + 3] / close[t] - 1);
      expect(col(ds, 't1_fwd_1')[t]).to.equal(date[t + 1]);
      expect(col(ds, 't1_fwd_3')[t]).to.equal(date[t + 3]);
      expect(col(ds, 't1')[t]).to.equal(date[t + 3]);
      const last = a[a.length - 1];
      // Two rows before AAA's end fwd_1 is known but fwd_3 is not: t1 is NaN (and never BBB's dates).
      expect(col(ds, 'fwd_1')[last - 1]).to.not.be.NaN;
      expect(col(ds, 'fwd_3')[last - 1]).to.be.NaN;
      expect(col(ds, 't1')[last - 1]).to.be.NaN;
      expect(col(ds, 'fwd_1')[last]).to.be.NaN;
    });

    it('buildDataset(…) cross-sectional rank and interaction equal crossSectionalRank by date and the product', function () {
      const d1 = col(ds, 'wavelet_d1');
      const want = crossSectionalRank(d1, dateGroups(col(ds, 'date')));
      expect(same(col(ds, 'wavelet_d1_rank'), want)).to.equal(true);
      const m = col(ds, 'market_ret_3');
      expect(
        same(
          col(ds, 'wavelet_d1_x_market_ret_3'),
          d1.map((v, i) => v * m[i]),
        ),
      ).to.equal(true);
    });

    it('buildDataset(panel, spec, { onProgress }) reports every stage with its wall time', function () {
      const stages: string[] = [];
      buildDataset(panel, spec, {
        market,
        onProgress: (stage, ms) => (expect(ms).to.be.at.least(0), stages.push(stage)),
      });
      for (const s of ['load', 'wavelet_d1', 'market_ret_3', 'fwd_1,fwd_up_1', 'wavelet_d1_rank', 'assemble'])
        expect(stages).to.include(s);
    });

    it('buildDataset does not modify the panel', function () {
      const before = panel.objects();
      buildDataset(panel, spec, { market });
      expect(panel.objects()).to.deep.equal(before);
    });
  });

  describe('dropUnlabeled', function () {
    const spec: DatasetSpec = {
      features: [{ name: 'wavelet_detail' }],
      labels: [{ name: 'test_forward_return', params: { horizon: 2 } }],
    };

    it('buildDataset(…, { dropUnlabeled: true }) drops each symbol’s last h rows (and one-row symbols), keeping the rest aligned', function () {
      const all = buildDataset(panel, spec);
      const kept = buildDataset(panel, { ...spec, dropUnlabeled: true });
      // AAA 40 → 38, BBB 30 → 28, CCC 1 → 0.
      expect(kept.table.numRows()).to.equal(66);
      expect(new Set(stringColumn(kept.table, 'symbol'))).to.deep.equal(new Set(['AAA', 'BBB']));
      const t1 = col(all, 't1');
      const keep = Array.from(t1.keys()).filter((r) => !Number.isNaN(t1[r]));
      for (const name of ['date', 'wavelet_d1', 'fwd_2', 't1'])
        expect(
          same(
            col(kept, name),
            Float64Array.from(keep, (r) => col(all, name)[r]),
          ),
          name,
        ).to.equal(true);
      expect(Array.from(col(kept, 't1')).every((v) => !Number.isNaN(v))).to.equal(true);
    });

    it('buildDataset(…) without dropUnlabeled keeps unlabeled rows with NaN labels and t1', function () {
      const all = buildDataset(panel, spec);
      expect(all.table.numRows()).to.equal(71);
      expect(Array.from(col(all, 't1')).filter(Number.isNaN).length).to.equal(2 + 2 + 1);
    });

    it('buildDataset(…, { dropUnlabeled: true }) with no labels keeps every row and t1 is all NaN', function () {
      const ds = buildDataset(panel, { features: [{ name: 'wavelet_detail' }], dropUnlabeled: true });
      expect(ds.table.numRows()).to.equal(71);
      expect(Array.from(col(ds, 't1')).every(Number.isNaN)).to.equal(true);
      expect(ds.horizon).to.equal(0);
    });
  });

  describe('cross-sectional and interaction naming', function () {
    const base = [
      { name: 'wavelet_detail', params: { level: 1 } },
      { name: 'market_return', params: { period: 2 } },
    ];

    it('crossSectional ops are named <column>_rank, <column>_z, <column>_w by default, or `as`', function () {
      const ds = buildDataset(
        panel,
        {
          features: base,
          crossSectional: [
            { op: 'rank', column: 'wavelet_d1' },
            { op: 'zscore', column: 'wavelet_d1' },
            { op: 'winsorize', column: 'wavelet_d1', lower: 0.1, upper: 0.9 },
            { op: 'rank', column: 'wavelet_d1', as: 'd1_pct' },
          ],
          interactions: [
            { left: 'wavelet_d1', right: 'market_ret_2' },
            { left: 'wavelet_d1_z', right: 'd1_pct', as: 'mix' },
          ],
        },
        { market },
      );
      expect(ds.featureNames).to.deep.equal([
        'wavelet_d1',
        'market_ret_2',
        'wavelet_d1_rank',
        'wavelet_d1_z',
        'wavelet_d1_w',
        'd1_pct',
        'wavelet_d1_x_market_ret_2',
        'mix',
      ]);
      const g = dateGroups(col(ds, 'date'));
      const d1 = col(ds, 'wavelet_d1');
      expect(same(col(ds, 'wavelet_d1_z'), crossSectionalZScore(d1, g))).to.equal(true);
      expect(same(col(ds, 'wavelet_d1_w'), crossSectionalWinsorize(d1, g, 0.1, 0.9))).to.equal(true);
      expect(same(col(ds, 'd1_pct'), col(ds, 'wavelet_d1_rank'))).to.equal(true);
      const z = col(ds, 'wavelet_d1_z');
      const r = col(ds, 'd1_pct');
      expect(
        same(
          col(ds, 'mix'),
          z.map((v, i) => v * r[i]),
        ),
      ).to.equal(true);
    });

    it('crossSectional rank is 0.5 on dates with one value (AAA is alone on days 0–4)', function () {
      const ds = buildDataset(
        panel,
        { features: base, crossSectional: [{ op: 'rank', column: 'wavelet_d1' }] },
        { market },
      );
      const rank = col(ds, 'wavelet_d1_rank');
      expect(rank[0]).to.be.NaN; // AAA day 0: wavelet_d1 is NaN
      for (let k = 1; k < 5; k++) expect(rank[k], `AAA day ${k}`).to.equal(0.5);
    });

    for (const [what, spec, message] of [
      [
        'two features producing wavelet_d1',
        { features: [{ name: 'wavelet_detail' }, { name: 'wavelet_detail', params: { level: 1 } }] },
        'column "wavelet_d1" is produced twice',
      ],
      [
        'a cross-sectional output named like a feature',
        { features: base, crossSectional: [{ op: 'rank', column: 'wavelet_d1', as: 'market_ret_2' }] },
        'column "market_ret_2" is produced twice',
      ],
      [
        'an interaction named date',
        { features: base, interactions: [{ left: 'wavelet_d1', right: 'market_ret_2', as: 'date' }] },
        'column "date" is produced twice',
      ],
      [
        'a cross-sectional output named t1',
        { features: base, crossSectional: [{ op: 'zscore', column: 'wavelet_d1', as: 't1' }] },
        'column "t1" is produced twice',
      ],
    ] as [string, DatasetSpec, string][])
      it(`buildDataset(${what}) throws a ParameterError asking to rename with \`as\``, function () {
        expect(() => buildDataset(panel, spec, { market })).to.throw(ParameterError, message);
      });

    it('buildDataset(crossSectional on an unknown column) throws a SchemaError listing the columns', function () {
      expect(() =>
        buildDataset(
          panel,
          { features: base, crossSectional: [{ op: 'rank', column: 'rsi_14' }] },
          { market },
        ),
      ).to.throw(
        SchemaError,
        'crossSectional rank: no column "rsi_14"; the dataset has wavelet_d1, market_ret_2',
      );
    });

    it('buildDataset(interaction with an unknown column) throws a SchemaError naming it', function () {
      expect(() =>
        buildDataset(
          panel,
          { features: base, interactions: [{ left: 'wavelet_d1', right: 'nope' }] },
          { market },
        ),
      ).to.throw(SchemaError, 'interaction: no column "nope"');
    });

    it('buildDataset(crossSectional with op "demean") throws a ParameterError listing the known ops', function () {
      const spec = {
        features: base,
        crossSectional: [{ op: 'demean', column: 'wavelet_d1' }],
      } as unknown as DatasetSpec;
      expect(() => buildDataset(panel, spec, { market })).to.throw(
        ParameterError,
        'known ops: rank, zscore, winsorize',
      );
    });

    it('buildDataset(interaction with a label column) throws a SchemaError: labels never feed features', function () {
      expect(() =>
        buildDataset(panel, {
          features: base.slice(0, 1),
          labels: [{ name: 'test_forward_return' }],
          interactions: [{ left: 'wavelet_d1', right: 'fwd_2' }],
        }),
      ).to.throw(SchemaError, 'no column "fwd_2"');
    });
  });

  describe('sector relative strength', function () {
    // Synthetic: on every day AAA returns +1 %, BBB +3 % (sector Tech), CCC flat (Energy), DDD has no sector;
    // the market returns +2 % a day. With period 1: Tech = mean(1 %, 3 %) − 2 % = 0, Energy = 0 − 2 %.
    const growth = (g: number, n: number) => Array.from({ length: n }, (_, t) => 100 * (1 + g) ** t);
    const p = panelFrom({
      AAA: { start: 0, close: growth(0.01, 6) },
      BBB: { start: 0, close: growth(0.03, 6) },
      CCC: { start: 0, close: growth(0, 6) },
      DDD: { start: 0, close: growth(0.05, 6) },
    });
    const m: MarketSeries = {
      date: Float64Array.from({ length: 6 }, (_, d) => D0 + d * DAY),
      close: Float64Array.from(growth(0.02, 6)),
    };
    const sectors = new Map([
      ['AAA', 'Tech'],
      ['BBB', 'Tech'],
      ['CCC', 'Energy'],
    ]);

    it('buildDataset(…, { sectorRelativeStrength: { period: 1 } }) is the sector’s mean return minus the market’s (by hand)', function () {
      const ds = buildDataset(
        p,
        { features: [], sectorRelativeStrength: { period: 1 } },
        { market: m, sectors },
      );
      expect(ds.featureNames).to.deep.equal(['sector_rs_1']);
      const rs = col(ds, 'sector_rs_1');
      const sym = stringColumn(ds.table, 'symbol');
      rs.forEach((v, i) => {
        const t = i % 6;
        if (t === 0 || sym[i] === 'DDD') expect(v, `${sym[i]} day ${t}`).to.be.NaN;
        else expect(v, `${sym[i]} day ${t}`).to.be.closeTo(sym[i] === 'CCC' ? -0.02 : 0, 1e-12);
      });
    });

    it('buildDataset(…, { sectorRelativeStrength: {} }) defaults to period 20, named sector_rs_20', function () {
      const ds = buildDataset(p, { features: [], sectorRelativeStrength: {} }, { market: m, sectors });
      expect(ds.featureNames).to.deep.equal(['sector_rs_20']);
      expect(Array.from(col(ds, 'sector_rs_20')).every(Number.isNaN)).to.equal(true);
    });

    it('buildDataset(…) maxLookback covers sector_rs_<period> (its first value is at row `period`)', function () {
      const ds = buildDataset(
        p,
        { features: [{ name: 'wavelet_detail' }], sectorRelativeStrength: { period: 3 } },
        { market: m, sectors },
      );
      const rs = col(ds, 'sector_rs_3');
      expect(rs.findIndex((v) => !Number.isNaN(v))).to.equal(3);
      expect(ds.maxLookback).to.be.at.least(3);
    });
  });

  describe('toMatrix', function () {
    let ds: Dataset;
    before(function () {
      ds = buildDataset(
        panel,
        { features: [{ name: 'wavelet_detail' }, { name: 'market_return', params: { period: 2 } }] },
        { market },
      );
    });

    it('toMatrix(dataset) is row-major over featureNames: data[i * cols + j] = column j at row i', function () {
      const m = toMatrix(ds);
      expect(m.rows).to.equal(71);
      expect(m.cols).to.equal(2);
      expect(m.columns).to.deep.equal(['wavelet_d1', 'market_ret_2']);
      expect(m.data).to.be.instanceOf(Float64Array);
      expect(m.data.length).to.equal(142);
      const a = col(ds, 'wavelet_d1');
      const b = col(ds, 'market_ret_2');
      for (let i = 0; i < m.rows; i++) {
        expect(Object.is(m.data[2 * i], a[i]), `(${i}, 0)`).to.equal(true);
        expect(Object.is(m.data[2 * i + 1], b[i]), `(${i}, 1)`).to.equal(true);
      }
    });

    it('toMatrix(dataset, names) takes the named columns in the given order, from a Dataset or a bare table', function () {
      const m = toMatrix(ds, ['market_ret_2', 'date']);
      expect(m.columns).to.deep.equal(['market_ret_2', 'date']);
      expect(m.data[1]).to.equal(D0);
      expect(m.data[3]).to.equal(D0 + DAY);
      const fromTable = toMatrix(ds.table, ['market_ret_2', 'date']);
      expect(same(fromTable.data, m.data)).to.equal(true);
    });

    it('toMatrix(dataset, ["wavelet_d1", "rsi_14"]) throws a SchemaError naming rsi_14', function () {
      expect(() => toMatrix(ds, ['wavelet_d1', 'rsi_14'])).to.throw(SchemaError, 'rsi_14');
    });

    it('toMatrix(table) without names throws a ParameterError', function () {
      expect(() => toMatrix(ds.table)).to.throw(ParameterError, 'no feature columns');
    });
  });

  describe('causality of the whole pipeline', function () {
    const spec: DatasetSpec = {
      features: [
        { name: 'wavelet_detail', params: { level: 1 } },
        { name: 'wavelet_detail', params: { level: 3 } },
        { name: 'market_return', params: { period: 3 } },
        { name: 'market_volatility', params: { window: 3, medianWindow: 5 } },
        { name: 'market_regime', params: { smaPeriod: 5, slopePeriod: 2 } },
      ],
      labels: [{ name: 'test_forward_return', params: { horizon: 2 } }],
      sectorRelativeStrength: { period: 3 },
      crossSectional: [
        { op: 'rank', column: 'wavelet_d1' },
        { op: 'zscore', column: 'wavelet_d3' },
        { op: 'winsorize', column: 'sector_rs_3', lower: 0.2, upper: 0.8 },
      ],
      interactions: [{ left: 'wavelet_d1_rank', right: 'market_regime' }],
    };
    const sectors = new Map([
      ['A', 'S1'],
      ['B', 'S1'],
      ['C', 'S2'],
    ]);
    const NDAYS = 40;
    const steps = fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), {
      minLength: NDAYS,
      maxLength: NDAYS,
    });

    it('buildDataset: changing one symbol’s rows and the market after date T leaves every feature at dates ≤ T unchanged, for all symbols (fast-check)', function () {
      fc.assert(
        fc.property(
          fc.tuple(steps, steps, steps, steps),
          fc.tuple(
            fc.integer({ min: 0, max: 10 }),
            fc.integer({ min: 0, max: 10 }),
            fc.integer({ min: 0, max: 10 }),
          ),
          fc.integer({ min: 0, max: NDAYS - 2 }),
          fc.constantFrom('A', 'B', 'C'),
          steps,
          (rets, starts, T, victim, noise) => {
            const build = (changed: boolean) => {
              const symbols: Record<string, { start: number; close: number[] }> = {};
              ['A', 'B', 'C'].forEach((s, k) => {
                let c = 100;
                const close: number[] = [];
                for (let d = starts[k]; d < NDAYS; d++) {
                  c *= Math.exp(changed && s === victim && d > T ? noise[d] + 0.05 : rets[k][d]);
                  close.push(c);
                }
                symbols[s] = { start: starts[k], close };
              });
              let mc = 1000;
              const mclose = Float64Array.from(
                { length: NDAYS },
                (_, d) => (mc *= Math.exp(changed && d > T ? -rets[3][d] - 0.02 : rets[3][d])),
              );
              const mkt: MarketSeries = {
                date: Float64Array.from({ length: NDAYS }, (_, d) => D0 + d * DAY),
                close: mclose,
              };
              return buildDataset(panelFrom(symbols), spec, { market: mkt, sectors });
            };
            const a = build(false);
            const b = build(true);
            const dates = col(a, 'date');
            const cutoff = D0 + T * DAY;
            for (const name of a.featureNames) {
              const x = col(a, name);
              const y = col(b, name);
              for (let r = 0; r < x.length; r++)
                if (dates[r] <= cutoff && !Object.is(x[r], y[r]))
                  throw new Error(
                    `${name} at ${stringColumn(a.table, 'symbol')[r]} day ${(dates[r] - D0) / DAY} changed (T = ${T})`,
                  );
            }
            // Not vacuous: the market changed after T, so a market feature changes somewhere after T.
            const ret = col(a, 'market_ret_3');
            const ret2 = col(b, 'market_ret_3');
            const changedAfter = Array.from(ret.keys()).some(
              (r) => dates[r] > cutoff && !Object.is(ret[r], ret2[r]),
            );
            const anyAfter = Array.from(dates).some((d) => d > cutoff + 3 * DAY);
            if (anyAfter) expect(changedAfter).to.equal(true);
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('market features through the pipeline', function () {
    it('buildDataset(market_volatility, market_regime) equals normalizedVolatility / marketRegime on the market, as of each row', function () {
      const ds = buildDataset(
        panel,
        {
          features: [
            { name: 'market_volatility', params: { window: 4, medianWindow: 6 } },
            { name: 'market_regime', params: { smaPeriod: 8, slopePeriod: 3 } },
          ],
        },
        { market },
      );
      // alignAsOf needs increasing target dates: align per symbol.
      const symbols = stringColumn(ds.table, 'symbol');
      const dates = col(ds, 'date');
      const perSymbol = (values: Float64Array) => {
        const out = new Float64Array(dates.length);
        for (const s of new Set(symbols)) {
          const rows = symbols.flatMap((x, i) => (x === s ? [i] : []));
          const aligned = alignAsOf(
            market.date,
            values,
            Float64Array.from(rows, (i) => dates[i]),
          );
          rows.forEach((r, k) => (out[r] = aligned[k]));
        }
        return out;
      };
      expect(same(col(ds, 'market_vol_norm'), perSymbol(normalizedVolatility(market.close, 4, 6)))).to.equal(
        true,
      );
      expect(same(col(ds, 'market_regime'), perSymbol(marketRegime(market.close, 8, 3)))).to.equal(true);
      expect(Array.from(col(ds, 'market_regime')).filter((v) => !Number.isNaN(v)).length).to.be.greaterThan(
        40,
      );
      expect(ds.maxLookback).to.equal(10); // max(4 + 6 − 1 for market_volatility, 8 − 1 + 3 for market_regime)
    });
  });
  describe('on the real panel (../shared/data) with SPY and the 2018 sectors', function () {
    // References: test/fixtures/cross-section/cross-section.json (pandas sector_rs_20 on 2015-07-17,
    // 2016-01-12, 2017-12-05) and test/fixtures/rolling/wavelet.json (NumPy à trous d1, d4 of AAPL's
    // first 400 log closes). PROVENANCE.md §1: 619,040 rows.
    const DATA_DIR = process.env.QUANTBOOK_DATA
      ? path.resolve(process.env.QUANTBOOK_DATA)
      : path.resolve('../shared/data');
    const json = <T>(file: string): T =>
      JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;
    let ds: Dataset;
    before(function () {
      const real = importOhlcv(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz'));
      const spyTable = importOhlcv(path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz'), { symbol: 'SPY' });
      ds = buildDataset(
        real,
        {
          features: [
            { name: 'wavelet_detail', params: { level: 1 } },
            { name: 'wavelet_detail', params: { level: 4 } },
            { name: 'market_return' },
            { name: 'market_volatility' },
            { name: 'market_regime' },
          ],
          sectorRelativeStrength: { period: 20 },
        },
        {
          market: marketSeries(spyTable, 'SPY'),
          sectors: readSectors(path.join(DATA_DIR, 'sp500_sectors_2018.csv')),
        },
      );
    });

    it('buildDataset(real panel, …) keeps its 619,040 rows and names the columns in spec order', function () {
      expect(ds.table.numRows()).to.equal(619_040);
      expect(ds.featureNames).to.deep.equal([
        'wavelet_d1',
        'wavelet_d4',
        'market_ret_20',
        'market_vol_norm',
        'market_regime',
        'sector_rs_20',
      ]);
    });

    it('buildDataset(real panel, …) sector_rs_20 matches pandas groupby([date, sector]) mean − SPY 20-day return on 3 dates × all symbols', function () {
      const fx = json<{ symbol: string[]; date: string[]; sector_rs_20: (number | null)[] }>(
        '../fixtures/cross-section/cross-section.json',
      );
      const key = new Map<string, number>();
      const sym = stringColumn(ds.table, 'symbol');
      const dates = col(ds, 'date');
      sym.forEach((s, r) => key.set(`${s} ${new Date(dates[r]).toISOString().slice(0, 10)}`, r));
      const rs = col(ds, 'sector_rs_20');
      fx.symbol.forEach((s, i) => {
        const r = key.get(`${s} ${fx.date[i]}`);
        expect(r, `${s} ${fx.date[i]}`).to.be.a('number');
        const want = fx.sector_rs_20[i];
        if (want === null) expect(rs[r!]).to.be.NaN;
        else expect(rs[r!], `${s} ${fx.date[i]}`).to.be.closeTo(want, 1e-12);
      });
    });

    it('buildDataset(real panel, …) wavelet_d1 and wavelet_d4 of AAPL match the NumPy à trous transform of log close', function () {
      const fx = json<{ cases: { name: string; details: (number | null)[][] }[] }>(
        '../fixtures/rolling/wavelet.json',
      );
      const aapl = fx.cases.find((c) => c.name === 'AAPL close')!;
      const first = stringColumn(ds.table, 'symbol').indexOf('AAPL');
      for (const [name, level] of [
        ['wavelet_d1', 1],
        ['wavelet_d4', 4],
      ] as const) {
        const got = col(ds, name).subarray(first, first + 400);
        aapl.details[level - 1].forEach((w, t) => {
          if (w === null) expect(got[t], `${name}[${t}]`).to.be.NaN;
          else expect(got[t], `${name}[${t}]`).to.be.closeTo(w, 1e-12);
        });
      }
    });

    it('buildDataset(real panel, …) market features are known on every row (SPY starts a year before the stocks)', function () {
      for (const name of ['market_ret_20', 'market_vol_norm', 'market_regime'])
        expect(Array.from(col(ds, name)).filter(Number.isNaN).length, name).to.equal(0);
    });
  });
});
