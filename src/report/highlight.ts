/**
 * Syntax highlighting of code cells with highlight.js (core + the few languages notebooks use), as
 * escaped HTML with `hljs-*` classes styled by the report's CSS. Unknown languages are escaped only.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import typescript from 'highlight.js/lib/languages/typescript';
import { escapeHtml } from '../display/format.js';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('bash', bash);

const ALIASES: Record<string, string> = {
  ts: 'typescript',
  js: 'javascript',
  sh: 'bash',
  shell: 'bash',
  tslab: 'typescript',
};

/**
 * Highlighted HTML of `code` (escaped; only `<span class="hljs-…">` added).
 * @param language - 'typescript' (default), 'javascript', 'json', 'bash' or an alias; anything else is escaped only.
 * @example highlightCode('const x = 1;') // '<span class="hljs-keyword">const</span> x = <span class="hljs-number">1</span>;'
 */
export function highlightCode(code: string, language = 'typescript'): string {
  const lang = ALIASES[language.toLowerCase()] ?? language.toLowerCase();
  if (!hljs.getLanguage(lang)) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
