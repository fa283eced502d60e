/**
 * Server-side rendering of Vega-Lite specs to SVG with `vega` in Node (no browser, no canvas), so
 * static HTML reports and GitHub show charts without JavaScript.
 *
 * ```
 *  Vega-Lite spec ──no inline rows?──▶ noDataChart(title)
 *        │
 *        ▼ vega-lite compile (errors throw; warnings collected, thrown when strict)
 *  Vega spec ──vega.parse──▶ View (renderer 'none', a loader that refuses every request) ──toSVG──▶ string
 * ```
 *
 * Rendering never touches the network: a spec that loads data or images by URL is rejected.
 * Text is measured by vega's estimate (no canvas), so label layout is approximate but stable.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { noDataChart, type ChartSpec } from './theme.js';
import { QuantbookError } from '../util/errors.js';

/** Options of {@link compileSpec} and {@link toSVG}. */
export interface RenderOptions {
  /** Throw on Vega-Lite warnings too (an unknown property, a bad field type …). Default false. */
  strict?: boolean;
}

/** A spec Vega-Lite cannot compile, or one that needs a network request. `code` is 'E_CHART'. */
export class ChartError extends QuantbookError {
  constructor(message: string) {
    super('E_CHART', message);
  }
}

type Json = unknown;

/** Counts the inline data rows of a spec, walking layers, concats and facets. */
export function inlineDataRows(spec: Json): { rows: number; datasets: number; external: boolean } {
  const out = { rows: 0, datasets: 0, external: false };
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, Json>;
    const data = obj.data;
    if (typeof data === 'object' && data !== null) {
      const d = data as Record<string, Json>;
      out.datasets++;
      if (Array.isArray(d.values)) out.rows += d.values.length;
      else if (
        d.values !== undefined ||
        d.url !== undefined ||
        d.sequence !== undefined ||
        d.sphere !== undefined ||
        d.graticule !== undefined
      )
        out.external = true;
    }
    if (typeof obj.datasets === 'object' && obj.datasets !== null) {
      for (const values of Object.values(obj.datasets as Record<string, Json>)) {
        out.datasets++;
        if (Array.isArray(values)) out.rows += values.length;
        else out.external = true;
      }
    }
    for (const key of ['layer', 'vconcat', 'hconcat', 'concat', 'spec']) if (key in obj) visit(obj[key]);
  };
  visit(spec);
  return out;
}

/** True when every dataset of the spec is inline and holds no row. */
export function hasNoData(spec: ChartSpec): boolean {
  const { rows, datasets, external } = inlineDataRows(spec);
  return !external && rows === 0 && datasets > 0;
}

/** The spec's title text ('' when it has none). */
export function specTitle(spec: ChartSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.join(' ');
  if (typeof t === 'object' && t !== null) {
    const text = (t as { text?: unknown }).text;
    return Array.isArray(text) ? text.join(' ') : typeof text === 'string' ? text : '';
  }
  return '';
}

/**
 * Compiles a Vega-Lite spec to a Vega spec.
 * @throws ChartError with Vega-Lite's message when the spec is invalid (or, when strict, on any warning).
 */
export function compileSpec(spec: ChartSpec, options: RenderOptions = {}): vega.Spec {
  const warnings: string[] = [];
  interface Logger {
    level(): Logger;
    error(...args: unknown[]): never;
    warn(...args: unknown[]): Logger;
    info(): Logger;
    debug(): Logger;
  }
  const logger: Logger = {
    level: () => logger,
    error(...args: unknown[]): never {
      throw new ChartError(`Vega-Lite: ${args.map(String).join(' ')}`);
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  let compiled: vega.Spec;
  try {
    compiled = compile(spec, { logger: logger as never }).spec;
  } catch (err) {
    if (err instanceof ChartError) throw err;
    throw new ChartError(
      `Vega-Lite cannot compile the spec: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (options.strict && warnings.length > 0)
    throw new ChartError(`Vega-Lite warnings: ${warnings.join('; ')}`);
  return compiled;
}

/** A vega loader that refuses every load (rendering must not make network or file requests), noting each refusal. */
function offlineLoader(refused: string[]): vega.Loader {
  const loader = vega.loader();
  const refuse = (uri: string): Promise<never> => {
    refused.push(uri);
    return Promise.reject(
      new ChartError(`toSVG: charts must carry their data inline; refusing to load ${uri}`),
    );
  };
  loader.load = refuse;
  loader.sanitize = refuse;
  return loader;
}

/** A vega logger that keeps errors (vega logs failed loads and dataflow errors rather than throwing). */
function collectingLogger(errors: string[]): vega.LoggerInterface {
  let level = vega.Error;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
      return logger;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as vega.LoggerInterface;
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node. A spec whose inline data has no row renders
 * as a "no data" chart under the same title.
 *
 * @param spec - A Vega-Lite v5 spec with inline data (every chart in this module).
 * @param options - strict: throw on Vega-Lite warnings.
 * @returns `<svg …>…</svg>` with explicit width, height and viewBox.
 * @throws ChartError when the spec does not compile or needs to load data or images by URL.
 * @example await toSVG(rocChart(models)) // '<svg xmlns="http://www.w3.org/2000/svg" … class="marks" …'
 */
export async function toSVG(spec: ChartSpec, options: RenderOptions = {}): Promise<string> {
  // vega tags inline data rows with a symbol id: render a copy so the caller's spec is never touched
  const effective = hasNoData(spec) ? noDataChart(specTitle(spec) || 'Chart') : structuredClone(spec);
  const runtime = vega.parse(compileSpec(effective, options));
  const refused: string[] = [];
  const errors: string[] = [];
  const view = new vega.View(runtime, {
    renderer: 'none',
    loader: offlineLoader(refused),
    logger: collectingLogger(errors),
  });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0)
      throw new ChartError(
        `toSVG: charts must carry their data inline; refusing to load ${refused.join(', ')}`,
      );
    if (errors.length > 0)
      throw new ChartError(`toSVG: vega failed to render the chart: ${errors.join('; ')}`);
    return svg;
  } catch (err) {
    if (err instanceof ChartError) throw err;
    throw new ChartError(
      `toSVG: vega failed to render the chart: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    view.finalize();
  }
}
