/**
 * fitPerSymbol: one model per symbol with ≥ minSamples rows, the skip report (reasons and counts), the
 * pooled fallback, routing by symbol, the error for a symbol without a model, Dataset input (unlabelled rows
 * dropped), serialization, progress and the async path. Data: seeded synthetic rows and a synthetic
 * random-walk panel (not market data).
 */
import { expect } from 'chai';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { buildDataset, toMatrix } from '../../src/features/pipeline.js';
import { GBDTClassifier, GBDTRegressor } from '../../src/models/gbdt/index.js';
import { WeightedEnsemble } from '../../src/models/ensemble.js';
import { loadModel } from '../../src/models/load-model.js';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import {
  fitPerSymbol,
  fitPerSymbolAsync,
  PerSymbolModel,
  type PerSymbolProgress,
} from '../../src/models/per-symbol.js';
import type { Classifier, Estimator, FitOptions, Matrix, ModelJSON } from '../../src/types.js';
import {
  DataFormatError,
  NotFittedError,
  ParameterError,
  QuantbookError,
  SchemaError,
} from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { checkEstimatorContract } from '../contracts/estimator-contract.js';
import { LogisticScoreClassifier } from '../helpers/classifiers.js';
import { dayRange, panelTable, randomWalkPanel } from '../helpers/synthetic-panel.js';

/** Rows of symbols A (150), B (120), C (40) and D (110, all labels 0), interleaved; 3 features; y ~ σ(2a − b). */
function fleetData(seed: number) {
  const rng = new Rng(seed);
  const counts: Record<string, number> = { A: 150, B: 120, C: 40, D: 110 };
  const symbols: string[] = [];
  for (const [s, n] of Object.entries(counts)) for (let k = 0; k < n; k++) symbols.push(s);
  rng.shuffle(symbols); // rows of a symbol need not be contiguous
  const n = symbols.length;
  const data = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    data.set([a, b, c], i * 3);
    y[i] = symbols[i] === 'D' ? 0 : rng.random() < 1 / (1 + Math.exp(-(2 * a - b))) ? 1 : 0;
  }
  return { X: { data, rows: n, cols: 3, columns: ['a', 'b', 'c'] } as Matrix, y, symbols };
}

const rowsOf = (X: Matrix, idx: number[]): Matrix => ({
  data: Float64Array.from(idx.flatMap((i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)))),
  rows: idx.length,
  cols: X.cols,
  columns: X.columns,
});
const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const gbdt = (): GBDTClassifier =>
  new GBDTClassifier({ nEstimators: 10, maxDepth: 3, subsample: 0.8, seed: 4 });

describe('fitPerSymbol', () => {
  const d = fleetData(1);
  const rowsOfSymbol = (s: string): number[] => d.symbols.flatMap((x, i) => (x === s ? [i] : []));

  it('fits one model per symbol with ≥ minSamples rows and reports the skipped ones, why, and how many', () => {
    const fleet = fitPerSymbol(d, gbdt, { minSamples: 100 });
    const r = fleet.report;
    expect(r.nSymbols).to.equal(4);
    expect(r.nFitted).to.equal(2);
    expect(r.nSkipped).to.equal(2);
    expect(fleet.symbols).to.deep.equal(['A', 'B']);
    expect(r.fitted.map((f) => [f.symbol, f.rows])).to.deep.equal([
      ['A', 150],
      ['B', 120],
    ]);
    expect(r.skipped).to.deep.equal([
      { symbol: 'C', rows: 40, reason: 'too-few-rows', detail: '40 rows < minSamples 100' },
      { symbol: 'D', rows: 110, reason: 'one-class', detail: 'all 110 labels are 0' },
    ]);
    expect(r.skippedByReason).to.deep.equal({ 'too-few-rows': 1, 'one-class': 1 });
    expect(r.pooled?.rows).to.equal(d.X.rows);
    expect(r.unlabeledRows).to.equal(0);
    expect(fleet.skipped).to.deep.equal(r.skipped);
    // A's model is exactly a model fitted on A's rows (in row order)
    const A = rowsOfSymbol('A');
    const ref = gbdt().fit(
      rowsOf(d.X, A),
      Float64Array.from(A, (i) => d.y[i]),
    );
    expect(JSON.stringify(fleet.modelFor('A').toJSON())).to.equal(JSON.stringify(ref.toJSON()));
    const pooled = gbdt().fit(d.X, d.y);
    expect(JSON.stringify(fleet.pooledModel?.toJSON())).to.equal(JSON.stringify(pooled.toJSON()));
  });

  it('predict(X, symbols) routes each row to its symbol’s model, else the pooled one (skipped and unseen symbols)', () => {
    const fleet = fitPerSymbol(d, gbdt);
    const syms = d.symbols.map((s, i) => (i % 7 === 0 ? 'ZZZ' : s)); // some rows of a symbol never seen
    const p = fleet.predictProba(d.X, syms);
    const labels = fleet.predict(d.X, syms);
    const all = Array.from({ length: d.X.rows }, (_, i) => i);
    for (const s of ['A', 'B', 'C', 'D', 'ZZZ']) {
      const idx = all.filter((i) => syms[i] === s);
      const model = (s === 'A' || s === 'B' ? fleet.modelFor(s) : fleet.pooledModel) as Classifier;
      expect(
        same(
          Float64Array.from(idx, (i) => p[i]),
          model.predictProba(rowsOf(d.X, idx)),
        ),
      ).to.equal(true);
      expect(
        same(
          Float64Array.from(idx, (i) => labels[i]),
          model.predict(rowsOf(d.X, idx)),
        ),
      ).to.equal(true);
    }
    expect(fleet.has('A')).to.equal(true);
    expect(fleet.has('C')).to.equal(false);
    expect(fleet.modelFor('C')).to.equal(fleet.pooledModel);
  });

  it('without a pooled model, predicting a symbol without its own model is a clear error naming it', () => {
    const fleet = fitPerSymbol(d, gbdt, { pooled: false });
    expect(fleet.pooledModel).to.equal(null);
    expect(fleet.report.pooled).to.equal(null);
    const syms = d.symbols.map((s, i) => (i === 3 ? 'NEW' : s));
    expect(() => fleet.predict(d.X, syms))
      .to.throw(SchemaError, 'no model for symbols "C" (40 rows; skipped at fit: 40 rows < minSamples 100)')
      .with.property('message')
      .that.includes('"NEW" (1 row; not in the training data)')
      .and.includes('no pooled fallback');
    expect(() => fleet.modelFor('NEW')).to.throw(SchemaError, 'no model for symbol "NEW"');
    const A = rowsOfSymbol('A');
    expect(
      fleet.predict(
        rowsOf(d.X, A),
        A.map(() => 'A'),
      ),
    ).to.have.lengthOf(A.length); // A alone works
  });

  it('round-trips through toJSON / loadModel with identical predictions and text', () => {
    const fleet = fitPerSymbol(d, gbdt, { minSamples: 30 });
    const text = JSON.stringify(fleet.toJSON());
    const json = JSON.parse(text) as ModelJSON<unknown, { symbols: string[]; models: ModelJSON[] }>;
    expect(json.format).to.equal('quantbook/per-symbol');
    expect(json.state.symbols).to.deep.equal(['A', 'B', 'C']);
    expect(json.state.models.map((m) => m.format)).to.deep.equal(Array(3).fill('quantbook/gbdt'));
    const back = loadModel(json) as PerSymbolModel;
    expect(back).to.be.instanceOf(PerSymbolModel);
    expect(JSON.stringify(back.toJSON())).to.equal(text);
    expect(same(back.predictProba(d.X, d.symbols), fleet.predictProba(d.X, d.symbols))).to.equal(true);
    expect(back.skipped).to.deep.equal(fleet.skipped);
    expect(back.getParams()).to.deep.equal({ minSamples: 30, pooled: true });
    expect(() => back.report).to.throw('fit report');
    // determinism: a second fit serializes identically
    expect(JSON.stringify(fitPerSymbol(d, gbdt, { minSamples: 30 }).toJSON())).to.equal(text);
    expect(() => PerSymbolModel.fromJSON({ ...json, format: 'quantbook/gbdt' })).to.throw(
      DataFormatError,
      'per-symbol',
    );
    expect(() =>
      PerSymbolModel.fromJSON({ ...json, state: { ...json.state, symbols: ['A', 'A', 'B'] } }),
    ).to.throw(DataFormatError, 'appears twice');
  });

  it('reports progress after each model, the pooled one last (symbol null); passes weights, dates and t1 per symbol', () => {
    const progress: PerSymbolProgress[] = [];
    const seen = new Map<string | null, FitOptions | undefined>();
    class Recorder extends LogisticScoreClassifier {
      constructor(readonly symbol: string | null) {
        super();
      }
      override fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
        seen.set(this.symbol, options);
        return super.fit(X, y, options);
      }
    }
    const w = Float64Array.from({ length: d.X.rows }, (_, i) => 1 + i);
    const dates = Float64Array.from({ length: d.X.rows }, (_, i) => 1000 * i);
    fitPerSymbol({ ...d, sampleWeight: w, dates, t1: dates }, (s) => new Recorder(s), {
      onProgress: (p) => progress.push(p),
    });
    expect(progress.map((p) => [p.done, p.total, p.symbol])).to.deep.equal([
      [1, 3, 'A'],
      [2, 3, 'B'],
      [3, 3, null],
    ]);
    expect(progress[2].rows).to.equal(d.X.rows);
    const B = rowsOfSymbol('B');
    expect(Array.from(seen.get('B')!.sampleWeight!)).to.deep.equal(B.map((i) => 1 + i));
    expect(Array.from(seen.get('B')!.dates!)).to.deep.equal(B.map((i) => 1000 * i));
    expect(Array.from(seen.get('B')!.t1!)).to.deep.equal(B.map((i) => 1000 * i));
    expect(seen.get(null)!.sampleWeight).to.equal(w);
  });

  it('a regressor fleet fits every symbol with enough rows (no one-class rule); fitPerSymbolAsync gives the same fleet', async () => {
    const yr = Float64Array.from(d.y, (v, i) => v + 0.1 * d.X.data[i * 3]);
    const make = (): GBDTRegressor => new GBDTRegressor({ nEstimators: 5, seed: 1 });
    const fleet = fitPerSymbol({ ...d, y: yr }, make);
    expect(fleet.symbols).to.deep.equal(['A', 'B', 'D']);
    expect(() => fleet.predictProba(d.X, d.symbols)).to.throw(ParameterError, 'no predictProba');
    const again = await fitPerSymbolAsync({ ...d, y: yr }, make);
    expect(JSON.stringify(again.toJSON())).to.equal(JSON.stringify(fleet.toJSON()));
  });

  it("a WeightedEnsemble of regressors with task 'auto' fits return labels (its task resolves from its members)", () => {
    const yr = Float64Array.from(d.y, (v, i) => 0.02 * v - 0.01 + 0.001 * d.X.data[i * 3]); // returns, not 0/1
    const make = (): WeightedEnsemble =>
      new WeightedEnsemble([
        () => new GBDTRegressor({ nEstimators: 5, seed: 1 }),
        () => new GBDTRegressor({ nEstimators: 5, seed: 2 }),
      ]);
    expect(make().resolvedTask()).to.equal('regression');
    const fleet = fitPerSymbol({ ...d, y: yr }, make);
    expect(fleet.symbols).to.deep.equal(['A', 'B', 'D']);
    expect(fleet.predict(d.X, d.symbols)).to.have.length(d.X.rows);
    const classifiers = new WeightedEnsemble([() => gbdt(), () => gbdt()]);
    expect(classifiers.resolvedTask()).to.equal('classification');
    expect(() => fitPerSymbol({ ...d, y: yr }, () => new WeightedEnsemble([() => gbdt()]))).to.throw(
      SchemaError,
      'y[0]',
    );
  });

  it('the pooled model sees the rows in date order when dates are given (its last rows are the latest dates)', () => {
    const rng = new Rng(9);
    const dates = rng.shuffle(
      Float64Array.from({ length: d.X.rows }, (_, k) => 86_400_000 * Math.floor(k / 3)),
    );
    let pooledDates: Float64Array | undefined;
    let pooledX: Matrix | undefined;
    class Recorder extends LogisticScoreClassifier {
      constructor(readonly symbol: string | null) {
        super();
      }
      override fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
        if (this.symbol === null) [pooledDates, pooledX] = [options?.dates, X];
        return super.fit(X, y, options);
      }
    }
    fitPerSymbol({ ...d, dates }, (s) => new Recorder(s));
    const order = Array.from(dates.keys()).sort((a, b) => dates[a] - dates[b] || a - b);
    expect(Array.from(pooledDates!)).to.deep.equal(order.map((i) => dates[i]));
    expect(Array.from(pooledX!.data.subarray(0, 3))).to.deep.equal(
      Array.from(d.X.data.subarray(order[0] * 3, order[0] * 3 + 3)),
    );
  });

  it('a model whose fit is asynchronous needs fitPerSymbolAsync', async () => {
    class PromiseFit extends LogisticScoreClassifier {
      // @ts-expect-error -- deliberately breaks the synchronous contract: fit returns a Promise
      override fit(X: Matrix, y: Float64Array, options?: FitOptions): Promise<this> {
        return Promise.resolve(super.fit(X, y, options));
      }
    }
    expect(() => fitPerSymbol(d, () => new PromiseFit() as unknown as Estimator)).to.throw(
      QuantbookError,
      'fitAsync',
    );
    const fleet = await fitPerSymbolAsync(d, () => new PromiseFit() as unknown as Estimator);
    expect(fleet.symbols).to.deep.equal(['A', 'B']);
  });

  it('rejects bad input and options, naming the problem', () => {
    expect(() => fitPerSymbol({ ...d, symbols: d.symbols.slice(1) }, gbdt)).to.throw(
      SchemaError,
      `symbols has ${d.X.rows - 1} values, X has ${d.X.rows} rows`,
    );
    const nullSym = d.symbols.map((s, i) => (i === 5 ? null : s));
    expect(() => fitPerSymbol({ ...d, symbols: nullSym }, gbdt)).to.throw(SchemaError, 'symbols[5] is null');
    const yNaN = d.y.slice();
    yNaN[9] = NaN;
    expect(() => fitPerSymbol({ ...d, y: yNaN }, gbdt)).to.throw(SchemaError, 'y[9] is NaN');
    expect(() => fitPerSymbol(d, gbdt, { minSamples: 0 })).to.throw(ParameterError, 'minSamples');
    expect(() => fitPerSymbol(d, gbdt, { pooled: 'yes' as unknown as boolean })).to.throw(
      ParameterError,
      'pooled',
    );
    expect(() => fitPerSymbol(d, gbdt, { workers: 2 } as object)).to.throw(ParameterError, 'workers');
    expect(() => fitPerSymbol(d, () => ({}) as Estimator)).to.throw(ParameterError, 'not an estimator');
    const fleet = fitPerSymbol(d, gbdt);
    expect(() =>
      fleet.predict({ ...d.X, cols: 2, data: d.X.data.slice(0, d.X.rows * 2) }, d.symbols),
    ).to.throw(SchemaError, 'fitted on 3');
  });

  describe('on a Dataset (buildDataset of a synthetic random-walk panel)', () => {
    // AAA and BBB trade 300 days, CCC 60: CCC is skipped; the last 5 rows of each symbol have no label yet.
    const p = randomWalkPanel(
      [
        { symbol: 'AAA', days: dayRange(0, 300) },
        { symbol: 'BBB', days: dayRange(0, 300) },
        { symbol: 'CCC', days: dayRange(240, 300) },
      ],
      7,
    );
    const ds = buildDataset(panelTable(p), {
      features: [{ name: 'returns', params: { period: 5 } }, { name: 'rsi' }],
      labels: [{ name: 'direction', params: { h: 5 } }],
    });

    it('takes X from the features and y from the label, drops unlabelled rows, and fits per symbol', () => {
      const fleet = fitPerSymbol(ds, () => new GBDTClassifier({ nEstimators: 5, seed: 1 }), {
        minSamples: 100,
      });
      const r = fleet.report;
      expect(r.unlabeledRows).to.equal(15);
      expect(fleet.symbols).to.deep.equal(['AAA', 'BBB']);
      expect(r.skipped).to.deep.equal([
        { symbol: 'CCC', rows: 55, reason: 'too-few-rows', detail: '55 rows < minSamples 100' },
      ]);
      expect(r.pooled?.rows).to.equal(ds.table.numRows() - 15);
      const X = toMatrix(ds);
      const y = numericColumn(ds.table, 'direction_5');
      const sym = stringColumn(ds.table, 'symbol');
      const idx = Array.from({ length: X.rows }, (_, i) => i).filter(
        (i) => sym[i] === 'BBB' && !Number.isNaN(y[i]),
      );
      const ref = new GBDTClassifier({ nEstimators: 5, seed: 1 }).fit(
        rowsOf(X, idx),
        Float64Array.from(idx, (i) => y[i]),
      );
      expect(JSON.stringify(fleet.modelFor('BBB').toJSON())).to.equal(JSON.stringify(ref.toJSON()));
      const pred = fleet.predictProba(X, sym);
      expect(pred).to.have.lengthOf(X.rows);
    });

    it('rejects an unknown label, naming the dataset’s labels', () => {
      expect(() => fitPerSymbol(ds, () => new LogisticRegression(), { label: 'fwd' })).to.throw(
        SchemaError,
        'label "fwd" is not one of the dataset\'s labels (direction_5)',
      );
    });
  });
});

/**
 * The estimator contract over a fleet, through an adapter: column 0 of X names the symbol (S0, S1, S2), so
 * predict(X) = fleet.predict(X, symbols from column 0); NaN in the last column is routed by the GBDTs.
 */
class SymbolColumnFleet implements Classifier {
  fleet: PerSymbolModel | undefined;
  constructor(readonly seed: number) {}
  private static symbols(X: Matrix): string[] {
    return Array.from({ length: X.rows }, (_, i) => `S${X.data[i * X.cols]}`);
  }
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    this.fleet = fitPerSymbol(
      { X, y, symbols: SymbolColumnFleet.symbols(X), ...options },
      () => new GBDTClassifier({ nEstimators: 5, seed: this.seed }),
      { minSamples: 5 },
    );
    return this;
  }
  private get model(): PerSymbolModel {
    if (this.fleet === undefined) throw new NotFittedError('SymbolColumnFleet');
    return this.fleet;
  }
  predict(X: Matrix): Float64Array {
    return this.model.predict(X, SymbolColumnFleet.symbols(X));
  }
  predictProba(X: Matrix): Float64Array {
    return this.model.predictProba(X, SymbolColumnFleet.symbols(X));
  }
  getParams(): Record<string, unknown> {
    return { seed: this.seed };
  }
  toJSON(): ModelJSON {
    return this.model.toJSON();
  }
}

describe('PerSymbolModel under the estimator contract (symbols from a column)', () => {
  const rng = new Rng(3);
  const n = 240;
  const data = new Float64Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    data.set([i % 3, a, rng.normal()], i * 3);
    y[i] = rng.random() < 1 / (1 + Math.exp(-2 * a)) ? 1 : 0;
  }
  const X: Matrix = { data, rows: n, cols: 3, columns: ['sym', 'a', 'b'] };
  checkEstimatorContract(
    'fitPerSymbol(GBDTClassifier)',
    (seed) => new SymbolColumnFleet(seed),
    { X, y },
    {
      classifier: true,
      missing: 'allowed',
      fromJSON: (json) => {
        const m = new SymbolColumnFleet(7);
        m.fleet = PerSymbolModel.fromJSON(json);
        return m;
      },
    },
  );
});
