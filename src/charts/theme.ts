/**
 * The one theme every quantbook chart uses, and the pieces each chart is built from: the Vega-Lite
 * `config` (fonts, axes, legend, the Okabe–Ito colour-blind-safe palette), the common top-level
 * properties, and the "no data" chart that stands in for a chart whose input has no rows.
 *
 * Charts are plain Vega-Lite v5 specs with inline data (`data.values`): JupyterLab renders them
 * from the `application/vnd.vegalite.v5+json` mime type, and `toSVG` (render.ts) renders them
 * server-side for static HTML. Dates travel as epoch-ms UTC days on a `utc` time scale.
 *
 * @see Okabe, M. & Ito, K. (2002) Color Universal Design. https://jfly.uni-koeln.de/color/
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { ParameterError } from '../util/errors.js';

/** A Vega-Lite v5 top-level spec, as every chart function returns. */
export type ChartSpec = TopLevelSpec;

/** The `$schema` every chart declares. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The Jupyter mime type of a Vega-Lite v5 spec. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** Categorical colours, in order (Okabe–Ito without yellow, which is unreadable on white). */
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000',
];

/** Named colours of the theme: gains, losses, reference lines and the "no data" text. */
export const COLORS = {
  positive: '#009E73',
  negative: '#D55E00',
  reference: '#8c8c8c',
  muted: '#bdbdbd',
  text: '#333333',
} as const;

/** System fonts only: charts must render without network requests. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';

/** The Vega-Lite `config` of every chart. */
export const THEME: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { continuousWidth: 420, continuousHeight: 300, stroke: '#e0e0e0' },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start', color: COLORS.text, subtitleColor: '#666666' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    titleColor: COLORS.text,
    labelColor: '#555555',
    gridColor: '#eeeeee',
    domainColor: '#999999',
    tickColor: '#999999',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 500, labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: [...PALETTE] },
  line: { strokeWidth: 2 },
  point: { filled: true, size: 40 },
  bar: { color: PALETTE[0] },
  area: { color: PALETTE[0] },
};

/** Options every chart takes. */
export interface ChartOptions {
  /** Chart title. Each chart has its own default. */
  title?: string;
  /** Width of the plotting area in pixels (each panel for faceted charts). Default 420. */
  width?: number;
  /** Height of the plotting area in pixels. Each chart has its own default. */
  height?: number;
  /**
   * A subtitle line, e.g. the test window (`'test 2016-03-04..2018-01-29'`); shown before the chart's own
   * subtitle (if it has one), joined by ' · '.
   */
  subtitle?: string;
}

/** The `usermeta` tag charts carry so that tools can tell a quantbook chart and its kind. */
export type ChartMeta = { quantbook: { chart: string } };

/**
 * The top-level properties shared by every chart: `$schema`, title, config and the usermeta tag.
 * @param chart - The chart's kind, e.g. 'roc'.
 * @param title - The title shown.
 * @param subtitle - Optional second line (e.g. a summary statistic).
 * @param options - The chart's options: their `subtitle` comes first on that line.
 */
export function topLevel(
  chart: string,
  title: string,
  subtitle?: string,
  options: Pick<ChartOptions, 'subtitle'> = {},
): { $schema: string; title: { text: string; subtitle?: string }; config: Config; usermeta: ChartMeta } {
  const parts = [options.subtitle, subtitle].filter(
    (t): t is string => typeof t === 'string' && t.length > 0,
  );
  if (options.subtitle !== undefined && typeof options.subtitle !== 'string')
    throw new ParameterError(`${chart} chart: subtitle must be a string, got ${typeof options.subtitle}`);
  subtitle = parts.length > 0 ? parts.join(' · ') : undefined;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    config: THEME,
    usermeta: { quantbook: { chart } },
  };
}

/** Reads `width`/`height` from the options with the chart's defaults, validating them. */
export function chartSize(
  what: string,
  options: ChartOptions,
  defaults: { width?: number; height: number },
): { width: number; height: number } {
  const width = options.width ?? defaults.width ?? 420;
  const height = options.height ?? defaults.height;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0))
      throw new ParameterError(`${what}: ${name} must be a number > 0, got ${v}`);
  }
  return { width, height };
}

/**
 * A chart that says "no data": what every chart returns when its input has no rows, and what
 * `toSVG` draws for a spec whose inline data is empty.
 *
 * @example noDataChart('ROC curve').usermeta // { quantbook: { chart: 'no-data' } }
 */
export function noDataChart(title: string, message = 'no data', options: ChartOptions = {}): ChartSpec {
  const { width, height } = chartSize('noDataChart', options, { width: 300, height: 120 });
  return {
    ...topLevel('no-data', title, undefined, options),
    width,
    height,
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 16, color: COLORS.reference, baseline: 'middle', align: 'center' },
    encoding: { text: { field: 'message', type: 'nominal' } },
  };
}

/** Formats a statistic for a legend or subtitle: 3 significant decimals, '—' for non-finite values. */
export function formatStat(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}
