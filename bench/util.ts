// Small helpers shared by the benchmarks in bench/: paths, timing statistics, formatting, tables,
// peak RSS, a one-screen summary of a V8 `--cpu-prof` profile, and running a benchmark's work in a child
// process of its own (so that its peak RSS is its own) that reports back to the parent.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What bench/run.ts dispatches to: each bench/<name>.ts exports one as `benchmark`. */
export interface Benchmark {
  /** One line for `--list`. */
  description: string;
  /** Runs with the option arguments; resolves false when part of it could not run, throws on bad arguments. */
  run(args: readonly string[]): Promise<boolean>;
}

/** The repository root (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The shared data folder: `$QUANTBOOK_DATA` if set, else `../shared/data` relative to the repo root. */
export function dataDir(): string {
  const fromEnv = process.env.QUANTBOOK_DATA;
  return fromEnv !== undefined && fromEnv !== ''
    ? path.resolve(fromEnv)
    : path.resolve(repoRoot, '../shared/data');
}

/**
 * `parseArgs` options of the benchmarks that run quantbook in child processes: `--module PATH` (see
 * {@link entryModuleUrl}), `--cpu-prof` (pass a folder to {@link forkChild}) and `--help`.
 */
export const CHILD_BENCH_OPTIONS = {
  module: { type: 'string' },
  'cpu-prof': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/**
 * The URL of the quantbook entry module to bench: `modulePath` (a benchmark's `--module` option,
 * e.g. dist/index.js after a build) when given, else src/index.ts.
 */
export function entryModuleUrl(modulePath: string | undefined): string {
  return modulePath === undefined
    ? new URL('../src/index.js', import.meta.url).href
    : pathToFileURL(path.resolve(modulePath)).href;
}

/** True when `moduleUrl` (pass `import.meta.url`) is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.resolve(entry) === fileURLToPath(moduleUrl);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Peak resident set size of this process so far, in KiB (Linux `ru_maxrss`). */
export function maxRssKiB(): number {
  return process.resourceUsage().maxRSS;
}

/** Runs a full GC when node was started with `--expose-gc`; a no-op otherwise. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toLocaleString('en-US');
}

/** Rows per second, with a k/M suffix. */
export function fmtRate(rows: number, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0 || rows <= 0) return '—';
  const r = (rows / ms) * 1000;
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)} M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)} k`;
  return r.toFixed(0);
}

export function fmtRatio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}

export function fmtKiB(kib: number | undefined): string {
  if (kib === undefined || !Number.isFinite(kib)) return '—';
  return `${(kib / 1024).toFixed(0)} MiB`;
}

export function fmtBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(2)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Total size in bytes of a file, or of every file below a folder. */
export function diskBytes(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of fs.readdirSync(p, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

/**
 * A Markdown table with padded columns, so it reads in a terminal and pastes into an issue.
 * `align` has one 'l' or 'r' per column (default: first column left, the rest right).
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const al = (i: number): string => align?.[i] ?? (i === 0 ? 'l' : 'r');
  const cell = (s: string, i: number): string =>
    al(i) === 'l' ? s.padEnd(widths[i]) : s.padStart(widths[i]);
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (al(i) === 'l' ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/**
 * The `top` functions by self time in a `.cpuprofile` file, as printable lines; idle time is left out.
 * Line numbers are omitted for .ts files: tsx compiles them, so V8's positions are not source lines.
 */
export function summarizeCpuProfile(file: string, top = 15): string[] {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  const samples = prof.samples ?? [];
  const deltas = prof.timeDeltas ?? [];
  let busy = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    const dt = deltas[i + 1] ?? 0; // timeDeltas[i] is the gap before sample i; attribute the next gap to it
    if (node === undefined || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(repoRoot + '/', '');
    const where = url === '' ? '' : file.endsWith('.ts') ? ` ${file}` : ` ${file}:${lineNumber + 1}`;
    const key = `${functionName === '' ? '(anonymous)' : functionName}${where}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
    busy += dt;
  }
  const ms = (us: number): string => (us / 1000).toFixed(0).padStart(7);
  const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `${ms(busy)} ms busy in all, of which:`,
    ...rows.map(
      ([k, us]) => `${ms(us)} ms ${((100 * us) / Math.max(busy, 1)).toFixed(1).padStart(5)}%  ${k}`,
    ),
  ];
}

/**
 * Runs `body` with a new temporary folder (`<os.tmpdir()>/<prefix>XXXXXX`) and removes the folder after
 * it, whether it resolves or throws, and on Ctrl-C (SIGINT: then exits with 130).
 */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const cleanup = (): void => fs.rmSync(tmp, { recursive: true, force: true });
  const onSignal = (): void => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    return await body(tmp);
  } finally {
    process.off('SIGINT', onSignal);
    cleanup();
  }
}

/**
 * Prints the top functions by self time of the largest `.cpuprofile` in `dir` (one profile is written per
 * thread; the main thread's is the largest, tsx's loader thread being mostly idle), under the heading
 * `<profile> (main thread, …) <file>` / `top functions by self time, <scope>:`. Prints nothing when
 * `dir` holds no profile.
 */
export function printCpuProfile(dir: string, profile: string, scope: string): void {
  const profiles = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  if (profiles[0] === undefined) return;
  console.log(`\n${profile} (main thread, no forced GC between runs) ${profiles[0]}`);
  console.log(`top functions by self time, ${scope}:`);
  for (const line of summarizeCpuProfile(profiles[0])) console.log(`  ${line}`);
}

/** What every benchmark child process reports to its parent, besides its own results. */
export interface ChildReport {
  /** Peak RSS of the child (KiB) before its work. */
  baselineRssKiB: number;
  /** Peak RSS of the child (KiB) at the end. */
  peakRssKiB: number;
  notes: string[];
  /** What the work threw (its stack), or how the child exited without a report. */
  error?: string;
}

/**
 * Child side of {@link forkChild}: makes the report (`newReport` gets its {@link ChildReport} fields: the
 * peak RSS so far as baseline, no notes), awaits `work` on it, records what that throws in `report.error`
 * and the peak RSS in `report.peakRssKiB`, sends the report to the parent and exits once it is sent.
 */
export async function runChild<R extends ChildReport>(
  newReport: (base: ChildReport) => R,
  work: (report: R) => Promise<void>,
): Promise<void> {
  const report = newReport({ baselineRssKiB: maxRssKiB(), peakRssKiB: 0, notes: [] });
  try {
    await work(report);
  } catch (err) {
    report.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  report.peakRssKiB = maxRssKiB();
  // Exit from the send callback: nothing left open (parquet-wasm, a db handle) may keep the child alive.
  process.send!(report, () => process.exit(0));
}

/**
 * Parent side: runs the script `scriptUrl` (pass `import.meta.url`) in a child process under tsx, with
 * `cfg` as JSON in argv[2], and resolves with the report it sends (see {@link runChild}). The child
 * runs with `--expose-gc`, or, when `cpuProfDir` is given, with `--cpu-prof` into it instead (a full GC
 * before each timed run steadies the timings, but would swamp a CPU profile). A child that exits without
 * a report resolves to `noReport(base)`, `base` having NaN RSS, no notes and an error saying how it exited.
 */
export function forkChild<R extends ChildReport>(
  scriptUrl: string,
  cfg: unknown,
  cpuProfDir: string | undefined,
  noReport: (base: ChildReport) => R,
): Promise<R> {
  const execArgv = ['--import', 'tsx'];
  if (cpuProfDir === undefined) execArgv.push('--expose-gc');
  else execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`);
  return new Promise((resolve) => {
    let report: R | undefined;
    const child = fork(fileURLToPath(scriptUrl), [JSON.stringify(cfg)], {
      cwd: repoRoot,
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => {
      report = m as R;
    });
    child.on('exit', (code, signal) => {
      const error = `child process exited (${signal ?? `code ${code}`}) without a report`;
      resolve(report ?? noReport({ baselineRssKiB: NaN, peakRssKiB: NaN, notes: [], error }));
    });
  });
}
