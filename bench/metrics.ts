// Metrics benchmark: src/metrics on 1,000,000 synthetic scores (seeded), against scikit-learn 1.2 /
// SciPy 1.10 on the very same doubles (Debian's /usr/bin/python3, in a child process, when present).
//
//   data     y ~ Bernoulli(0.3); score = logistic(N(0, 1) + 0.6 y) — every score distinct ("continuous") —
//            and the same rounded to 1e-3 ("ties": ~1,000 distinct values); weights ~ U(0, 2)
//   timed    rocAuc, rocAuc weighted, averagePrecision, rocCurve, precisionRecallCurve, calibrationCurve
//            (uniform and quantile, 10 bins), expectedCalibrationError, ksStatistic (first half vs second
//            half: the asymptotic path), populationStabilityIndex (same halves; no sklearn peer)
//   each     cold (the first call in the process) and the median of --reps warm calls; sklearn: median of
//            --reps calls after one warm-up
// Target (issue 4): rocAuc and averagePrecision ≤ 300 ms each on 1,000,000 scores (warm). A missed target
// prints MISS; the exit code stays 0 unless the benchmark could not run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  averagePrecision,
  calibrationCurve,
  expectedCalibrationError,
  ksStatistic,
  populationStabilityIndex,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from '../src/metrics/index.js';
import { Rng } from '../src/util/rng.js';
import { type Benchmark, collectGarbage, fmtMs, fmtRatio, markdownTable, median } from './util.js';

const TARGET_MS = 300;
const PYTHON = '/usr/bin/python3';

interface Data {
  y: Float64Array;
  continuous: Float64Array;
  ties: Float64Array;
  w: Float64Array;
}

function makeData(n: number, seed: number): Data {
  const rng = new Rng(seed);
  const y = new Float64Array(n);
  const continuous = new Float64Array(n);
  const ties = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.random() < 0.3 ? 1 : 0;
    continuous[i] = 1 / (1 + Math.exp(-(rng.normal() + 0.6 * y[i])));
    ties[i] = Math.round(continuous[i] * 1000) / 1000;
    w[i] = 2 * rng.random();
  }
  return { y, continuous, ties, w };
}

interface Case {
  name: string;
  data: 'continuous' | 'ties';
  /** Key of the same computation in the Python script, if it has one. */
  py?: string;
  target?: number;
  run: (d: Data, s: Float64Array) => unknown;
}

const half = (s: Float64Array): [Float64Array, Float64Array] => [
  s.subarray(0, s.length >> 1),
  s.subarray(s.length >> 1),
];

const CASES: Case[] = [
  { name: 'rocAuc', data: 'continuous', py: 'roc_auc', target: TARGET_MS, run: (d, s) => rocAuc(d.y, s) },
  { name: 'rocAuc', data: 'ties', py: 'roc_auc', target: TARGET_MS, run: (d, s) => rocAuc(d.y, s) },
  { name: 'rocAuc weighted', data: 'continuous', py: 'roc_auc_w', run: (d, s) => rocAuc(d.y, s, d.w) },
  {
    name: 'averagePrecision',
    data: 'continuous',
    py: 'ap',
    target: TARGET_MS,
    run: (d, s) => averagePrecision(d.y, s),
  },
  {
    name: 'averagePrecision',
    data: 'ties',
    py: 'ap',
    target: TARGET_MS,
    run: (d, s) => averagePrecision(d.y, s),
  },
  { name: 'rocCurve', data: 'continuous', py: 'roc_curve', run: (d, s) => rocCurve(d.y, s) },
  { name: 'rocCurve', data: 'ties', py: 'roc_curve', run: (d, s) => rocCurve(d.y, s) },
  {
    name: 'precisionRecallCurve',
    data: 'continuous',
    py: 'pr_curve',
    run: (d, s) => precisionRecallCurve(d.y, s),
  },
  { name: 'precisionRecallCurve', data: 'ties', py: 'pr_curve', run: (d, s) => precisionRecallCurve(d.y, s) },
  {
    name: 'calibrationCurve uniform',
    data: 'continuous',
    py: 'cal_uniform',
    run: (d, s) => calibrationCurve(d.y, s),
  },
  {
    name: 'calibrationCurve quantile',
    data: 'continuous',
    py: 'cal_quantile',
    run: (d, s) => calibrationCurve(d.y, s, { strategy: 'quantile' }),
  },
  { name: 'expectedCalibrationError', data: 'continuous', run: (d, s) => expectedCalibrationError(d.y, s) },
  { name: 'ksStatistic halves', data: 'continuous', py: 'ks', run: (_, s) => ksStatistic(...half(s)) },
  {
    name: 'populationStabilityIndex halves',
    data: 'continuous',
    run: (_, s) => populationStabilityIndex(...half(s)),
  },
];

const PY_SCRIPT = String.raw`
import json, sys, time
import numpy as np
import sklearn, scipy
from sklearn.metrics import roc_auc_score, average_precision_score, roc_curve, precision_recall_curve
from sklearn.calibration import calibration_curve
from scipy.stats import ks_2samp
d, reps = sys.argv[1], int(sys.argv[2])
y = np.fromfile(d + '/y.f64'); w = np.fromfile(d + '/w.f64')
data = {k: np.fromfile(d + '/' + k + '.f64') for k in ('continuous', 'ties')}
h = len(y) // 2
fns = {
  'roc_auc': lambda s: roc_auc_score(y, s), 'roc_auc_w': lambda s: roc_auc_score(y, s, sample_weight=w),
  'ap': lambda s: average_precision_score(y, s), 'roc_curve': lambda s: roc_curve(y, s),
  'pr_curve': lambda s: precision_recall_curve(y, s),
  'cal_uniform': lambda s: calibration_curve(y, s, n_bins=10),
  'cal_quantile': lambda s: calibration_curve(y, s, n_bins=10, strategy='quantile'),
  'ks': lambda s: ks_2samp(s[:h], s[h:]),
}
out = {'versions': {'sklearn': sklearn.__version__, 'scipy': scipy.__version__, 'numpy': np.__version__}, 'ms': {}, 'value': {}}
for want in json.loads(sys.argv[3]):
    key, kind = want
    f, s = fns[key], data[kind]
    v = f(s)
    times = []
    for _ in range(reps):
        t = time.perf_counter(); f(s); times.append((time.perf_counter() - t) * 1000)
    out['ms'][key + '/' + kind] = sorted(times)[len(times) // 2]
    if key in ('roc_auc', 'roc_auc_w', 'ap'):
        out['value'][key + '/' + kind] = float(v)
print(json.dumps(out))
`;

interface PyOut {
  versions: Record<string, string>;
  ms: Record<string, number>;
  value: Record<string, number>;
}

function runPython(data: Data, reps: number): PyOut | string {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-bench-metrics-'));
  try {
    for (const key of ['y', 'w', 'continuous', 'ties'] as const) {
      const a = data[key];
      fs.writeFileSync(path.join(dir, `${key}.f64`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    const wanted = CASES.filter((c) => c.py).map((c) => [c.py, c.data]);
    const res = spawnSync(
      PYTHON,
      ['-W', 'ignore', '-c', PY_SCRIPT, dir, String(reps), JSON.stringify(wanted)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    if (res.status !== 0)
      return `python failed: ${(res.stderr || res.error?.message || '').trim().split('\n').pop()}`;
    return JSON.parse(res.stdout) as PyOut;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const HELP = `npm run bench -- metrics [options]
  --n N          scores (default 1000000)
  --reps N       warm repetitions per metric (default 5)
  --seed N       data seed (default 42)
  --no-python    skip the scikit-learn / SciPy comparison`;

function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      n: { type: 'string', default: '1000000' },
      reps: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      'no-python': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return Promise.resolve(true);
  }
  const n = Number(values.n);
  const reps = Number(values.reps);
  const seed = Number(values.seed);
  if (!Number.isInteger(n) || n < 2) throw new Error(`--n must be an integer ≥ 2, got ${values.n}`);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps must be a positive integer, got ${values.reps}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);

  const data = makeData(n, seed);
  const distinct = new Set(data.ties).size;
  console.log(
    `data: ${n.toLocaleString('en-US')} rows, ${(data.y.reduce((a, b) => a + b, 0) / n).toFixed(3)} positive; ` +
      `continuous scores all distinct, tied scores ${distinct.toLocaleString('en-US')} distinct; seed ${seed}`,
  );
  const rows: string[][] = [];
  const ours: Record<string, number> = {};
  const values2: Record<string, number> = {};
  for (const c of CASES) {
    const s = data[c.data];
    collectGarbage();
    let result: unknown;
    const cold = time(() => (result = c.run(data, s)));
    const warm: number[] = [];
    for (let r = 0; r < reps; r++) {
      collectGarbage();
      warm.push(time(() => c.run(data, s)));
    }
    const key = `${c.name}/${c.data}`;
    ours[key] = median(warm);
    if (typeof result === 'number' && c.py) values2[`${c.py}/${c.data}`] = result;
    rows.push([c.name, c.data, fmtMs(cold), fmtMs(ours[key])]);
  }

  const py = values['no-python'] ? 'skipped (--no-python)' : runPython(data, reps);
  const header = ['metric', 'scores', 'cold ms', 'warm ms'];
  if (typeof py !== 'string') header.push('sklearn/SciPy ms', 'quantbook / sklearn');
  header.push('target');
  let allMet = true;
  CASES.forEach((c, i) => {
    const warm = ours[`${c.name}/${c.data}`];
    if (typeof py !== 'string') {
      const theirs = c.py ? py.ms[`${c.py}/${c.data}`] : undefined;
      rows[i].push(fmtMs(theirs), fmtRatio(warm, theirs));
    }
    const ok = c.target === undefined || warm <= c.target;
    allMet &&= ok;
    rows[i].push(c.target === undefined ? '' : `${ok ? 'ok' : 'MISS'} (≤ ${c.target} ms)`);
  });
  console.log(markdownTable(header, rows, 'llrrrrrl'));
  if (typeof py === 'string') {
    console.log(`\nsklearn comparison: ${py}`);
  } else {
    const v = py.versions;
    console.log(`\npeers: scikit-learn ${v.sklearn}, SciPy ${v.scipy}, NumPy ${v.numpy} (${PYTHON})`);
    const diffs = Object.entries(values2).map(([k, ours2]) => Math.abs(ours2 - (py.value[k] ?? NaN)));
    console.log(
      `same values: rocAuc / averagePrecision agree with sklearn to ${Math.max(...diffs).toExponential(1)}`,
    );
  }
  console.log(
    allMet
      ? `targets: rocAuc and averagePrecision ≤ ${TARGET_MS} ms on ${n.toLocaleString('en-US')} scores: met`
      : 'targets: MISS (see above)',
  );
  return Promise.resolve(true);
}

export const benchmark: Benchmark = {
  description:
    'rocAuc, averagePrecision and the curves on 1,000,000 scores; vs scikit-learn 1.2 / SciPy 1.10',
  run,
};
