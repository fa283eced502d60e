/**
 * Markdown cells to HTML with markdown-it (CommonMark), then through the report's sanitizer:
 *
 * ```
 *  source ──markdown-it (raw HTML allowed, linkify off)──▶ tokens
 *     headings: id = "sec-" + slug (unique per report), collected for the table of contents
 *     images:   attachment:NAME → data: URI from the cell's attachments; data:image → kept;
 *               any other src → a link with the alt text (a report never fetches an image)
 *     fences:   highlighted (highlight.ts)
 *  ──render──▶ HTML ──sanitizeHtml (ids starting "sec-" kept)──▶ safe HTML
 * ```
 */
import MarkdownIt from 'markdown-it';
import { escapeHtml } from '../display/format.js';
import { highlightCode } from './highlight.js';
import { sanitizeHtml } from './sanitize.js';

/** A heading found in a markdown cell, for the table of contents. */
export interface Heading {
  level: number;
  text: string;
  id: string;
}

/** Gives unique slugs across a report (github-slugger style: lower case, dashes, -1, -2 … on repeats). */
export class Slugger {
  private readonly seen = new Map<string, number>();
  slug(text: string): string {
    const base =
      text
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .trim()
        .replace(/\s+/g, '-') || 'section';
    const n = this.seen.get(base) ?? 0;
    this.seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  }
}

/** The anchor prefix of heading ids. */
export const HEADING_ID_PREFIX = 'sec-';

/** A cell's attachments (nbformat): name → mime type → base64. */
export type Attachments = Record<string, Record<string, string>>;

interface RenderEnv {
  slugger: Slugger;
  headings: Heading[];
  attachments: Attachments;
}

const md = new MarkdownIt({
  html: true,
  linkify: false,
  typographer: false,
  highlight: (code, lang) => highlightCode(code, lang || 'text'),
});

md.core.ruler.push('quantbook_headings', (state) => {
  const env = state.env as unknown as RenderEnv;
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'heading_open') continue;
    const inline = tokens[i + 1];
    const text = (inline?.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('');
    const id = HEADING_ID_PREFIX + env.slugger.slug(text);
    t.attrSet('id', id);
    env.headings.push({ level: Number(t.tag.slice(1)), text, id });
  }
});

md.renderer.rules.image = (tokens, idx, _options, rawEnv) => {
  const env = rawEnv as unknown as RenderEnv;
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  const alt = token.children ? token.children.map((c) => c.content).join('') : token.content;
  let data: string | undefined;
  if (src.startsWith('attachment:')) {
    const bundle = env.attachments[decodeURIComponent(src.slice('attachment:'.length))];
    const mime = bundle && Object.keys(bundle).find((m) => m.startsWith('image/'));
    if (mime && bundle) data = `data:${mime};base64,${bundle[mime].replace(/\s+/g, '')}`;
  } else if (/^data:image\//i.test(src)) data = src;
  if (data) return `<img src="${escapeHtml(data)}" alt="${escapeHtml(alt)}">`;
  return `<a href="${escapeHtml(src)}" class="qb-image-link">[image: ${escapeHtml(alt || src)}]</a>`;
};

/**
 * Renders a markdown cell.
 * @param source - The cell's markdown.
 * @param context - The report's slugger and heading list (headings are appended), and the cell's attachments.
 * @returns Sanitized HTML.
 * @example renderMarkdown('# Results', { slugger: new Slugger(), headings: [] }) // '<h1 id="sec-results">Results</h1>\n'
 */
export function renderMarkdown(
  source: string,
  context: { slugger: Slugger; headings: Heading[]; attachments?: Attachments },
): string {
  const env: RenderEnv = {
    slugger: context.slugger,
    headings: context.headings,
    attachments: context.attachments ?? {},
  };
  return sanitizeHtml(md.render(source, env as unknown as Record<string, unknown>), {
    keepIdPrefix: HEADING_ID_PREFIX,
  });
}
