/**
 * Code-cell outputs to static HTML. Every output becomes inert markup: text is escaped, HTML and SVG
 * are sanitized, images must be inline base64, and charts are inline SVG — taken from the output's
 * `image/svg+xml`, or rendered here from its Vega-Lite spec when only the spec was saved (nbconvert
 * and Quarto drop Vega-Lite outputs from static HTML: jupyter/nbconvert#1198).
 *
 * ```
 *  stream        ──merge consecutive same-name──▶ ANSI stripped, \r applied ──▶ <pre class="qb-stream"> (escaped)
 *  error         ──▶ <div class="qb-error"> ename: evalue + traceback (escaped)
 *  display_data / execute_result ──richest mime we can show safely:
 *      image/svg+xml > Vega-Lite (toSVG) > text/html > png/jpeg/gif > text/markdown > text/latex > JSON > text/plain
 * ```
 */
import { toSVG } from '../charts/render.js';
import type { ChartSpec } from '../charts/theme.js';
import { escapeHtml } from '../display/format.js';
import { joinText, type IpynbOutput } from './ipynb.js';
import { renderMarkdown, type Heading, type Slugger } from './markdown.js';
import { sanitizeHtml, sanitizeSvg } from './sanitize.js';

/** State shared by the outputs of one report: counters for unique figure ids and the summary. */
export interface OutputContext {
  slugger: Slugger;
  headings: Heading[];
  /** Figures rendered so far (SVG id prefixes are unique per figure). */
  figures: number;
  /** Chart figures (Vega-Lite) rendered so far. */
  charts: number;
  /** Error outputs seen so far. */
  errors: number;
}

/** Most lines kept of one stream block; the rest is summarised. */
export const MAX_STREAM_LINES = 2000;

/** quantbook's recorded-value mime type (notebook/records.ts): shown as one line. */
const RECORD_MIME = 'application/vnd.quantbook.record+json';
const VEGA_LITE = /^application\/vnd\.vegalite\.v\d+\+json$/;
const IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/** Removes ANSI escape sequences (colours in tracebacks, cursor moves). */
export function stripAnsi(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g,
    '',
  );
}

/** Terminal text as it would look on screen: ANSI removed, a carriage return overwrites its line. */
export function terminalText(text: string): string {
  return stripAnsi(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      const parts = line.split('\r');
      for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i];
      return '';
    })
    .join('\n');
}

function capLines(text: string): string {
  const lines = text.split('\n');
  if (lines.length <= MAX_STREAM_LINES) return text;
  return `${lines.slice(0, MAX_STREAM_LINES).join('\n')}\n… ${lines.length - MAX_STREAM_LINES} more lines not shown`;
}

function figure(kind: 'chart' | 'image', svg: string, title: string): string {
  const label = title ? ` aria-label="${escapeHtml(title)}"` : '';
  return `<figure class="qb-figure qb-${kind}"${label}>${svg}</figure>`;
}

function vegaTitle(spec: unknown): string {
  const t = (spec as { title?: unknown } | null)?.title;
  if (typeof t === 'string') return t;
  const text = (t as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : '';
}

async function richOutput(data: Record<string, unknown>, ctx: OutputContext): Promise<string> {
  const mimes = Object.keys(data);
  const vl = mimes.find((m) => VEGA_LITE.test(m));
  const prefix = (): string => `f${++ctx.figures}-`;
  if (typeof data['image/svg+xml'] === 'string' || Array.isArray(data['image/svg+xml'])) {
    const svg = sanitizeSvg(joinText(data['image/svg+xml'] as string | string[]), { idPrefix: prefix() });
    if (svg) {
      if (vl) ctx.charts++;
      return figure(vl ? 'chart' : 'image', svg, vl ? vegaTitle(data[vl]) : '');
    }
  }
  if (vl) {
    const raw = data[vl];
    try {
      const spec = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ChartSpec;
      const svg = sanitizeSvg(await toSVG(spec), { idPrefix: prefix() });
      ctx.charts++;
      return figure('chart', svg, vegaTitle(spec));
    } catch (err) {
      return `<div class="qb-note qb-warning">A Vega-Lite chart could not be rendered: ${escapeHtml(err instanceof Error ? err.message : String(err))}</div>`;
    }
  }
  const record = data[RECORD_MIME] as { name?: unknown; value?: unknown } | undefined;
  if (record && typeof record === 'object' && typeof record.name === 'string') {
    const value = JSON.stringify(record.value) ?? 'null';
    const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    return `<div class="qb-note qb-record">recorded <code>${escapeHtml(record.name)}</code> = <code>${escapeHtml(shown)}</code></div>`;
  }
  if (data['text/html'] !== undefined) {
    return `<div class="qb-html">${sanitizeHtml(joinText(data['text/html'] as string | string[]))}</div>`;
  }
  const image = mimes.find((m) => IMAGE.test(m));
  if (image) {
    const b64 = joinText(data[image] as string | string[]);
    if (BASE64.test(b64)) {
      ctx.figures++;
      return `<figure class="qb-figure qb-image"><img alt="output image" src="data:${image};base64,${b64.replace(/\s+/g, '')}"></figure>`;
    }
  }
  if (data['text/markdown'] !== undefined) {
    return `<div class="qb-markdown-output">${renderMarkdown(joinText(data['text/markdown'] as string | string[]), ctx)}</div>`;
  }
  if (data['text/latex'] !== undefined) {
    return `<pre class="qb-text">${escapeHtml(joinText(data['text/latex'] as string | string[]))}</pre>`;
  }
  if (data['text/plain'] !== undefined) {
    return `<pre class="qb-text">${escapeHtml(capLines(terminalText(joinText(data['text/plain'] as string | string[]))))}</pre>`;
  }
  const json = mimes.find((m) => m === 'application/json' || m.endsWith('+json'));
  if (json)
    return `<pre class="qb-text qb-json">${escapeHtml(JSON.stringify(data[json], null, 2) ?? '')}</pre>`;
  if (mimes.length === 0) return '';
  return `<div class="qb-note">Output not shown in a static report (${escapeHtml(mimes.join(', '))}).</div>`;
}

/**
 * The HTML of a code cell's outputs.
 * @param outputs - The cell's outputs (nbformat 4).
 * @param ctx - The report's shared state (counters updated).
 */
export async function renderOutputs(outputs: readonly IpynbOutput[], ctx: OutputContext): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i];
    if (out.output_type === 'stream') {
      const name = out.name === 'stderr' ? 'stderr' : 'stdout';
      let text = joinText(out.text);
      while (
        i + 1 < outputs.length &&
        outputs[i + 1].output_type === 'stream' &&
        (outputs[i + 1].name === 'stderr' ? 'stderr' : 'stdout') === name
      )
        text += joinText(outputs[++i].text);
      parts.push(`<pre class="qb-stream qb-${name}">${escapeHtml(capLines(terminalText(text)))}</pre>`);
    } else if (out.output_type === 'error') {
      ctx.errors++;
      const trace = terminalText((out.traceback ?? []).join('\n'));
      parts.push(
        `<div class="qb-error" role="alert"><div class="qb-ename"><strong>${escapeHtml(out.ename ?? 'Error')}</strong>: ${escapeHtml(out.evalue ?? '')}</div>` +
          (trace.trim() ? `<pre>${escapeHtml(capLines(trace))}</pre>` : '') +
          '</div>',
      );
    } else if (
      out.output_type === 'display_data' ||
      out.output_type === 'execute_result' ||
      out.output_type === 'update_display_data'
    ) {
      const html = await richOutput(out.data ?? {}, ctx);
      if (html) parts.push(`<div class="qb-output">${html}</div>`);
    }
  }
  return parts.join('\n');
}
