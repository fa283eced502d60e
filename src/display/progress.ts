/**
 * A progress bar for long fits and searches that updates in place: in a tslab notebook as one output
 * replaced by `update_display_data` (an HTML `<progress>` with a text fallback), on a terminal as a
 * cli-progress bar on stderr. Updates in the notebook are throttled (default every 100 ms, and
 * always the last one) so a tight loop does not flood the kernel's iopub channel.
 *
 * ```
 *  progress(total, { label }) ──in a kernel?──▶ KernelDisplay (HTML + text, same display_id)
 *                               └─ else ────▶ cli-progress SingleBar (stderr; silent when not a TTY)
 *  .update(done[, total][, info]) · .increment([n][, info]) · .stop() · .callback for onProgress options
 * ```
 */
import cliProgress from 'cli-progress';
import { KernelDisplay, kernelWriter, type DisplayWriter } from './kernel.js';
import { escapeHtml } from './format.js';

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Text before the bar. Default 'progress'. */
  label?: string;
  /** Least time between two notebook updates, ms. Default 100. */
  minIntervalMs?: number;
  /** Where to draw: 'auto' (default: the notebook inside a kernel, else the terminal), 'notebook' or 'terminal'. */
  target?: 'auto' | 'notebook' | 'terminal';
  /** The kernel writer to use (tests); default the running kernel's. */
  writer?: DisplayWriter;
  /** Stream of the terminal bar. Default process.stderr. */
  stream?: NodeJS.WritableStream;
}

/** A running progress bar. */
export interface Progress {
  /** Sets the count done (and optionally a new total and a note, e.g. the current file or fold). */
  update(done: number, total?: number, info?: string): void;
  /** Adds `n` (default 1) to the count done. */
  increment(n?: number, info?: string): void;
  /** Draws the final state and releases the terminal. Idempotent. */
  stop(): void;
  /** `(done, total, info) => update(…)`, to pass as an `onProgress` option. */
  readonly callback: (done: number, total: number, info?: string) => void;
  /** Where the bar is drawn. */
  readonly target: 'notebook' | 'terminal';
}

/** `label [█████░░░░░]  50% 5/10 info` — the text form of a bar. */
export function progressText(label: string, done: number, total: number, info = '', width = 24): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(frac * width);
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${pct} ${done}/${total}${info ? ` ${info}` : ''}`;
}

function progressHtml(label: string, done: number, total: number, info: string, elapsedMs: number): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const secs = (elapsedMs / 1000).toFixed(1);
  return (
    `<div class="qb-progress" style="font-family:monospace;font-size:12px">${escapeHtml(label)} ` +
    `<progress value="${done}" max="${Math.max(total, 0)}" style="width:240px;vertical-align:middle"></progress> ` +
    `${Math.floor(frac * 100)}% ${done}/${total} · ${secs} s${info ? ` · ${escapeHtml(info)}` : ''}</div>`
  );
}

/**
 * Starts a progress bar over `total` steps.
 * @example const bar = progress(folds.length, { label: 'cv' }); for (…) { fit(); bar.increment(); } bar.stop();
 */
export function progress(total: number, options: ProgressOptions = {}): Progress {
  const label = options.label ?? 'progress';
  const minInterval = options.minIntervalMs ?? 100;
  const writer = options.writer ?? (options.target === 'terminal' ? undefined : kernelWriter());
  const target =
    options.target === 'notebook' || (options.target !== 'terminal' && writer) ? 'notebook' : 'terminal';
  let done = 0;
  let info = '';
  let stopped = false;
  const started = Date.now();

  if (target === 'notebook') {
    const display = new KernelDisplay(writer);
    let last = -Infinity;
    const draw = (force: boolean): void => {
      const now = Date.now();
      if (!force && now - last < minInterval) return;
      last = now;
      display.render({
        'text/html': progressHtml(label, done, total, info, now - started),
        'text/plain': progressText(label, done, total, info),
      });
    };
    draw(true);
    const bar: Progress = {
      target,
      update(d, t, i) {
        if (stopped) return;
        done = d;
        if (t !== undefined) total = t;
        if (i !== undefined) info = i;
        draw(done >= total);
      },
      increment(n = 1, i) {
        bar.update(done + n, undefined, i);
      },
      stop() {
        if (stopped) return;
        draw(true);
        stopped = true;
      },
      callback: (d, t, i) => bar.update(d, t, i),
    };
    return bar;
  }

  const cli = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} {info}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: options.stream ?? process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  cli.start(total, 0, { info: '' });
  const bar: Progress = {
    target,
    update(d, t, i) {
      if (stopped) return;
      done = d;
      if (i !== undefined) info = i;
      if (t !== undefined && t !== total) {
        total = t;
        cli.setTotal(t);
      }
      cli.update(d, { info });
    },
    increment(n = 1, i) {
      bar.update(done + n, undefined, i);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      cli.stop();
    },
    callback: (d, t, i) => bar.update(d, t, i),
  };
  return bar;
}
