// Small helpers shared by the benchmarks in bench/: paths, timing statistics, formatting, tables,
// peak RSS and a one-screen summary of a V8 `--cpu-prof` profile.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
