#!/usr/bin/env node
/**
 * The `quantbook` command.
 *
 * ```
 *  quantbook import <inputs…> --out PATH [--partition symbol]   CSV(.gz) → Parquet file or dataset
 *  quantbook validate <dataset> [--strict] [--label COL]          quality report + validation problems
 *  quantbook demo [--data DIR] [--out DIR]                        the main job (npm run demo)
 *  quantbook run <nb.ipynb> [-p name value]… [-o out.ipynb] [--html F]  execute a notebook (papermill-style)
 *  quantbook test <notebooks…> [--update] [--text]                 notebooks against their baselines
 *  quantbook report <nb.ipynb> [-o reports/NAME.html] [--hide-code]   executed notebook → static HTML
 *  quantbook predict --model NAME[@REF] --data DATASET [--date D] -o preds.parquet   score with a registered model
 * ```
 * Bad input exits 1 with a one-line cause on stderr; nothing half-written is left behind (every
 * write is atomic).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnTable } from 'arquero';
import { Command, CommanderError } from 'commander';
import cliProgress from 'cli-progress';
import { readDataset, writeDataset } from './data/dataset.js';
import { importOhlcv, listCsvFiles } from './data/import.js';
import { readParquet, writeParquet, type ParquetCompression } from './data/parquet.js';
import { resolveDataDir } from './data/paths.js';
import { formatQualityReport, qualityReport } from './data/quality.js';
import { validateOhlcv, type ValidationReport } from './data/validate.js';
import { NotebookCellError, runNotebook, type RunProgress } from './notebook/runner.js';
import { readNotebook } from './notebook/nbformat.js';
import { typeParameters } from './notebook/parameters.js';
import { formatFailures, testNotebook } from './notebook/regression.js';
import { errorMessage, ParameterError } from './util/errors.js';
import { addReportCommand } from './report/cli.js';
import { runDemo } from './report/demo.js';
import { findProjectRoot } from './data/real-data.js';
import { formatDemoSummary } from './report/index-page.js';
import { writeReport } from './report/render.js';
import { addPredictCommand } from './registry/cli.js';
import { VERSION } from './version.js';

function progressBar(label: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} {file}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Loads a table from a Parquet file, a partitioned dataset directory, or CSV files. */
export function loadTable(input: string): ColumnTable {
  if (fs.existsSync(input) && fs.statSync(input).isDirectory()) {
    const hasPartitions = fs.readdirSync(input).some((f) => f.includes('=') || f.endsWith('.parquet'));
    return hasPartitions ? readDataset(input) : importOhlcv(input);
  }
  return /\.parquet$/i.test(input) ? readParquet(input) : importOhlcv(input);
}

function summarizeValidation(report: ValidationReport, limit = 20): string {
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${rule} ${n}`);
  const lines = [
    `Validation: ${report.ok ? 'OK' : 'PROBLEMS'} — ${report.problems.length} finding(s)${counts.length ? `: ${counts.join(', ')}` : ''}`,
    ...report.problems
      .slice(0, limit)
      .map((p) => `  ${p.severity === 'error' ? 'error  ' : 'warning'} ${p.rule}: ${p.message}`),
  ];
  if (report.problems.length > limit)
    lines.push(`  … and ${report.problems.length - limit} more (--limit N shows more)`);
  return lines.join('\n');
}

/** `--timeout 30` → 30 (seconds); undefined stays undefined. @throws ParameterError for a non-positive number. */
function seconds(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (!(s > 0) || !Number.isFinite(s))
    throw new ParameterError(`${option} must be a positive number of seconds, got ${value}`);
  return s;
}

/** `-p a 1 -p b x` (commander collects ['a', '1', 'b', 'x']) → [['a', '1'], ['b', 'x']]. */
function parameterPairs(flat: readonly string[] | undefined): [string, string][] {
  const values = flat ?? [];
  if (values.length % 2 !== 0)
    throw new ParameterError(`-p takes a name and a value (-p window 60), got: ${values.join(' ')}`);
  return Array.from({ length: values.length / 2 }, (_, i) => [values[2 * i], values[2 * i + 1]]);
}

/** One stderr line per executed cell: `[3/10] cell 4 (id 'abc') ok 0.12 s`. */
function cellProgress(quiet: boolean | undefined): (p: RunProgress) => void {
  let cellStarted = 0;
  return (p) => {
    if (quiet) return;
    if (p.phase === 'kernel-started') console.error(`kernel started in ${(p.elapsedMs / 1000).toFixed(1)} s`);
    if (p.phase === 'cell-start') cellStarted = p.elapsedMs;
    if (p.phase === 'cell-done')
      console.error(
        `[${p.step}/${p.total}] cell ${p.cellIndex} (id '${p.cellId}') ${p.status} ${((p.elapsedMs - cellStarted) / 1000).toFixed(2)} s`,
      );
  };
}

/** Builds the commander program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('quantbook')
    .description('Research notebooks and a library for quantitative machine learning in TypeScript.')
    .version(VERSION)
    .option('--data <dir>', 'raw data directory (default: $QUANTBOOK_DATA, ../shared/data, else data/)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`quantbook: ${text.replace(/^error: /, '')}`) });

  program
    .command('import')
    .description('import OHLCV CSV / CSV.gz files or directories into Parquet')
    .argument('<inputs...>', 'CSV files or directories of per-symbol CSV files')
    .requiredOption('-o, --out <path>', 'output Parquet file, or dataset directory with --partition')
    .option('--partition <column>', 'write a hive-partitioned dataset by this column (e.g. symbol)')
    .option('--compression <codec>', 'zstd | snappy | lz4 | gzip | none', 'zstd')
    .option('--symbol <symbol>', 'symbol for files without a symbol column (default: from the file name)')
    .action(
      (inputs: string[], opts: { out: string; partition?: string; compression: string; symbol?: string }) => {
        const codecs = ['zstd', 'snappy', 'lz4', 'gzip', 'none'];
        if (!codecs.includes(opts.compression))
          throw new Error(`--compression must be one of ${codecs.join(', ')}, got ${opts.compression}`);
        const files = listCsvFiles(inputs);
        const bar = progressBar('import');
        bar.start(files.length, 0, { file: '' });
        let table: ColumnTable;
        try {
          table = importOhlcv(files, {
            ...(opts.symbol ? { symbol: opts.symbol } : {}),
            onProgress: (done, _total, file) => bar.update(done, { file: path.basename(file) }),
          });
        } finally {
          bar.stop();
        }
        const compression = opts.compression as ParquetCompression;
        let out = opts.out;
        if (opts.partition) writeDataset(table, out, { partitionBy: [opts.partition], compression });
        else {
          if (!path.extname(out)) out = `${out}.parquet`;
          writeParquet(table, out, { compression });
        }
        console.log(
          `wrote ${table.numRows()} rows of ${new Set(table.array('symbol') as string[]).size} symbols to ${out}`,
        );
      },
    );

  program
    .command('validate')
    .description('print the quality report and validation problems of a dataset')
    .argument('<dataset>', 'a .parquet file, a partitioned dataset directory, or CSV files')
    .option('--strict', 'exit 1 when any error-severity problem is found')
    .option('--label <column>', 'binary label column for the label-balance check')
    .option('--limit <n>', 'problems listed', '20')
    .option('--json', 'print the reports as JSON')
    .action((dataset: string, opts: { strict?: boolean; label?: string; limit: string; json?: boolean }) => {
      const table = loadTable(dataset);
      const quality = qualityReport(table, opts.label ? { labelColumn: opts.label } : {});
      const validation = validateOhlcv(table);
      if (opts.json) console.log(JSON.stringify({ quality, validation }, null, 2));
      else {
        console.log(formatQualityReport(quality));
        console.log(summarizeValidation(validation, Number(opts.limit)));
      }
      if (opts.strict) validateOhlcv(table, { strict: true });
    });

  program
    .command('demo')
    .description(
      'the main job: import the real data (once), run every research notebook, write reports/*.html and reports/index.html',
    )
    .option('--out <dir>', 'Parquet data directory', 'data')
    .option('--reports <dir>', 'executed notebooks and HTML reports', 'reports')
    .option('--models <dir>', 'model registry (the champion is saved here)', 'models')
    .option('--only <prefixes...>', 'run only the notebooks whose names start with these (e.g. 02 03)')
    .option('--quick', "run the notebooks' quick variants (as the regression tests do)")
    .option('--timeout <seconds>', 'per-cell timeout (default: none)')
    .action(
      async (opts: {
        out: string;
        reports: string;
        models: string;
        only?: string[];
        quick?: boolean;
        timeout?: string;
      }) => {
        const root = findProjectRoot();
        const explicitData = program.opts<{ data?: string }>().data;
        const dataDir = resolveDataDir(explicitData);
        console.log(
          `quantbook ${VERSION} demo — data from ${dataDir}${opts.quick ? ' (quick variants)' : ''}`,
        );
        const timeout = seconds('--timeout', opts.timeout);
        let bar: cliProgress.SingleBar | undefined;
        const tty = process.stderr.isTTY;
        const result = await runDemo({
          root,
          ...(explicitData ? { dataDir } : {}),
          dataOutDir: path.resolve(opts.out),
          reportsDir: path.resolve(opts.reports),
          modelsDir: path.resolve(opts.models),
          ...(opts.only ? { only: opts.only } : {}),
          quick: opts.quick ?? false,
          ...(timeout !== undefined ? { timeout } : {}),
          onEvent: (e) => {
            if (e.kind === 'data')
              console.log(
                e.imported
                  ? `imported ${e.rows} rows into ${opts.out}/ in ${(e.elapsedMs / 1000).toFixed(1)} s`
                  : `${opts.out}/ is up to date (${e.rows} rows)`,
              );
            else if (e.kind === 'notebook-start') {
              if (!tty) {
                console.error(`[${e.index + 1}/${e.total}] ${e.name}: starting`);
                return;
              }
              bar = progressBar(`[${e.index + 1}/${e.total}] ${e.name}`);
              bar.start(1, 0, { file: 'starting kernel' });
            } else if (e.kind === 'cell' && !tty) {
              // no terminal (CI, a log file): one line per executed cell instead of a bar
              const p = e.progress;
              if (p.phase === 'cell-done')
                console.error(
                  `  ${e.name}: cell ${p.step}/${p.total} ${p.status ?? ''}, ${(p.elapsedMs / 1000).toFixed(1)} s into the run`,
                );
            } else if (e.kind === 'cell' && bar) {
              const p = e.progress;
              if (p.phase === 'cell-start') {
                bar.setTotal(p.total);
                bar.update(p.step - 1, { file: `cell ${p.cellIndex ?? ''}` });
              } else if (p.phase === 'cell-done')
                bar.update(p.step, { file: `cell ${p.cellIndex ?? ''} ${p.status ?? ''}` });
            } else if (e.kind === 'notebook-done') {
              bar?.stop();
              bar = undefined;
              const r = e.result;
              console.log(
                `${r.ok ? 'ok' : 'FAILED'} ${r.name} in ${(r.durationMs / 1000).toFixed(1)} s → ${path.relative(root, r.reportPath)}${r.error ? `\n  ${r.error.split('\n')[0]}` : ''}`,
              );
            }
          },
        });
        console.log(`\n${formatDemoSummary(result.notebooks)}`);
        for (const c of result.champions)
          console.log(
            `champion ${c.name}@${c.version}: ${path.relative(root, c.dir)}${c.xgboostPath ? ` (XGBoost JSON ${path.relative(root, c.xgboostPath)})` : ''}`,
          );
        console.log(
          `\n${path.relative(root, result.indexPath)} links the ${result.notebooks.length} reports; total ${(result.durationMs / 1000).toFixed(1)} s`,
        );
        if (!result.ok) {
          process.exitCode = 1;
          console.error(`quantbook: ${result.notebooks.filter((r) => !r.ok).length} notebook(s) failed`);
        }
      },
    );
  program
    .command('run')
    .description('execute a notebook on its kernel (tslab) with parameters, and write the executed notebook')
    .argument('<notebook>', 'the .ipynb file (nbformat 4)')
    .option('-p, --parameter <name value...>', 'set a parameter, typed by its declaration (repeatable)')
    .option('-o, --output <path>', 'executed notebook (default: <notebook>.executed.ipynb)')
    .option('--cwd <dir>', "kernel working directory (default: the notebook's folder)")
    .option('--timeout <seconds>', 'per-cell timeout; the cell is interrupted (default: none)')
    .option('--startup-timeout <seconds>', 'kernel startup timeout', '60')
    .option('--allow-errors', 'keep executing after a failing cell (exit 0)')
    .option('--kernel <name>', "kernelspec name (default: the notebook's, else tslab)")
    .option('-q, --quiet', 'no per-cell progress on stderr')
    .option('--html <file>', 'also render the executed notebook to a self-contained HTML report')
    .action(
      async (
        notebook: string,
        opts: {
          html?: string;
          parameter?: string[];
          output?: string;
          cwd?: string;
          timeout?: string;
          startupTimeout: string;
          allowErrors?: boolean;
          kernel?: string;
          quiet?: boolean;
        },
      ) => {
        const parameters = typeParameters(readNotebook(notebook), parameterPairs(opts.parameter));
        const output = opts.output ?? notebook.replace(/(\.ipynb)?$/i, '.executed.ipynb');
        const timeout = seconds('--timeout', opts.timeout);
        try {
          const result = await runNotebook(notebook, {
            parameters,
            output,
            ...(opts.cwd ? { cwd: opts.cwd } : {}),
            ...(timeout !== undefined ? { timeout } : {}),
            startupTimeout: seconds('--startup-timeout', opts.startupTimeout)!,
            allowErrors: opts.allowErrors ?? false,
            ...(opts.kernel ? { kernel: opts.kernel } : {}),
            onProgress: cellProgress(opts.quiet),
            onWarning: (message) => console.error(`quantbook: warning: ${message}`),
          });
          const failed = result.failures.length ? `, ${result.failures.length} failed cell(s)` : '';
          console.log(
            `wrote ${output} (${Object.keys(result.records).length} recorded value(s)${failed}, ${(result.durationMs / 1000).toFixed(1)} s)`,
          );
          if (opts.html) {
            const report = await writeReport(result.notebook, opts.html, { sourcePath: notebook });
            console.log(`wrote ${report.path} (${report.bytes} bytes)`);
          }
        } catch (err) {
          if (err instanceof NotebookCellError) {
            console.error(`${err.details}\n(the executed notebook is in ${output})`);
            if (opts.html && fs.existsSync(output)) await writeReport(output, opts.html);
          }
          throw err;
        }
      },
    );

  program
    .command('test')
    .description('run notebooks and compare their recorded values (and text outputs) with their baselines')
    .argument('<notebooks...>', '.ipynb files; each compares with <notebook>.baseline.json')
    .option('--update', 'write the baselines from this run instead of comparing')
    .option('--text', 'with --update: also store the text outputs (nbval-style)')
    .option('--timeout <seconds>', 'per-cell timeout (default: none)')
    .option('--cwd <dir>', "kernel working directory (default: each notebook's folder)")
    .option('--kernel <name>', "kernelspec name (default: each notebook's, else tslab)")
    .action(
      async (
        notebooks: string[],
        opts: { update?: boolean; text?: boolean; timeout?: string; cwd?: string; kernel?: string },
      ) => {
        const timeout = seconds('--timeout', opts.timeout);
        let failed = 0;
        for (const notebook of notebooks) {
          const result = await testNotebook(notebook, {
            ...(opts.update ? { update: true } : {}),
            ...(opts.text ? { text: true } : {}),
            ...(timeout !== undefined ? { timeout } : {}),
            ...(opts.cwd ? { cwd: opts.cwd } : {}),
            ...(opts.kernel ? { kernel: opts.kernel } : {}),
          });
          const time = `${(result.durationMs / 1000).toFixed(1)} s`;
          if (result.updated) console.log(`UPDATED ${notebook} → ${result.baseline} (${time})`);
          else if (result.ok)
            console.log(`PASS ${notebook} (${Object.keys(result.records).length} values, ${time})`);
          else {
            failed++;
            console.log(`FAIL ${formatFailures(result)}`);
          }
        }
        if (failed > 0)
          throw new Error(`${failed} of ${notebooks.length} notebook(s) failed against their baselines`);
      },
    );
  addReportCommand(program);
  addPredictCommand(program);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 bad input or failed check). */
export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // usage error: commander printed it
    console.error(`quantbook: ${errorMessage(err)}`);
    return 1;
  }
}

const invokedDirectly = (() => {
  try {
    return fs.realpathSync(process.argv[1] ?? '') === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) process.exitCode = await main();
