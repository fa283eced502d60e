/**
 * `show(x)`: the one call that displays anything in a tslab notebook cell, and prints it as text
 * outside a kernel (a script, the CLI, a test).
 *
 * ```
 *  x ──┬─ Vega-Lite spec (a chart)  ──▶ { application/vnd.vegalite.v5+json, image/svg+xml (toSVG), text/plain }
 *      ├─ Arquero table             ──▶ { text/html (tableHtml), text/plain (tableText) }
 *      ├─ metrics object            ──▶ tidy (metric, value) table, as above
 *      ├─ array of row objects      ──▶ a table of them (e.g. a per-symbol results list), as above
 *      └─ anything else             ──▶ { text/plain (util.inspect) }
 *  bundle ──in a tslab kernel?──▶ one display_data output │ else ──▶ text/plain on stdout
 * ```
 *
 * JupyterLab renders the Vega-Lite mime type interactively; GitHub, nbviewer, nbconvert and our
 * reports fall back to the SVG, so a chart shows everywhere.
 */
import { inspect } from 'node:util';
import { toSVG } from '../charts/render.js';
import { specTitle } from '../charts/render.js';
import { VEGA_LITE_MIME, type ChartSpec } from '../charts/theme.js';
import { isArqueroTable } from '../charts/input.js';
import { kernelWriter, type MimeBundle } from './kernel.js';
import { isMetricsObject, isRowArray, rowsTable, tidyMetrics } from './metrics.js';
import { tableHtml, tableText, type TableFormat } from './table.js';

/** Options of {@link show} and {@link toMimeBundle}. */
export interface ShowOptions extends TableFormat {
  /** Include the SVG rendering of a chart (default true). */
  svg?: boolean;
}

/** True for a Vega-Lite spec: an object whose `$schema` names vega-lite, or a quantbook chart. */
export function isChartSpec(x: unknown): x is ChartSpec {
  if (typeof x !== 'object' || x === null) return false;
  const schema = (x as { $schema?: unknown }).$schema;
  if (typeof schema === 'string') return /vega-lite/.test(schema);
  const meta = (x as { usermeta?: { quantbook?: { chart?: unknown } } }).usermeta;
  return typeof meta?.quantbook?.chart === 'string';
}

/**
 * The mime bundle of a chart: the spec under `application/vnd.vegalite.v5+json`, its SVG under
 * `image/svg+xml`, and a line of text.
 * @throws ChartError when the spec does not compile.
 */
export async function chartBundle(
  spec: ChartSpec,
  { svg = true }: { svg?: boolean } = {},
): Promise<MimeBundle> {
  const title = specTitle(spec);
  const bundle: MimeBundle = {
    [VEGA_LITE_MIME]: spec,
    'text/plain': `<chart${title ? `: ${title}` : ''}>`,
  };
  if (svg) bundle['image/svg+xml'] = await toSVG(spec);
  return bundle;
}

/**
 * The mime bundle `show` would display for `x` (see the file header).
 * @example (await toMimeBundle({ auc: 0.61 }))['text/html'] // '<div class="qb-table-wrap"><table …>…auc…0.61…'
 */
export async function toMimeBundle(x: unknown, options: ShowOptions = {}): Promise<MimeBundle> {
  if (isChartSpec(x)) return chartBundle(x, options);
  if (isArqueroTable(x)) return { 'text/html': tableHtml(x, options), 'text/plain': tableText(x, options) };
  if (isMetricsObject(x)) {
    const t = tidyMetrics(x);
    return {
      'text/html': tableHtml(t, { maxRows: 200, ...options }),
      'text/plain': tableText(t, { maxRows: 200, ...options }),
    };
  }
  if (isRowArray(x)) {
    const t = rowsTable(x);
    return { 'text/html': tableHtml(t, options), 'text/plain': tableText(t, options) };
  }
  if (typeof x === 'string') return { 'text/plain': x };
  return { 'text/plain': inspect(x, { depth: 4, maxArrayLength: 20, breakLength: 100 }) };
}

/**
 * Displays `x` in the notebook (one output with every mime type of its bundle), or prints its text
 * form when not inside a tslab kernel. Await it in a cell: `await show(rocChart(models))`.
 *
 * @param x - A chart spec, an Arquero table, a metrics object, an array of row objects (a table), or
 *   anything (shown as text).
 * @param options - maxRows (tables, default 20), digits (4 significant), caption, svg (charts, default true).
 * @throws ChartError for a chart spec that does not compile.
 */
export async function show(x: unknown, options: ShowOptions = {}): Promise<void> {
  const writer = kernelWriter(); // captured now: the output belongs to the cell that called show
  const bundle = await toMimeBundle(x, writer ? options : { ...options, svg: false });
  if (writer) writer({ data: bundle, metadata: {} }, false);
  else process.stdout.write(`${String(bundle['text/plain'])}\n`);
}
