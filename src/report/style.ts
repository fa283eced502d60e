/**
 * The report's stylesheet, inlined in every report: system fonts only (no web fonts, no requests),
 * a sticky table of contents on wide screens, print-friendly, and highlight.js token colours.
 */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --bg-code: #f6f8fa; --accent: #0072B2;
  --err-bg: #fff1f0; --err-line: #D55E00; --warn-bg: #fff8e6; --warn-line: #E69F00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; line-height: 1.5;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
a { color: var(--accent); }
.qb-header { padding: 24px 32px 12px; border-bottom: 1px solid var(--line); }
.qb-title { margin: 0 0 8px; font-size: 1.8em; line-height: 1.25; }
.qb-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; font-size: 13px; }
.qb-meta dt { color: var(--muted); }
.qb-meta dd { margin: 0; overflow-wrap: anywhere; }
.qb-meta table { border-collapse: collapse; }
.qb-meta td { padding: 0 12px 0 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.qb-layout { display: flex; align-items: flex-start; gap: 24px; padding: 0 32px 32px; }
.qb-toc { position: sticky; top: 0; flex: 0 0 220px; max-height: 100vh; overflow-y: auto; padding: 16px 0; font-size: 13px; }
.qb-toc h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 8px; }
.qb-toc ol { list-style: none; margin: 0; padding: 0; }
.qb-toc li { margin: 2px 0; }
.qb-toc .qb-toc-2 { padding-left: 12px; } .qb-toc .qb-toc-3 { padding-left: 24px; }
.qb-toc a { text-decoration: none; color: var(--fg); } .qb-toc a:hover { color: var(--accent); }
main { flex: 1 1 auto; min-width: 0; max-width: 1100px; padding-top: 8px; }
.qb-cell { margin: 14px 0; }
.qb-markdown h1, .qb-markdown h2, .qb-markdown h3 { line-height: 1.25; margin: 1.2em 0 .5em; }
.qb-markdown h1 { font-size: 1.6em; border-bottom: 1px solid var(--line); padding-bottom: .2em; }
.qb-markdown h2 { font-size: 1.3em; } .qb-markdown h3 { font-size: 1.1em; }
.qb-markdown img { max-width: 100%; }
.qb-markdown table, .qb-table { border-collapse: collapse; font-size: 13px; }
.qb-markdown th, .qb-markdown td, .qb-table th, .qb-table td { border: 1px solid var(--line); padding: 3px 8px; }
.qb-table thead th { background: var(--bg-code); vertical-align: bottom; }
.qb-table-wrap, .qb-html { overflow-x: auto; }
.qb-input { display: flex; gap: 8px; }
.qb-prompt { flex: 0 0 64px; color: var(--muted); font: 12px/1.9 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-align: right; }
.qb-source { flex: 1 1 auto; min-width: 0; margin: 0; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
pre { background: var(--bg-code); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; overflow-x: auto; white-space: pre; margin: 4px 0; }
.qb-outputs { margin-left: 72px; }
.qb-hide-code .qb-outputs { margin-left: 0; }
pre.qb-stream, pre.qb-text { background: #fff; border-color: #eaeef2; }
pre.qb-stderr { background: var(--err-bg); border-color: #f4c7c1; }
.qb-error { background: var(--err-bg); border-left: 4px solid var(--err-line); padding: 8px 12px; margin: 4px 0; border-radius: 4px; }
.qb-error pre { background: transparent; border: 0; padding: 4px 0 0; margin: 0; }
.qb-figure { margin: 8px 0; overflow-x: auto; }
.qb-figure svg, .qb-figure img { max-width: 100%; height: auto; }
.qb-banner { padding: 12px 16px; border-radius: 6px; margin: 16px 0; border-left: 4px solid var(--warn-line); background: var(--warn-bg); }
.qb-banner.qb-errors { border-left-color: var(--err-line); background: var(--err-bg); }
.qb-note { color: var(--muted); font-size: 13px; font-style: italic; }
.qb-note.qb-warning { color: #8a4b00; font-style: normal; }
.qb-footer { padding: 12px 32px 24px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
@media (max-width: 900px) { .qb-layout { display: block; padding: 0 16px 24px; } .qb-toc { position: static; max-height: none; }
  .qb-outputs { margin-left: 0; } .qb-prompt { display: none; } .qb-header { padding: 16px; } }
@media print { .qb-toc { display: none; } .qb-layout { display: block; } pre { white-space: pre-wrap; } .qb-cell { break-inside: avoid; } }
.hljs-keyword, .hljs-built_in, .hljs-literal, .hljs-type { color: #cf222e; }
.hljs-string, .hljs-regexp { color: #0a3069; }
.hljs-number, .hljs-attr, .hljs-variable.constant_ { color: #0550ae; }
.hljs-comment { color: #6e7781; font-style: italic; }
.hljs-title, .hljs-title.function_, .hljs-title.class_ { color: #8250df; }
.hljs-params, .hljs-property { color: #24292f; }
.hljs-meta { color: #953800; }
`;
