/**
 * Runs a notebook on its kernel, papermill-style: parameters injected, one execute_request per code
 * cell, outputs recorded, the executed notebook written atomically (also when a cell fails).
 *
 * ```
 *  readNotebook ─▶ injectParameters ─▶ resolveKernelSpec ─▶ KernelClient.start (cwd: the notebook's folder)
 *     ─▶ for each code cell: execute (timeout → interrupt) ─▶ outputs, execution_count, metadata.execution
 *          failed (status error / timeout) and not allowed ─▶ stop: later cells stay unexecuted
 *          kernel died ─▶ stop always
 *     ─▶ shutdown ─▶ metadata (language_info, quantbook: parameters, times) ─▶ writeNotebook (if output)
 *     ─▶ NotebookCellError / KernelDiedError, or the RunResult
 * ```
 *
 * Cells tagged `raises-exception` may fail without stopping the run (papermill's and nbval's tag);
 * cells whose tags meet `skipTags` are not executed (nbval's `nbval-skip`); empty cells are skipped
 * (as nbclient does).
 */
import path from 'node:path';
import { QuantbookError } from '../util/errors.js';
import { KernelClient, KernelDiedError, KernelTimeoutError, type ExecuteResult } from './kernel.js';
import { resolveKernelSpec, type KernelSpec } from './kernelspec.js';
import {
  cellSource,
  cellTags,
  readNotebook,
  writeNotebook,
  type CodeCell,
  type ErrorOutput,
  type Notebook,
  type Output,
} from './nbformat.js';
import { kernelErrorFromStderr, OutputCollector } from './outputs.js';
import { injectParameters, type ParameterValue } from './parameters.js';
import { readRecords } from './records.js';

/** Progress of a run, reported per code cell. */
export interface RunProgress {
  phase: 'kernel-started' | 'cell-start' | 'cell-done' | 'done';
  /** 1-based position among the code cells to execute, and their count. */
  step: number;
  total: number;
  /** Index of the cell in `notebook.cells` (cell phases only). */
  cellIndex?: number;
  cellId?: string;
  /** 'ok' | 'error' | 'skipped' for cell-done. */
  status?: 'ok' | 'error' | 'skipped';
  elapsedMs: number;
}

/** Options of {@link runNotebook}. */
export interface RunOptions {
  /** Parameter values (typed; see parameters.ts for text values). */
  parameters?: Record<string, ParameterValue>;
  /** Kernel working directory (default: the notebook's folder, as nbconvert and papermill do). */
  cwd?: string;
  /** Per-cell timeout in seconds (default: none). */
  timeout?: number;
  /** Seconds to wait for the kernel to start (default 60). */
  startupTimeout?: number;
  /** Keep executing after a failing cell (default false: stop and throw). */
  allowErrors?: boolean;
  /** Kernel name or spec (default: the notebook's metadata.kernelspec.name, else 'tslab'). */
  kernel?: string | KernelSpec;
  /** Environment for the kernel and for the kernelspec search (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Folder for the kernel's connection file (default: os.tmpdir()). */
  runtimeDir?: string;
  /** Write the executed notebook here (atomically), also when a cell fails. */
  output?: string;
  /** Cells carrying any of these tags are not executed. */
  skipTags?: readonly string[];
  onProgress?: (progress: RunProgress) => void;
  /** Warnings (undeclared parameters…); they are also returned in the result. */
  onWarning?: (message: string) => void;
}

/** A failed cell. */
export interface CellFailure {
  cellIndex: number;
  cellId: string;
  /** The first lines of the cell's source. */
  sourceHead: string;
  error: ErrorOutput;
}

/** The result of {@link runNotebook}. */
export interface RunResult {
  /** The executed notebook (nbformat 4.5, valid). */
  notebook: Notebook;
  /** Its recorded values (see records.ts). */
  records: Record<string, unknown>;
  /** Cells that failed (only with allowErrors or `raises-exception` tags; otherwise the run throws). */
  failures: CellFailure[];
  warnings: string[];
  durationMs: number;
}

/** A cell failed and errors were not allowed. `notebook` is the partly executed notebook. */
export class NotebookCellError extends QuantbookError {
  readonly failure: CellFailure;
  readonly notebook: Notebook;
  constructor(failure: CellFailure, notebook: Notebook, file?: string) {
    const { cellIndex, cellId, error } = failure;
    super(
      'E_NOTEBOOK_CELL',
      `cell ${cellIndex} (id '${cellId}') failed: ${error.ename}: ${error.evalue.split('\n')[0]}`,
      file ? { file } : {},
    );
    this.failure = failure;
    this.notebook = notebook;
  }

  /** The multi-line report: the cell's index, the head of its source and the traceback. */
  get details(): string {
    const { sourceHead, error } = this.failure;
    return [
      this.message,
      'source:',
      indent(sourceHead),
      'traceback:',
      indent(error.traceback.join('\n') || `${error.ename}: ${error.evalue}`),
    ].join('\n');
  }
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** The first `lines` lines of a cell's source (with '…' when cut). */
export function sourceHead(cell: CodeCell, lines = 5): string {
  const all = cellSource(cell).replace(/\n+$/, '').split('\n');
  return all.length > lines ? [...all.slice(0, lines), '…'].join('\n') : all.join('\n');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Executes a cell; retries when tslab aborts it (it aborts requests for 200 ms after a failed cell). */
async function executeCell(
  kernel: KernelClient,
  code: string,
  timeoutMs: number | undefined,
  collector: () => OutputCollector,
): Promise<{ result: ExecuteResult; outputs: OutputCollector }> {
  for (let attempt = 0; ; attempt++) {
    const outputs = collector();
    const result = await kernel.execute(code, {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      onIopub: (m) => outputs.handle(m),
    });
    if (result.status !== 'aborted' || attempt >= 4) return { result, outputs };
    await sleep(210);
  }
}

function resolveKernel(notebook: Notebook, options: RunOptions, folder: string): KernelSpec {
  if (typeof options.kernel === 'object') return options.kernel;
  const name = options.kernel ?? notebook.metadata.kernelspec?.name ?? 'tslab';
  return resolveKernelSpec(name, {
    ...(options.env ? { env: options.env } : {}),
    from: [options.cwd ?? folder, process.cwd()],
  });
}

/**
 * Executes a notebook (a path or an in-memory notebook) and returns the executed copy.
 * @throws NotebookCellError for the first failing cell (unless allowed), KernelDiedError when the
 * kernel dies, KernelSpecNotFoundError, DataFormatError for a bad notebook, ParameterError for a bad
 * parameter — after writing the partly executed notebook to `output` when the kernel had started.
 */
export async function runNotebook(input: string | Notebook, options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const file = typeof input === 'string' ? path.resolve(input) : undefined;
  const source = typeof input === 'string' ? readNotebook(input) : structuredClone(input);
  const folder = file ? path.dirname(file) : process.cwd();
  const parameters = options.parameters ?? {};
  const injection = injectParameters(source, parameters);
  const warnings = [...injection.warnings];
  for (const w of warnings) options.onWarning?.(w);
  const notebook = injection.notebook;
  const spec = resolveKernel(notebook, options, folder);

  const skip = new Set(options.skipTags ?? []);
  const isRunnable = (c: CodeCell) => !cellTags(c).some((t) => skip.has(t)) && cellSource(c).trim() !== '';
  const codeCells = notebook.cells.flatMap((c, i) => (c.cell_type === 'code' ? [i] : []));
  for (const i of codeCells) {
    const cell = notebook.cells[i] as CodeCell;
    cell.outputs = [];
    cell.execution_count = null;
    delete cell.metadata.execution;
  }
  const total = codeCells.filter((i) => isRunnable(notebook.cells[i] as CodeCell)).length;
  const progress = (p: Omit<RunProgress, 'elapsedMs' | 'total'>) =>
    options.onProgress?.({ ...p, total, elapsedMs: Date.now() - started });

  const kernel = await KernelClient.start(spec, {
    cwd: options.cwd ?? folder,
    ...(options.env ? { env: options.env } : {}),
    ...(options.runtimeDir ? { runtimeDir: options.runtimeDir } : {}),
    startupTimeoutMs: (options.startupTimeout ?? 60) * 1000,
  });
  const failures: CellFailure[] = [];
  const displays = new Map<string, Output[]>();
  let thrown: Error | undefined;
  let step = 0;
  progress({ phase: 'kernel-started', step });
  try {
    for (const i of codeCells) {
      const cell = notebook.cells[i] as CodeCell;
      if (!isRunnable(cell)) continue;
      step++;
      progress({ phase: 'cell-start', step, cellIndex: i, cellId: cell.id });
      let run: { result: ExecuteResult; outputs: OutputCollector };
      try {
        run = await executeCell(
          kernel,
          cellSource(cell),
          options.timeout === undefined ? undefined : options.timeout * 1000,
          () => {
            const collector = new OutputCollector(displays);
            cell.outputs = collector.outputs;
            return collector;
          },
        );
      } catch (err) {
        const died = err instanceof Error ? err : new Error(String(err));
        cell.outputs.push({
          output_type: 'error',
          ename: died.name,
          evalue: died.message,
          traceback: died.message.split('\n'),
        });
        const where = `${died.message.split('\n')[0]} while executing cell ${i} (id '${cell.id}')`;
        thrown =
          died instanceof KernelDiedError
            ? new KernelDiedError(where, {
                exitCode: died.exitCode,
                signal: died.signal,
                stderrTail: died.stderrTail,
              })
            : died instanceof KernelTimeoutError
              ? new KernelTimeoutError(where)
              : died;
        progress({ phase: 'cell-done', step, cellIndex: i, cellId: cell.id, status: 'error' });
        break;
      }
      const { result, outputs } = run;
      cell.execution_count = result.executionCount;
      cell.metadata.execution = { ...result.timing };
      let error: ErrorOutput | undefined;
      if (result.timedOut) {
        error = {
          output_type: 'error',
          ename: 'CellTimeoutError',
          evalue: `cell ${i} did not finish within the ${options.timeout} s timeout and was interrupted`,
          traceback: [],
        };
        cell.outputs.push(error);
      } else if (result.status !== 'ok') {
        error = outputs.outputs.find((o): o is ErrorOutput => o.output_type === 'error');
        if (!error) {
          error =
            result.status === 'aborted'
              ? {
                  output_type: 'error',
                  ename: 'ExecutionAborted',
                  evalue: 'the kernel aborted the execution',
                  traceback: [],
                }
              : typeof result.reply.ename === 'string'
                ? {
                    output_type: 'error',
                    ename: result.reply.ename,
                    evalue: typeof result.reply.evalue === 'string' ? result.reply.evalue : '',
                    traceback: (result.reply.traceback as string[] | undefined) ?? [],
                  }
                : kernelErrorFromStderr(outputs.stderrMessages);
          cell.outputs.push(error);
        }
      }
      progress({ phase: 'cell-done', step, cellIndex: i, cellId: cell.id, status: error ? 'error' : 'ok' });
      if (!error) continue;
      const failure: CellFailure = { cellIndex: i, cellId: cell.id, sourceHead: sourceHead(cell), error };
      failures.push(failure);
      if (!options.allowErrors && !cellTags(cell).includes('raises-exception')) {
        thrown = new NotebookCellError(failure, notebook, file);
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  const languageInfo = kernel.kernelInfo.language_info as Notebook['metadata']['language_info'];
  if (languageInfo) notebook.metadata.language_info = languageInfo;
  notebook.metadata.kernelspec ??= {
    name: spec.name,
    display_name: spec.display_name,
    language: spec.language,
  };
  const durationMs = Date.now() - started;
  notebook.metadata.quantbook = {
    parameters,
    input_path: file ?? null,
    start_time: new Date(started).toISOString(),
    duration_s: durationMs / 1000,
    exception: thrown !== undefined,
  };
  if (options.output) writeNotebook(options.output, notebook);
  progress({ phase: 'done', step });
  if (thrown) throw thrown;
  return { notebook, records: readRecords(notebook), failures, warnings, durationMs };
}
