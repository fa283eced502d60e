/**
 * `quantbook report <nb.ipynb> [-o reports/<name>.html] [--hide-code] [--title T]`: renders an
 * executed notebook as a self-contained HTML report, written atomically.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { writeReport } from './render.js';

/** The default report path of a notebook: reports/<notebook name without .ipynb / .executed>.html. */
export function defaultReportPath(notebook: string): string {
  const name = path
    .basename(notebook)
    .replace(/\.ipynb$/i, '')
    .replace(/\.executed$/i, '');
  return path.join('reports', `${name}.html`);
}

/** Adds the `report` command to the CLI program. */
export function addReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'render an executed notebook as one self-contained HTML report (inline CSS and SVG, no scripts)',
    )
    .argument('<notebook>', 'the executed .ipynb file (nbformat 4)')
    .option('-o, --output <path>', 'HTML file to write (default: reports/<notebook>.html)')
    .option('--hide-code', 'leave the code cells out; show markdown and outputs only')
    .option('--title <title>', 'report title (default: the first heading)')
    .action(async (notebook: string, opts: { output?: string; hideCode?: boolean; title?: string }) => {
      const out = opts.output ?? defaultReportPath(notebook);
      const r = await writeReport(notebook, out, {
        ...(opts.hideCode ? { hideCode: true } : {}),
        ...(opts.title !== undefined ? { title: opts.title } : {}),
      });
      const kb = (r.bytes / 1024).toFixed(0);
      const notes = [
        `${r.cells} cells`,
        `${r.charts} chart${r.charts === 1 ? '' : 's'}`,
        ...(r.errors ? [`${r.errors} error output${r.errors === 1 ? '' : 's'}`] : []),
        ...(r.executed ? [] : ['NOT EXECUTED: no outputs']),
      ];
      console.log(`wrote ${r.path} (${kb} KB: ${notes.join(', ')})`);
    });
}
