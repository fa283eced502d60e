/**
 * The feature contract (DESIGN.md §4, src/features/types.ts), as a reusable mocha suite:
 *
 *   describe('rsi', () => { checkFeatureContract(rsiFeature, { period: 14 }); });
 *
 * registers one `it` per property of `def` at `params` (default: its defaults):
 *
 * - shape: one `(nObs,)` Float64Array per name of `outputs(params)` (names unique), for n = 0, 1 and
 *   lookback + 60 rows; inputs are not mutated; two runs give identical outputs;
 * - warm-up: on a NaN-free random-walk series the first non-NaN index of the outputs is `lookback`
 *   (the largest over columns; each column's is ≤ it, or equals `outputLookbacks[i]` when given), and
 *   no output is NaN or infinite after it; a series as long as a column's first index is all NaN there;
 * - causality (fast-check): replacing every input row after t (prices, volume, market close — with
 *   NaNs sprinkled in) never changes an output at or before t;
 * - NaN input: a NaN at row k in any of open/high/low/close/volume leaves outputs before k unchanged
 *   and every output is finite again from row k + `nanRecovery` (default lookback + 1) on;
 * - bad parameters: each parameter set to 0, −1, NaN, Infinity (and 2.5 unless it is listed in
 *   `realParams`) makes `validate` throw a RangeError whose message shows the value.
 *
 * Use {@link runFeatureContract} to run the same checks inside one `it` (it throws on the first failure).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { FeatureContext, FeatureDefinition, SymbolSeries } from '../../src/features/types.js';

/** Options of {@link checkFeatureContract}. */
export interface FeatureContractOptions<P extends object> {
  /** Exact first non-NaN index of each output column (default: only the largest must equal `lookback`). */
  outputLookbacks?: number[];
  /** Rows after a NaN input row from which every output is finite again; `false` skips the check. Default lookback + 1. */
  nanRecovery?: number | false;
  /** Parameters that take real (non-integer) values, so 2.5 is not a bad value for them. */
  realParams?: (keyof P & string)[];
  /** Extra invalid parameter sets that `validate` must reject with a RangeError. */
  badParams?: Partial<P>[];
  /** The context passed to `compute` (default: `{ marketClose }`, a random walk aligned to the series). */
  context?: (series: SymbolSeries, marketClose: Float64Array) => FeatureContext;
  /** fast-check runs for the causality property. Default 60. */
  numRuns?: number;
}

/** Seeded PRNG (mulberry32) — tests must not use Math.random. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One row's random draws: close/market log-steps, open gap, high/low excursions, volume level, NaN slot. */
interface RowDraw {
  r: number;
  m: number;
  o: number;
  h: number;
  l: number;
  v: number;
  /** 0..4 puts a NaN into open/high/low/close/volume; anything else none. */
  nan: number;
}

const COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const DAY = 86_400_000;

/** Builds a positive OHLCV random walk (and a market close) from per-row draws. */
function buildSeries(draws: readonly RowDraw[]): { series: SymbolSeries; market: Float64Array } {
  const n = draws.length;
  const s: SymbolSeries = {
    symbol: 'TEST',
    date: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const market = new Float64Array(n);
  let c = 100;
  let m = 1000;
  for (let t = 0; t < n; t++) {
    const d = draws[t];
    const prev = c;
    c *= Math.exp(d.r);
    m *= Math.exp(d.m);
    const open = prev * Math.exp(d.o);
    s.date[t] = Date.UTC(2015, 0, 1) + t * DAY;
    s.open[t] = open;
    s.close[t] = c;
    s.high[t] = Math.max(open, c) * (1 + d.h);
    s.low[t] = Math.min(open, c) * (1 - d.l);
    s.volume[t] = Math.round(1e6 * (0.2 + d.v));
    market[t] = m;
    if (d.nan >= 0 && d.nan < COLUMNS.length) s[COLUMNS[d.nan]][t] = NaN;
  }
  return { series: s, market };
}

/** Deterministic NaN-free draws. */
function randomDraws(n: number, seed: number): RowDraw[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    r: (u() - 0.5) * 0.06,
    m: (u() - 0.5) * 0.03,
    o: (u() - 0.5) * 0.01,
    h: u() * 0.02,
    l: u() * 0.02,
    v: u() * 2,
    nan: -1,
  }));
}

const drawArb: fc.Arbitrary<RowDraw> = fc.record({
  r: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
  m: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  o: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
  h: fc.double({ min: 0, max: 0.05, noNaN: true }),
  l: fc.double({ min: 0, max: 0.05, noNaN: true }),
  v: fc.double({ min: 0, max: 3, noNaN: true }),
  nan: fc.integer({ min: 0, max: 30 }),
});

/** `other`, nudged where it equals `base` so that every perturbed row really changes every input. */
function differ(base: RowDraw, other: RowDraw): RowDraw {
  const nudge = (x: number, y: number, by: number): number => (Math.abs(x - y) < by / 10 ? x + by : y);
  return {
    r: nudge(base.r, other.r, 0.01),
    m: nudge(base.m, other.m, 0.01),
    o: nudge(base.o, other.o, 0.005),
    h: nudge(base.h, other.h, 0.01),
    l: nudge(base.l, other.l, 0.01),
    v: nudge(base.v, other.v, 0.5),
    nan: other.nan,
  };
}

function copySeries(s: SymbolSeries): SymbolSeries {
  return {
    symbol: s.symbol,
    date: s.date.slice(),
    open: s.open.slice(),
    high: s.high.slice(),
    low: s.low.slice(),
    close: s.close.slice(),
    volume: s.volume.slice(),
  };
}

/** First index holding a non-NaN value, or −1. */
export function firstNonNaN(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) return i;
  return -1;
}

/** Same values, with NaN equal to NaN (Object.is, so 0 and −0 differ too). */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>, upTo: number): number {
  for (let i = 0; i <= upTo && i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

interface Checks {
  name: string;
  run: () => void;
}

function contractChecks<P extends object>(
  def: FeatureDefinition<P>,
  params: P,
  options: FeatureContractOptions<P>,
): Checks[] {
  const lookback = def.lookback(params);
  const names = def.outputs(params);
  const ctxOf = options.context ?? ((_s: SymbolSeries, marketClose: Float64Array) => ({ marketClose }));
  const compute = (s: SymbolSeries, market: Float64Array): Float64Array[] =>
    def.compute(s, params, ctxOf(s, market));
  const label = `${def.name}(${JSON.stringify(params)})`;

  const shape = (): void => {
    expect(new Set(names).size, `${label}: output names ${names.join(', ')} must be unique`).to.equal(
      names.length,
    );
    for (const n of [0, 1, lookback + 60]) {
      const { series, market } = buildSeries(randomDraws(n, 11));
      const before = copySeries(series);
      const marketBefore = market.slice();
      const out = compute(series, market);
      expect(out.length, `${label}: number of outputs`).to.equal(names.length);
      out.forEach((col, k) => {
        expect(col, `${label}: ${names[k]} is a Float64Array`).to.be.instanceOf(Float64Array);
        expect(col.length, `${label}: ${names[k]} length for ${n} rows`).to.equal(n);
      });
      for (const c of COLUMNS) expect(series[c], `${label} must not mutate ${c}`).to.deep.equal(before[c]);
      expect(market, `${label} must not mutate ctx.marketClose`).to.deep.equal(marketBefore);
      const again = compute(series, market);
      out.forEach((col, k) =>
        expect(sameValues(col, again[k], n), `${label}: ${names[k]} deterministic`).to.equal(-1),
      );
    }
  };

  const warmUp = (): void => {
    expect(Number.isInteger(lookback) && lookback >= 0, `${label}: lookback ${lookback}`).to.equal(true);
    for (const seed of [1, 2, 3]) {
      const { series, market } = buildSeries(randomDraws(lookback + 60, seed));
      const out = compute(series, market);
      const firsts = out.map(firstNonNaN);
      expect(
        Math.max(...firsts),
        `${label}: first non-NaN index (largest over ${names.join(', ')})`,
      ).to.equal(lookback);
      firsts.forEach((f, k) => {
        if (options.outputLookbacks)
          expect(f, `${label}: first non-NaN index of ${names[k]}`).to.equal(options.outputLookbacks[k]);
        else expect(f, `${label}: first non-NaN index of ${names[k]}`).to.be.within(0, lookback);
        for (let t = f; t < out[k].length; t++)
          expect(
            Number.isFinite(out[k][t]),
            `${label}: ${names[k]}[${t}] = ${out[k][t]} after warm-up`,
          ).to.equal(true);
      });
      firsts.forEach((f, k) => {
        const short = buildSeries(randomDraws(f, seed));
        const col = compute(short.series, short.market)[k];
        expect(firstNonNaN(col), `${label}: ${names[k]} on ${f} rows is all NaN`).to.equal(-1);
      });
    }
  };

  const causality = (): void => {
    const arb = fc
      .integer({ min: 1, max: lookback + 40 })
      .chain((n) =>
        fc.tuple(
          fc.array(drawArb, { minLength: n, maxLength: n }),
          fc.array(drawArb, { minLength: n, maxLength: n }),
          fc.integer({ min: 0, max: n - 1 }),
        ),
      );
    fc.assert(
      fc.property(arb, ([base, other, t]) => {
        const a = buildSeries(base);
        const b = buildSeries([
          ...base.slice(0, t + 1),
          ...other.slice(t + 1).map((o, i) => differ(base[t + 1 + i], o)),
        ]);
        const outA = compute(a.series, a.market);
        const outB = compute(b.series, b.market);
        outA.forEach((col, k) => {
          const at = sameValues(col, outB[k], t);
          if (at >= 0)
            throw new Error(
              `${label}: ${names[k]}[${at}] changed from ${col[at]} to ${outB[k][at]} when rows after ${t} changed`,
            );
        });
      }),
      { numRuns: options.numRuns ?? 60 },
    );
  };

  const nanInput = (): void => {
    const recovery = options.nanRecovery ?? lookback + 1;
    const n = 2 * lookback + 60;
    const clean = buildSeries(randomDraws(n, 5));
    const ref = compute(clean.series, clean.market);
    for (const column of COLUMNS)
      for (const k of [0, Math.floor(lookback / 2), lookback, lookback + 7]) {
        const s = copySeries(clean.series);
        s[column][k] = NaN;
        const out = compute(s, clean.market);
        out.forEach((col, j) => {
          const what = `${label}: ${names[j]} with NaN ${column}[${k}]`;
          expect(col.length, what).to.equal(n);
          if (k > 0)
            expect(sameValues(col, ref[j], k - 1), `${what}: rows before ${k} unchanged`).to.equal(-1);
          if (recovery !== false)
            for (let t = Math.max(k + recovery, lookback); t < n; t++)
              expect(Number.isFinite(col[t]), `${what}: row ${t} finite again`).to.equal(true);
        });
      }
  };

  const badParams = (): void => {
    const cases: Partial<P>[] = [...(options.badParams ?? [])];
    const real = new Set<string>(options.realParams ?? []);
    for (const key of Object.keys(def.defaults) as (keyof P & string)[]) {
      const bad = [0, -1, NaN, Infinity];
      if (!real.has(key)) bad.push(2.5);
      for (const v of bad) cases.push({ [key]: v } as Partial<P>);
    }
    for (const c of cases) {
      const p = { ...params, ...c };
      const shown = Object.values(c).map((v) => String(v));
      expect(() => def.validate(p), `${def.name}.validate(${JSON.stringify(c)})`)
        .to.throw(RangeError)
        .that.satisfies(
          (e: Error) => shown.some((v) => e.message.includes(v)),
          `message echoes ${shown.join(', ')}`,
        );
    }
    expect(() => def.validate(params), `${label}: validate accepts the tested params`).not.to.throw();
  };

  return [
    {
      name: `${label} returns one (nObs,) Float64Array per output, purely and deterministically`,
      run: shape,
    },
    { name: `${label} is NaN exactly before its lookback (${lookback}) and finite after`, run: warmUp },
    {
      name: `${label} is causal: changing rows after t never changes outputs at or before t`,
      run: causality,
    },
    { name: `${label} handles a NaN input: past unchanged, finite again after the window`, run: nanInput },
    { name: `${def.name} rejects bad parameters with a RangeError echoing the value`, run: badParams },
  ];
}

/** Registers the contract's tests (one `it` per property) for `def` at `params`. Call inside a `describe`. */
export function checkFeatureContract<P extends object>(
  def: FeatureDefinition<P>,
  params: P = def.defaults,
  options: FeatureContractOptions<P> = {},
): void {
  describe(`${def.name} feature contract`, function () {
    for (const c of contractChecks(def, params, options)) it(c.name, c.run);
  });
}

/** Runs every contract check at once (inside an `it`); throws on the first failure. */
export function runFeatureContract<P extends object>(
  def: FeatureDefinition<P>,
  params: P = def.defaults,
  options: FeatureContractOptions<P> = {},
): void {
  for (const c of contractChecks(def, params, options)) c.run();
}
