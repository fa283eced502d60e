// Notebook runner benchmark: one 10-cell TypeScript notebook executed on the same tslab kernelspec by
//
//   quantbook run       the CLI in a child process (dist/cli.js when built with `run`, else src/cli.ts via tsx)
//   runNotebook         the library call in this process (kernel start + 10 cells + shutdown)
//   jupyter nbconvert   Debian's `/usr/bin/jupyter nbconvert --to notebook --execute` (nbclient, Python)
//
// in the same run, alternating, --reps times each; wall time per run, median reported. Everything runs in
// a private Jupyter sandbox (JUPYTER_PATH, data, runtime, config dirs, TMPDIR under one temp folder) whose
// kernels/tslab/kernel.json starts node_modules/tslab on this Node.js — so both clients start the very same
// kernel command. The notebook uses plain TypeScript (no quantbook import), so dist/ need not be built.
// Target (issue 8): quantbook run ≤ 1× nbconvert's wall time. A miss prints MISS; the exit code stays 0
// unless a runner could not run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tslabKernelSpec } from '../src/notebook/kernelspec.js';
import { writeNotebook, type Notebook } from '../src/notebook/nbformat.js';
import { runNotebook } from '../src/notebook/runner.js';
import { type Benchmark, fmtMs, fmtRatio, markdownTable, median, repoRoot } from './util.js';

const JUPYTER = '/usr/bin/jupyter';
const HELP = `usage: npm run bench -- notebook [--reps N]
  --reps N   runs per client (default 3)`;

const CELLS = [
  "const n = 200_000;\nconsole.log('start');",
  'const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i));',
  'let sum = 0;\nfor (const x of xs) sum += x;\nconsole.log(sum.toFixed(6));',
  'const sorted = [...xs].sort((a, b) => a - b);\nsorted[n >> 1]',
  'interface Row { i: number; v: number }\nconst rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({ i, v: xs[i]! }));\nconsole.log(rows.length);',
  "const table = '<table>' + rows.slice(0, 5).map((r) => `<tr><td>${r.i}</td><td>${r.v.toFixed(3)}</td></tr>`).join('') + '</table>';\ntable.length",
  'function mean(a: ArrayLike<number>): number {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) s += a[i]!;\n  return s / a.length;\n}\nconsole.log(mean(xs).toExponential(3));',
  "await new Promise((resolve) => setTimeout(resolve, 10));\nconsole.log('async');",
  'const counts = new Map<string, number>();\nfor (const r of rows) counts.set(r.v > 0 ? "up" : "down", (counts.get(r.v > 0 ? "up" : "down") ?? 0) + 1);\nconsole.log([...counts]);',
  "console.log('done', sum > -1e9);",
];

function makeNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: CELLS.map((source, i) => ({
      id: `cell-${i}`,
      cell_type: 'code',
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
  };
}

/** A private Jupyter environment with the tslab kernelspec (argv: this node + node_modules/tslab). */
function sandbox(root: string): NodeJS.ProcessEnv {
  const dir = (name: string) => {
    const d = path.join(root, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  const spec = tslabKernelSpec({ from: [repoRoot] });
  if (!spec) throw new Error('node_modules/tslab is missing: run npm ci');
  const kernels = dir('share/jupyter/kernels/tslab');
  fs.writeFileSync(
    path.join(kernels, 'kernel.json'),
    JSON.stringify({ argv: spec.argv, display_name: 'TypeScript', language: 'typescript' }),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: path.join(root, 'share/jupyter'),
    JUPYTER_DATA_DIR: dir('data'),
    JUPYTER_RUNTIME_DIR: dir('runtime'),
    JUPYTER_CONFIG_DIR: dir('config'),
    JUPYTER_NO_CONFIG: '1',
    IPYTHONDIR: dir('ipython'),
    TMPDIR: dir('tmp'),
  };
  delete env.JUPYTER_PREFER_ENV_PATH;
  delete env.PYTHONPATH;
  return env;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, cwd, encoding: 'utf8', timeout: 300_000 });
  const ms = performance.now() - t;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return ms;
}

/** The CLI to time: dist/cli.js when it has the `run` command, else src/cli.ts through tsx. */
function cliCommand(): { args: string[]; label: string } {
  const dist = path.join(repoRoot, 'dist', 'cli.js');
  if (fs.existsSync(dist) && fs.readFileSync(dist, 'utf8').includes(".command('run')"))
    return { args: [dist], label: 'quantbook run (dist/cli.js)' };
  return {
    args: ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts')],
    label: 'quantbook run (src/cli.ts via tsx)',
  };
}

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: { reps: { type: 'string', default: '3' }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return true;
  }
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps must be an integer ≥ 1, got ${values.reps}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-bench-nb-'));
  try {
    const env = sandbox(root);
    const nb = path.join(root, 'bench-10-cells.ipynb');
    writeNotebook(nb, makeNotebook());
    const cli = cliCommand();
    const hasJupyter = fs.existsSync(JUPYTER) && fs.existsSync('/usr/bin/jupyter-nbconvert');
    const times: Record<string, number[]> = { cli: [], lib: [], nbconvert: [] };
    for (let rep = 0; rep < reps; rep++) {
      times.cli.push(
        timed(
          process.execPath,
          [...cli.args, 'run', nb, '-o', path.join(root, 'out-cli.ipynb'), '-q'],
          env,
          root,
        ),
      );
      const t = performance.now();
      await runNotebook(nb, { output: path.join(root, 'out-lib.ipynb'), env });
      times.lib.push(performance.now() - t);
      if (hasJupyter)
        times.nbconvert.push(
          timed(
            JUPYTER,
            ['nbconvert', '--to', 'notebook', '--execute', '--output-dir', path.join(root, 'nbconvert'), nb],
            env,
            root,
          ),
        );
    }
    const med = (k: string) => median(times[k]);
    const peer = hasJupyter ? med('nbconvert') : undefined;
    const rows = [
      [cli.label, fmtMs(med('cli')), fmtRatio(med('cli'), peer), times.cli.map((x) => fmtMs(x)).join(', ')],
      [
        'runNotebook (in-process)',
        fmtMs(med('lib')),
        fmtRatio(med('lib'), peer),
        times.lib.map((x) => fmtMs(x)).join(', '),
      ],
      [
        'jupyter nbconvert --to notebook --execute',
        hasJupyter ? fmtMs(peer) : 'not installed',
        hasJupyter ? '1.00×' : '—',
        times.nbconvert.map((x) => fmtMs(x)).join(', '),
      ],
    ];
    console.log(
      `10-cell notebook on the tslab kernelspec, ${reps} run(s) each, alternating; wall ms (median)\n`,
    );
    console.log(markdownTable(['client', 'median ms', 'vs nbconvert', 'runs'], rows));
    if (!hasJupyter) {
      console.log(
        `\n${JUPYTER} with nbconvert is missing (apt-get install jupyter-nbconvert): no peer figure`,
      );
      return false;
    }
    const ratio = med('cli') / peer!;
    console.log(
      `\ntarget quantbook run ≤ 1× nbconvert: ${ratio <= 1 ? 'OK' : 'MISS'} (${ratio.toFixed(2)}×)`,
    );
    return true;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  description: '10-cell notebook: quantbook run / runNotebook vs jupyter nbconvert --execute (tslab kernel)',
  run,
};
