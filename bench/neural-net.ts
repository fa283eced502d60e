// NeuralNet benchmark (issue 6): time per training epoch on 100k rows for each TF.js backend that runs here.
//
//   synthetic matrix (seeded, not market data: --rows × --cols standard-normal features, the shape of the
//   real feature matrix; target sin(x0)·x1 + x2² + noise) ──▶ for each backend (tensorflow, wasm, cpu):
//   NeuralNet with the default architecture (64 → 32 → 16, BatchNorm, dropout), --batch rows per step,
//   no validation split, --epochs epochs ──▶ wall and CPU ms per epoch, rows/s, ms per Adam step,
//   predict time on all rows, and the training loss (the backends agree to float32 rounding).
// The tensorflow backend (tfjs-node) is an optionalDependency whose installer downloads libtensorflow;
// when it does not load, the row says why. Timings depend on the machine's load (bench/run.ts prints it).
import { parseArgs } from 'node:util';
import { NeuralNet, type NeuralNetBackend } from '../src/models/neural-net.js';
import type { Matrix } from '../src/types.js';
import { Rng } from '../src/util/rng.js';
import { type Benchmark, fmtMs, fmtRate, fmtRatio, isMainModule, markdownTable } from './util.js';

const HELP = `npm run bench -- neural-net [options]
  --rows N       training rows (default 100000)
  --cols N       features (default 17)
  --epochs N     epochs timed per backend (default 2)
  --batch N      batch size (default 256, NeuralNet's default)
  --backends L   comma-separated subset of tensorflow,wasm,cpu (default all)
  --seed N       data and model seed (default 42)`;

function syntheticMatrix(rows: number, cols: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = rng.normal();
    const x = data.subarray(i * cols, (i + 1) * cols);
    y[i] = Math.sin(x[0]) * (x[1] ?? 1) + (x[2] ?? 0) ** 2 + 0.1 * rng.normal();
  }
  const columns = Array.from({ length: cols }, (_, j) => `f${j}`);
  return { X: { data, rows, cols, columns }, y };
}

interface Row {
  backend: NeuralNetBackend;
  status: string;
  wallMsPerEpoch?: number;
  cpuMsPerEpoch?: number;
  msPerStep?: number;
  predictMs?: number;
  loss?: number;
}

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rows: { type: 'string', default: '100000' },
      cols: { type: 'string', default: '17' },
      epochs: { type: 'string', default: '2' },
      batch: { type: 'string', default: '256' },
      backends: { type: 'string', default: 'tensorflow,wasm,cpu' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return true;
  }
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
    return n;
  };
  const rows = int('rows', values.rows, 2);
  const cols = int('cols', values.cols, 3);
  const epochs = int('epochs', values.epochs, 1);
  const batchSize = int('batch', values.batch, 1);
  const seed = int('seed', values.seed, -(2 ** 31));
  const wanted = values.backends.split(',').map((s) => s.trim()) as NeuralNetBackend[];
  const unknown = wanted.filter((b) => !['tensorflow', 'wasm', 'cpu'].includes(b));
  if (unknown.length > 0)
    throw new Error(`--backends: unknown ${unknown.join(', ')} (known: tensorflow, wasm, cpu)`);

  const { X, y } = syntheticMatrix(rows, cols, seed);
  const steps = Math.ceil(rows / batchSize);
  console.log(
    `synthetic matrix ${rows.toLocaleString('en-US')} × ${cols} (seeded, not market data); NeuralNet defaults ` +
      `(64 → 32 → 16, ReLU, BatchNorm, dropout 0.3/0.2/0.1, Adam), batch ${batchSize} (${steps} steps/epoch), ` +
      `${epochs} epoch(s) per backend, no validation split\n`,
  );
  // Initialize wasm (async, once) before the synchronous fits; tensorflow loads synchronously if installed.
  await NeuralNet.ready('auto').catch(() => undefined);
  if (wanted.includes('wasm')) await NeuralNet.ready('wasm').catch(() => undefined);
  const status = new Map(NeuralNet.backends().map((s) => [s.name, s]));

  const results: Row[] = [];
  let ok = true;
  for (const backend of wanted) {
    const s = status.get(backend);
    if (s?.status !== 'ready' && backend !== 'cpu') {
      results.push({ backend, status: `not run: ${s?.reason ?? s?.status ?? 'unknown'}` });
      continue;
    }
    try {
      const c0 = process.cpuUsage();
      const nn = new NeuralNet({ epochs, batchSize, validationFraction: 0, seed, backend }).fit(X, y);
      const cpu = process.cpuUsage(c0);
      const r = nn.fitResult!;
      const t0 = performance.now();
      nn.predict(X);
      const predictMs = performance.now() - t0;
      results.push({
        backend,
        status: 'ok',
        wallMsPerEpoch: r.timeMs! / r.epochs,
        cpuMsPerEpoch: (cpu.user + cpu.system) / 1000 / r.epochs,
        msPerStep: r.timeMs! / (r.epochs * steps),
        predictMs,
        loss: r.loss.at(-1),
      });
    } catch (err) {
      ok = false;
      results.push({ backend, status: `failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const fastest = Math.min(...results.map((r) => r.wallMsPerEpoch ?? Infinity));
  console.log(
    markdownTable(
      [
        'backend',
        'ms/epoch (wall)',
        'ms/epoch (CPU)',
        'rows/s',
        'ms/step',
        `predict ${rows.toLocaleString('en-US')} rows (ms)`,
        'vs fastest',
        'last-epoch loss',
        'status',
      ],
      results.map((r) => [
        r.backend,
        fmtMs(r.wallMsPerEpoch),
        fmtMs(r.cpuMsPerEpoch),
        r.wallMsPerEpoch === undefined ? '—' : fmtRate(rows, r.wallMsPerEpoch),
        fmtMs(r.msPerStep),
        fmtMs(r.predictMs),
        fmtRatio(r.wallMsPerEpoch, fastest),
        r.loss === undefined ? '—' : r.loss.toFixed(6),
        r.status,
      ]),
      'lrrrrrrrl',
    ),
  );
  const memory = NeuralNet.memory();
  console.log(
    `\nTF.js tensors alive after all fits and predictions: ${memory.numTensors} (${memory.numBytes} bytes)`,
  );
  return ok;
}

export const benchmark: Benchmark = {
  description: 'NeuralNet (TF.js): time per epoch on 100k rows for each backend (tensorflow, wasm, cpu)',
  run,
};

if (isMainModule(import.meta.url)) process.exitCode = (await run(process.argv.slice(2))) ? 0 : 1;
