/**
 * Runs notebooks on the tslab kernel with Debian's Jupyter (`jupyter nbconvert --execute`), hermetically.
 *
 * ```
 * createJupyterSandbox()   temp dir: JUPYTER_PATH / DATA / RUNTIME / CONFIG / IPYTHONDIR / MPLCONFIGDIR
 *        │
 *        ▼
 * installTslabKernel()     npx tslab install --python=/usr/bin/python3 --prefix=<sandbox>
 *        │                 → <sandbox>/share/jupyter/kernels/{tslab,jslab}/kernel.json
 *        ▼
 * executeNotebook()        /usr/bin/jupyter nbconvert --to notebook --execute … → parsed output notebook
 *        │
 *        ▼
 * collectOutputs()         stdout / stderr streams and error outputs, concatenated over all cells
 * ```
 *
 * Nothing is written to the user's Jupyter, IPython or matplotlib directories, and the kernel always runs
 * on the same Node.js as the test (tslab's CommonJS output relies on Node ≥ 20.19 `require(esm)`).
 * Only Debian's Python sees `jupyter_client`/`nbconvert` here (the first `python3` on PATH may be a pyenv
 * one), so both are called by absolute path.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's `jupyter` launcher (package jupyter-core). */
export const JUPYTER = '/usr/bin/jupyter';
/** Debian's Python, the only one that has jupyter_client, IPython and nbconvert. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
/** The Debian packages that provide everything used here (with `--no-install-recommends`). */
export const DEBIAN_PACKAGES = ['jupyter-nbconvert', 'python3-ipython'] as const;
/** The repository root (this file is test/helpers/jupyter.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One output of a code cell (nbformat 4). */
export interface NotebookOutput {
  /** 'stream' | 'error' | 'execute_result' | 'display_data' */
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell (nbformat 4). */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: NotebookOutput[];
}

/** A notebook (nbformat 4), as far as these tests read it. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name: string; display_name?: string; language?: string } };
  cells: NotebookCell[];
}

/** A private Jupyter environment under one temp dir; `dispose()` removes it. */
export interface JupyterSandbox {
  root: string;
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

/** The result of a child process that was allowed to finish (or was killed at its deadline). */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Throws (so the test FAILS, never skips) unless Debian's Jupyter with nbconvert is installed.
 * @throws Error naming the apt packages to install.
 */
export function assertDebianJupyter(): void {
  const install = `apt-get install --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`;
  if (!existsSync(JUPYTER) || !existsSync(SYSTEM_PYTHON)) {
    throw new Error(
      `${JUPYTER} (Debian's Jupyter) is missing; this test needs it. Install it with: ${install}`,
    );
  }
  if (!existsSync('/usr/bin/jupyter-nbconvert')) {
    throw new Error(`/usr/bin/jupyter-nbconvert is missing; this test needs it. Install it with: ${install}`);
  }
}

/** Creates the private Jupyter environment. The kernel's `node` is the test's own Node.js. */
export function createJupyterSandbox(prefix = 'quantbook-jupyter-'): JupyterSandbox {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const dir = (name: string): string => {
    const d = path.join(root, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
    JUPYTER_PATH: dir('share/jupyter'),
    JUPYTER_DATA_DIR: dir('data'),
    JUPYTER_RUNTIME_DIR: dir('runtime'),
    JUPYTER_CONFIG_DIR: dir('config'),
    JUPYTER_NO_CONFIG: '1',
    IPYTHONDIR: dir('ipython'),
    MPLCONFIGDIR: dir('matplotlib'),
    // jupyter_client writes kernel connection files with tempfile.mkstemp: keep them (and the kernel's
    // --config-path argument) inside the sandbox, so that dispose() can find an orphaned kernel.
    TMPDIR: dir('tmp'),
  };
  delete env.JUPYTER_PREFER_ENV_PATH;
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  return {
    root,
    env,
    dispose() {
      killProcessesMentioning(root);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Installs the tslab kernelspecs into `<sandbox>/share/jupyter/kernels/` with
 * `npx tslab install --python=/usr/bin/python3 --prefix=<sandbox>`. `--binary` is the repository's own
 * `node_modules/.bin/tslab`, so the kernel starts without tslab on PATH.
 * @returns the path of the tslab kernel.json.
 * @throws Error with tslab's output if the install fails.
 */
export async function installTslabKernel(sandbox: JupyterSandbox, timeoutMs = 60_000): Promise<string> {
  const binary = path.join(REPO_ROOT, 'node_modules', '.bin', 'tslab');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run npm ci (tslab is a devDependency)`);
  const args = [
    '--no',
    'tslab',
    'install',
    `--python=${SYSTEM_PYTHON}`,
    `--binary=${binary}`,
    `--prefix=${sandbox.root}`,
  ];
  const r = await run('npx', args, { cwd: REPO_ROOT, env: sandbox.env, timeoutMs });
  const kernelJson = path.join(sandbox.root, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
  if (r.code !== 0 || !existsSync(kernelJson)) {
    throw new Error(`npx tslab install failed (${describeExit(r)}):\n${r.stdout}\n${r.stderr}`);
  }
  return kernelJson;
}

/**
 * Executes a notebook with `jupyter nbconvert --to notebook --execute` and returns the executed notebook.
 * `--allow-errors` makes nbconvert write the notebook even when a cell fails, so that the caller can
 * report the cell's own messages. tslab reports both TypeScript compile errors and uncaught exceptions as
 * a `stderr` stream output, never as an `error` output: check both (see {@link collectOutputs}).
 * The kernel's working directory is the notebook's folder (nbconvert's default).
 * @throws Error with nbconvert's stderr if it does not exit 0 or writes no notebook.
 */
export async function executeNotebook(
  sandbox: JupyterSandbox,
  notebookPath: string,
  { timeoutMs = 120_000, cellTimeoutSec = 90 }: { timeoutMs?: number; cellTimeoutSec?: number } = {},
): Promise<{ notebook: Notebook; result: RunResult }> {
  const outDir = mkdtempSync(path.join(sandbox.root, 'out-'));
  const outName = path.basename(notebookPath);
  const args = [
    'nbconvert',
    '--to',
    'notebook',
    '--execute',
    '--allow-errors',
    `--ExecutePreprocessor.timeout=${cellTimeoutSec}`,
    '--ExecutePreprocessor.startup_timeout=60',
    '--output-dir',
    outDir,
    '--output',
    outName,
    path.resolve(notebookPath),
  ];
  const result = await run(JUPYTER, args, { cwd: REPO_ROOT, env: sandbox.env, timeoutMs });
  const outPath = path.join(outDir, outName);
  if (result.code !== 0 || !existsSync(outPath)) {
    throw new Error(`jupyter ${args.join(' ')}\nfailed (${describeExit(result)}):\n${result.stderr}`);
  }
  return { notebook: JSON.parse(readFileSync(outPath, 'utf8')) as Notebook, result };
}

/** Concatenates stream outputs by name and lists error outputs, over all code cells in order. */
export function collectOutputs(notebook: Notebook): { stdout: string; stderr: string; errors: string[] } {
  let stdout = '';
  let stderr = '';
  const errors: string[] = [];
  for (const cell of notebook.cells) {
    for (const out of cell.outputs ?? []) {
      if (out.output_type === 'stream') {
        const text = joinText(out.text);
        if (out.name === 'stderr') stderr += text;
        else stdout += text;
      } else if (out.output_type === 'error') {
        errors.push(`${out.ename ?? ''}: ${out.evalue ?? ''}\n${(out.traceback ?? []).join('\n')}`);
      }
    }
  }
  return { stdout, stderr, errors };
}

function joinText(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

function describeExit(r: RunResult): string {
  if (r.timedOut) return 'timed out';
  return r.signal ? `signal ${r.signal}` : `exit code ${String(r.code)}`;
}

/**
 * Spawns without a shell and collects output; SIGKILLs the child at the deadline. Resolves when the
 * child's pipes close, or shortly after it exits: a kernel orphaned by a killed nbconvert inherits
 * nbconvert's stdout/stderr and would otherwise hold them open. Rejects only when spawning fails.
 */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(deadline);
      clearTimeout(grace);
      resolve({ code, signal, timedOut, stdout, stderr });
    };
    child.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, 2_000);
    });
    child.on('close', finish);
  });
}

/**
 * Kills kernels left behind by a killed nbconvert: jupyter_client starts each kernel in its own session,
 * so it outlives its parent. Such a kernel is recognised by its `--config-path` inside the sandbox
 * (TMPDIR; Linux /proc; elsewhere a no-op).
 */
function killProcessesMentioning(sandboxRoot: string): void {
  if (!existsSync('/proc/self/cmdline')) return;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.split('\0').some((arg) => arg.startsWith(sandboxRoot + path.sep))) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
