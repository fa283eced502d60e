// Backtest benchmark: simulate() and blendSweep() on the real panel (all_stocks_5yr.csv.gz: 505 symbols ×
// 1,259 days) — or, with --synthetic, on 500 × 1,250 seeded random walks (named as such) — with causal
// scores computed per symbol from past closes only.
//
//   prepare    untimed: csv.gz → importOhlcv → panel; predictions (symbol, date, score, base, ml):
//              score = 20-day momentum close/close₋₂₀ − 1; base = its per-date percentile rank (0–1);
//              ml = the 5-day reversal −(close/close₋₅ − 1), read as a "predicted return" for the sweep
//   simulate   daily rebalance, top decile (quantile 0.1), lag 1, close fills, 5 bps per side: cold (first call)
//              and the median of --reps warm calls; bar-evaluations/s = symbols × days / time
//   phases     the same call split: priceGrid, alignScores, simulateGrid (engine), tables
//   sweep      blendSweep over r = 0, 0.05, …, 1 (21 backtests + statistics), same policy
// Targets (issue 7): simulate ≤ 1 s, sweep ≤ 10 s. Peer: vectorbt's documentation quotes about 50 M
// bar-evaluations/s for its Numba-compiled portfolio simulation (not run here). A missed target prints
// MISS; the exit code stays 0 unless the benchmark could not run.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { blendSweep } from '../src/backtest/blend-sweep.js';
import { simulateGrid } from '../src/backtest/engine.js';
import { alignScores, priceGrid } from '../src/backtest/grid.js';
import { resolvePolicy, type BacktestPolicy } from '../src/backtest/policy.js';
import { simulate } from '../src/backtest/simulate.js';
import { numericColumn, stringColumn, symbolRanges } from '../src/data/panel.js';
import { importOhlcv } from '../src/data/import.js';
import { crossSectionalRank, dateGroups } from '../src/features/cross-section.js';
import { D0, DAY, mulberry32, normal } from '../test/helpers/synthetic-panel.js';
import { type Benchmark, collectGarbage, dataDir, fmtMs, fmtRate, markdownTable, median } from './util.js';

const SIM_TARGET_MS = 1000;
const SWEEP_TARGET_MS = 10_000;
const VECTORBT_RATE = 50e6;
const POLICY: BacktestPolicy = { select: 'top-quantile', quantile: 0.1, costBps: 5 };

function syntheticPanel(nSymbols: number, nDays: number, seed: number): ColumnTable {
  const u = mulberry32(seed);
  const symbol: string[] = [];
  const date = new Float64Array(nSymbols * nDays);
  const close = new Float64Array(nSymbols * nDays);
  for (let s = 0; s < nSymbols; s++) {
    let c = 20 + 80 * u();
    for (let t = 0; t < nDays; t++) {
      c *= Math.exp(0.0003 + 0.02 * normal(u));
      const i = s * nDays + t;
      symbol.push(`S${String(s).padStart(3, '0')}`);
      date[i] = D0 + t * DAY;
      close[i] = c;
    }
  }
  return aq.table({ symbol, date, close });
}

/** score, base, ml per row of a panel sorted by symbol then date (see the header). */
function predictions(panel: ColumnTable): ColumnTable {
  const symbols = stringColumn(panel, 'symbol');
  const date = numericColumn(panel, 'date');
  const close = numericColumn(panel, 'close');
  const n = close.length;
  const score = new Float64Array(n).fill(NaN);
  const ml = new Float64Array(n).fill(NaN);
  const r = symbolRanges(symbols);
  for (let k = 0; k < r.symbols.length; k++)
    for (let i = r.start[k]; i < r.end[k]; i++) {
      if (i - 20 >= r.start[k]) score[i] = close[i] / close[i - 20] - 1;
      if (i - 5 >= r.start[k]) ml[i] = -(close[i] / close[i - 5] - 1);
    }
  const base = crossSectionalRank(score, dateGroups(date));
  return aq.table({ symbol: symbols, date: Float64Array.from(date), score, base, ml });
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

export const benchmark: Benchmark = {
  description:
    'simulate() daily top decile on 500 × 1,250 (target ≤ 1 s) and a 21-point blend sweep (≤ 10 s)',
  run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        reps: { type: 'string', default: '5' },
        synthetic: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      console.log('usage: npm run bench -- backtest [--reps N] [--synthetic]');
      return Promise.resolve(true);
    }
    const reps = Number(values.reps);
    if (!(Number.isInteger(reps) && reps >= 1))
      throw new Error(`--reps must be an integer ≥ 1, got ${values.reps}`);
    const csv = path.join(dataDir(), 'all_stocks_5yr.csv.gz');
    const real = !values.synthetic && fs.existsSync(csv);
    const [panel, prepMs] = time(() => (real ? importOhlcv(csv) : syntheticPanel(500, 1250, 7)));
    const preds = predictions(panel);
    const grid0 = priceGrid(panel);
    const cells = grid0.nSymbols * grid0.nDates;
    console.log(
      `panel: ${real ? 'real all_stocks_5yr.csv.gz' : 'synthetic random walks (seed 7)'}, ${grid0.nSymbols} symbols × ${grid0.nDates} days ` +
        `= ${cells.toLocaleString('en-US')} bars, ${panel.numRows().toLocaleString('en-US')} rows (prepared in ${fmtMs(prepMs)} ms, untimed)`,
    );
    console.log(`policy: ${JSON.stringify(POLICY)} (daily rebalance, lag 1, close fills)\n`);

    collectGarbage();
    const [first, cold] = time(() => simulate(preds, panel, POLICY));
    const warm: number[] = [];
    for (let i = 0; i < reps; i++) {
      collectGarbage();
      warm.push(time(() => simulate(preds, panel, POLICY))[1]);
    }
    const resolved = resolvePolicy(POLICY);
    const phase = { grid: [] as number[], align: [] as number[], engine: [] as number[] };
    for (let i = 0; i < reps; i++) {
      const [grid, g] = time(() => priceGrid(panel));
      const [sc, a] = time(() => alignScores(grid, preds));
      const [, e] = time(() => simulateGrid(grid, sc, resolved, true));
      phase.grid.push(g);
      phase.align.push(a);
      phase.engine.push(e);
    }
    const simMs = median(warm);
    const [sweep, sweepMs] = time(() => blendSweep(preds, panel, POLICY));
    const rate = (cells / simMs) * 1000;
    const ok = (ms: number, target: number) => (ms <= target ? 'ok' : 'MISS');
    console.log(
      markdownTable(
        ['step', 'cold ms', 'warm ms (median)', 'bar-evaluations/s', 'target', ''],
        [
          [
            'simulate (whole call)',
            fmtMs(cold),
            fmtMs(simMs),
            fmtRate(cells, simMs),
            `≤ ${SIM_TARGET_MS} ms`,
            ok(simMs, SIM_TARGET_MS),
          ],
          ['  priceGrid', '', fmtMs(median(phase.grid)), '', '', ''],
          ['  alignScores', '', fmtMs(median(phase.align)), '', '', ''],
          [
            '  simulateGrid (engine)',
            '',
            fmtMs(median(phase.engine)),
            fmtRate(cells, median(phase.engine)),
            '',
            '',
          ],
          [
            'blendSweep, 21 ratios',
            fmtMs(sweepMs),
            '',
            fmtRate(cells * 21, sweepMs),
            `≤ ${SWEEP_TARGET_MS} ms`,
            ok(sweepMs, SWEEP_TARGET_MS),
          ],
        ],
      ),
    );
    console.log(
      `\nvs vectorbt (~${VECTORBT_RATE / 1e6} M bar-evaluations/s, its documentation's figure): ${(rate / VECTORBT_RATE).toFixed(2)}× ` +
        `for the whole call, ${(((cells / median(phase.engine)) * 1000) / VECTORBT_RATE).toFixed(2)}× for the engine alone`,
    );
    const net = first.daily.net;
    const eq = first.daily.equity[net.length - 1];
    console.log(
      `sanity: ${net.length} days, ${first.positions.numRows().toLocaleString('en-US')} position rows, ` +
        `${first.trades.numRows().toLocaleString('en-US')} trades, final equity ${eq.toFixed(4)}; ` +
        `sweep CAGR r=0 ${(sweep.stats[0].cagr * 100).toFixed(2)} %, r=1 ${(sweep.stats[20].cagr * 100).toFixed(2)} %`,
    );
    return Promise.resolve(true);
  },
};
