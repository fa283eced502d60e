/**
 * The main job (`npm run demo`, `quantbook demo`): the real data imported once, every research
 * notebook executed on the tslab kernel, each rendered to a static HTML report, and an index page
 * linking them with their headline metrics.
 *
 * ```
 *  ../shared/data ──importRealData (no-op when current)──▶ data/ohlcv.parquet, data/market.parquet
 *  notebooks/NN-*.ipynb (NN ≥ 01, in name order)
 *     ──runNotebook (parameters: quick, registryDir = models/, dataDir — each only when declared;
 *                    env QUANTBOOK_DATA and QUANTBOOK_PARQUET_DIR, read by loadRealData)──▶
 *        reports/NN-*.ipynb (executed) ──writeReport──▶ reports/NN-*.html
 *  all runs ──renderIndexPage──▶ reports/index.html (written last, atomically; lists models/'s champions)
 * ```
 * A failing notebook does not stop the others: its partly executed notebook and report (with the
 * error) are still written, the index marks it failed, and the result says so (the CLI exits 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot, importRealData } from '../data/real-data.js';
import { resolveDataDir } from '../data/paths.js';
import type { KernelSpec } from '../notebook/kernelspec.js';
import { readNotebook, type Notebook } from '../notebook/nbformat.js';
import { declaredParameters, type ParameterValue } from '../notebook/parameters.js';
import { NotebookCellError, runNotebook, type RunProgress } from '../notebook/runner.js';
import { ModelRegistry } from '../registry/store.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { errorMessage, NotFoundError } from '../util/errors.js';
import { renderIndexPage, type IndexEntry } from './index-page.js';
import { writeReport } from './render.js';

/** Notebook files the demo runs: `NN-name.ipynb` with NN ≥ 01 (00 is the import smoke test). */
export const DEMO_NOTEBOOK_PATTERN = /^(?!00-)\d\d-[\w.-]+\.ipynb$/;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Project root (default: {@link findProjectRoot} of the current directory). */
  root?: string;
  /** Raw data directory (default: `resolveDataDir(undefined, root)`). */
  dataDir?: string;
  /** Parquet data directory (default `<root>/data`). */
  dataOutDir?: string;
  /** Notebooks directory (default `<root>/notebooks`). */
  notebooksDir?: string;
  /** Executed notebooks and HTML reports (default `<root>/reports`). */
  reportsDir?: string;
  /** Model registry passed as the `registryDir` parameter (default `<root>/models`). */
  modelsDir?: string;
  /** Run only notebooks whose name starts with one of these (e.g. `['02', '03-return']`). */
  only?: readonly string[];
  /** The `quick` parameter of every notebook that declares one (default false: the full runs). */
  quick?: boolean;
  /** Per-cell timeout, seconds (default none). */
  timeout?: number;
  /** Kernel (default: each notebook's kernelspec, else tslab — see runNotebook). */
  kernel?: string | KernelSpec;
  /** Progress: data import, each notebook's start and end, each cell. */
  onEvent?: (event: DemoEvent) => void;
}

/** What {@link runDemo} reports as it goes. */
export type DemoEvent =
  | { kind: 'data'; imported: boolean; rows: number; elapsedMs: number }
  | { kind: 'notebook-start'; name: string; index: number; total: number }
  | { kind: 'cell'; name: string; progress: RunProgress }
  | { kind: 'notebook-done'; result: DemoNotebookResult; index: number; total: number };

/** One notebook's run. */
export interface DemoNotebookResult {
  /** `NN-name`. */
  name: string;
  /** Report title (the notebook's first heading). */
  title: string;
  /** The source notebook. */
  notebook: string;
  /** The executed notebook written. */
  executedPath: string;
  /** The HTML report written. */
  reportPath: string;
  ok: boolean;
  durationMs: number;
  records: Record<string, unknown>;
  parameters: Record<string, ParameterValue>;
  error?: string;
}

/** What {@link runDemo} returns. */
export interface DemoResult {
  /** True when this run imported the CSVs into Parquet. */
  importedData: boolean;
  notebooks: DemoNotebookResult[];
  indexPath: string;
  durationMs: number;
  /** True when every notebook ran without error. */
  ok: boolean;
  /** The champion of each model in the registry (`modelsDir`) after the run, with its XGBoost export if any. */
  champions: DemoChampion[];
}

/** A champion model in the demo's registry. */
export interface DemoChampion {
  name: string;
  version: string;
  /** The version folder. */
  dir: string;
  /** `<dir>/xgboost.json` when the champion is a tree model, else null. */
  xgboostPath: string | null;
}

/** The champions of the registry at `modelsDir` (models without one are left out). */
export function registryChampions(modelsDir: string): DemoChampion[] {
  const registry = new ModelRegistry(modelsDir);
  return registry
    .listModels()
    .filter((m) => m.champion !== null && m.versions.includes(m.champion))
    .map((m) => {
      const dir = path.join(registry.modelDir(m.name), m.champion as string);
      const xgb = path.join(dir, 'xgboost.json');
      return {
        name: m.name,
        version: m.champion as string,
        dir,
        xgboostPath: fs.existsSync(xgb) ? xgb : null,
      };
    });
}

/** The demo's notebooks in `dir`, in name order (see {@link DEMO_NOTEBOOK_PATTERN}). */
export function listDemoNotebooks(dir: string, only?: readonly string[]): string[] {
  if (!fs.existsSync(dir))
    throw new NotFoundError('demo: the notebooks directory does not exist', {
      file: dir,
      hint: 'run from the quantbook repository or pass its root',
    });
  const names = fs
    .readdirSync(dir)
    .filter((f) => DEMO_NOTEBOOK_PATTERN.test(f))
    .filter((f) => !only || only.length === 0 || only.some((p) => f.startsWith(p)))
    .sort();
  if (names.length === 0)
    throw new NotFoundError(
      `demo: no notebook NN-*.ipynb${only?.length ? ` starting with ${only.join(' or ')}` : ''} in the notebooks directory`,
      { file: dir, hint: 'check --only' },
    );
  return names.map((f) => path.join(dir, f));
}

/** The parameters the demo gives a notebook: those of `offered` that its parameters cell declares. */
export function demoParameters(
  notebook: Notebook,
  offered: Record<string, ParameterValue>,
): Record<string, ParameterValue> {
  const declared = new Set(declaredParameters(notebook).map((d) => d.name));
  return Object.fromEntries(Object.entries(offered).filter(([k]) => declared.has(k)));
}

/**
 * Runs the demo (see the file header).
 *
 * @returns Each notebook's result, the index path and whether all succeeded.
 * @throws NotFoundError when the raw data or the notebooks are missing (nothing is run then).
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const root = options.root ?? findProjectRoot();
  const dataDir = resolveDataDir(options.dataDir, root);
  const notebooksDir = options.notebooksDir ?? path.join(root, 'notebooks');
  const reportsDir = options.reportsDir ?? path.join(root, 'reports');
  const modelsDir = options.modelsDir ?? path.join(root, 'models');
  const notebooks = listDemoNotebooks(notebooksDir, options.only);
  const dataOutDir = path.resolve(options.dataOutDir ?? path.join(root, 'data'));
  const imported = importRealData(dataDir, dataOutDir);
  // the notebooks' loadRealData() reads the same raw data and Parquet folder as this run
  const env = { ...process.env, QUANTBOOK_DATA: dataDir, QUANTBOOK_PARQUET_DIR: dataOutDir };
  options.onEvent?.({
    kind: 'data',
    imported: !imported.upToDate,
    rows: imported.rows,
    elapsedMs: imported.elapsedMs,
  });
  fs.mkdirSync(reportsDir, { recursive: true });
  fs.mkdirSync(modelsDir, { recursive: true });
  const offered: Record<string, ParameterValue> = {
    quick: options.quick ?? false,
    registryDir: path.resolve(modelsDir),
    ...(options.dataDir ? { dataDir: dataDir } : {}),
  };
  const results: DemoNotebookResult[] = [];
  for (const [index, file] of notebooks.entries()) {
    const name = path.basename(file, '.ipynb');
    options.onEvent?.({ kind: 'notebook-start', name, index, total: notebooks.length });
    const parameters = demoParameters(readNotebook(file), offered);
    const executedPath = path.join(reportsDir, `${name}.ipynb`);
    const reportPath = path.join(reportsDir, `${name}.html`);
    const started = performance.now();
    let executed: object;
    let records: Record<string, unknown> = {};
    let error: string | undefined;
    try {
      const run = await runNotebook(file, {
        parameters,
        output: executedPath,
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
        ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
        env,
        onProgress: (progress) => options.onEvent?.({ kind: 'cell', name, progress }),
      });
      executed = run.notebook;
      records = run.records;
    } catch (err) {
      error = errorMessage(err);
      // a failing cell leaves a partly executed notebook; anything else (kernel died, timeout at
      // startup) leaves the source, whose report says it was not executed
      if (err instanceof NotebookCellError) executed = err.notebook;
      else {
        executed = readNotebook(file);
        writeFileAtomic(executedPath, `${JSON.stringify(executed, null, 1)}\n`);
      }
    }
    const report = await writeReport(executed, reportPath, { sourcePath: path.relative(root, file) });
    const result: DemoNotebookResult = {
      name,
      title: report.title,
      notebook: file,
      executedPath,
      reportPath,
      ok: error === undefined,
      durationMs: performance.now() - started,
      records,
      parameters,
      ...(error !== undefined ? { error } : {}),
    };
    results.push(result);
    options.onEvent?.({ kind: 'notebook-done', result, index, total: notebooks.length });
  }
  const indexPath = path.join(reportsDir, 'index.html');
  const entries: IndexEntry[] = results.map((r) => ({
    name: r.name,
    title: r.title,
    reportHref: path.relative(reportsDir, r.reportPath),
    notebookHref: path.relative(reportsDir, r.executedPath),
    ok: r.ok,
    durationMs: r.durationMs,
    records: r.records,
    parameters: r.parameters,
    ...(r.error !== undefined ? { error: r.error } : {}),
  }));
  const champions = registryChampions(modelsDir);
  const footer = champions.length
    ? `Champion models in ${path.relative(root, modelsDir) || modelsDir}/: ${champions.map((c) => `${c.name}@${c.version}${c.xgboostPath ? ' (+ xgboost.json)' : ''}`).join(', ')}`
    : undefined;
  writeFileAtomic(indexPath, renderIndexPage(entries, footer ? { footer } : {}));
  return {
    champions,
    importedData: !imported.upToDate,
    notebooks: results,
    indexPath,
    durationMs: performance.now() - t0,
    ok: results.every((r) => r.ok),
  };
}
