/**
 * The link to the tslab kernel, when quantbook runs inside one: tslab's `display` API sends one mime
 * type per message, so quantbook calls the writer behind it (`lastWriteDisplayData` of the kernel's
 * own tslab instance) to send whole mime bundles — Vega-Lite with its SVG fallback in one output —
 * and to update a display in place (`update_display_data` with a `display_id`).
 *
 * ```
 *  require.cache ──find …/tslab/dist/jupyter.js whose lastWriteDisplayData is set──▶ writer(data, update)
 *       (the kernel's own copy, wherever tslab is installed; none outside a kernel)
 * ```
 *
 * @see tslab 1.0 src/public.ts (`newDisplay`, `display.raw`) and src/jupyter.ts (`lastWriteDisplayData`).
 * @see Jupyter messaging 5.3: display_data, update_display_data, transient.display_id.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

/** A Jupyter mime bundle: mime type → content (text, or a JSON value for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** The content of a display_data / update_display_data message. */
export interface DisplayData {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** tslab's writer: sends display_data, or update_display_data when `update` is true. */
export type DisplayWriter = (data: DisplayData, update: boolean) => void;

const TSLAB_JUPYTER = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The kernel's display writer, or undefined outside a tslab kernel (or before its first cell runs).
 * Looked up on every call: tslab swaps the writer for each executed cell.
 */
export function kernelWriter(): DisplayWriter | undefined {
  const cache = createRequire(import.meta.url).cache;
  for (const key of Object.keys(cache)) {
    if (!TSLAB_JUPYTER.test(key)) continue;
    const exported = cache[key]?.exports as { lastWriteDisplayData?: unknown } | undefined;
    if (typeof exported?.lastWriteDisplayData === 'function')
      return exported.lastWriteDisplayData as DisplayWriter;
  }
  return undefined;
}

/** True inside a tslab kernel (a cell is running and its display channel is known). */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/** A fresh display id (16 hex digits, as tslab's `newDisplay`). */
export function newDisplayId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * A display that can be shown once and then replaced in place, bound to the cell that created it
 * (the writer is captured at creation, so later updates still reach that cell's output).
 */
export class KernelDisplay {
  readonly id: string;
  private readonly writer: DisplayWriter;
  private shown = false;

  /** @throws Error outside a tslab kernel (check {@link inKernel} first). */
  constructor(writer: DisplayWriter | undefined = kernelWriter(), id: string = newDisplayId()) {
    if (!writer) throw new Error('KernelDisplay: not running inside a tslab kernel');
    this.writer = writer;
    this.id = id;
  }

  /** Shows the bundle (first call) or replaces what this display shows (later calls). */
  render(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
    this.writer({ data, metadata, transient: { display_id: this.id } }, this.shown);
    this.shown = true;
  }
}

/**
 * Sends a mime bundle to the notebook as one display_data output.
 * @returns false (and sends nothing) outside a kernel.
 */
export function publishDisplay(data: MimeBundle, metadata: Record<string, unknown> = {}): boolean {
  const writer = kernelWriter();
  if (!writer) return false;
  writer({ data, metadata }, false);
  return true;
}
