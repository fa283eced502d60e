/**
 * Reports: an executed notebook → one self-contained static HTML file (inline CSS and SVG, no
 * scripts, no network requests).
 */
export {
  renderReport,
  renderReportWithSummary,
  writeReport,
  REPORT_CSP,
  type ReportOptions,
  type ReportSummary,
} from './render.js';
export {
  wasExecuted,
  type IpynbNotebook,
  type IpynbCell,
  type IpynbOutput,
  type MultilineText,
} from './ipynb.js';
export { runMetadata, type RunMetadata } from './metadata.js';
export { sanitizeHtml, sanitizeSvg, type SanitizeOptions } from './sanitize.js';
export { renderMarkdown, type Heading } from './markdown.js';
export { highlightCode } from './highlight.js';
export {
  runDemo,
  registryChampions,
  listDemoNotebooks,
  demoParameters,
  DEMO_NOTEBOOK_PATTERN,
  type DemoOptions,
  type DemoEvent,
  type DemoNotebookResult,
  type DemoResult,
  type DemoChampion,
} from './demo.js';
export {
  renderIndexPage,
  formatDemoSummary,
  formatRecord,
  type IndexEntry,
  type SummaryRow,
} from './index-page.js';
