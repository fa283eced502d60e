/**
 * An allowlist sanitizer for the HTML and SVG that notebook outputs carry into a report. Reports
 * must not run scripts or load anything over the network, whatever a cell displayed, so every
 * element and attribute that is not known to be inert is dropped; the report's Content-Security-
 * Policy (`default-src 'none'`) backs this up in the browser.
 *
 * ```
 *  markup ──htmlparser2 (HTML mode: entities decoded, SVG tag names case-adjusted)──▶ events
 *     open tag: script/style/iframe/foreignObject/animate…  → dropped with everything inside
 *               allowed HTML or SVG element                 → kept, attributes filtered
 *               anything else                               → unwrapped (its text kept)
 *     attributes: on*, unknown names, javascript:, url(…) to anything but #id, remote href/src → dropped
 *     text → re-escaped; comments, CDATA, processing instructions → dropped
 *  SVG ids get a per-figure prefix (and url(#…)/href="#…" follow), so two charts with the same
 *  clip-path ids do not clash once inlined in one page.
 * ```
 */
import { Parser } from 'htmlparser2';
import { escapeHtml } from '../display/format.js';

const HTML_ELEMENTS = new Set(
  (
    'a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption ' +
    'figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre progress q s samp small span strong sub ' +
    'summary sup table tbody td tfoot th thead time tr u ul var wbr center font'
  ).split(' '),
);

const SVG_ELEMENTS = new Set(
  (
    'svg g path rect circle ellipse line polyline polygon text tspan textpath title desc defs clippath ' +
    'lineargradient radialgradient stop pattern mask marker symbol use image switch'
  ).split(' '),
);

/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set(
  (
    'script style iframe frame frameset object embed applet noscript noembed template textarea select ' +
    'button form input option base link meta title head foreignobject animate animatemotion ' +
    'animatetransform set discard handler listener math video audio source track canvas dialog portal'
  ).split(' '),
);

const VOID_ELEMENTS = new Set('br col hr img wbr'.split(' '));

const HTML_ATTRIBUTES = new Set(
  (
    'class title colspan rowspan align valign style width height alt scope lang dir span start reversed ' +
    'type open value max datetime abbr headers cite color size border cellpadding cellspacing'
  ).split(' '),
);

const DANGEROUS_VALUE =
  /javascript:|vbscript:|livescript:|expression\s*\(|@import|behavior\s*:|-moz-binding/i;
const URL_FUNCTION = /url\s*\(\s*(['"]?)\s*([^'")\s]*)/gi;
const SAFE_IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp|svg\+xml)(;[a-z0-9=.+-]+)*;base64,[a-z0-9+/=\s]+$/i;
const SAFE_LINK = /^(https?:|mailto:|#)/i;
const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

/** Options of {@link sanitizeHtml} / {@link sanitizeSvg}. */
export interface SanitizeOptions {
  /** Prefix for SVG ids (and references to them). Default '' (ids kept as they are). */
  idPrefix?: string;
  /** HTML ids starting with this prefix are kept (e.g. heading anchors); others are dropped. */
  keepIdPrefix?: string;
}

/** True when every `url(…)` in the value points inside the document (`url(#id)`). */
function urlsAreLocal(value: string): boolean {
  for (const m of value.matchAll(URL_FUNCTION)) if (!m[2].startsWith('#')) return false;
  return true;
}

function prefixRefs(value: string, prefix: string): string {
  if (!prefix) return value;
  return value.replace(URL_FUNCTION, (all, quote: string, target: string) =>
    target.startsWith('#') ? `url(${quote}#${prefix}${target.slice(1)}` : all,
  );
}

function cleanAttributes(
  tag: string,
  attribs: Record<string, string>,
  svg: boolean,
  options: SanitizeOptions,
): string {
  const prefix = options.idPrefix ?? '';
  const out: string[] = [];
  for (const [name, raw] of Object.entries(attribs)) {
    const lname = name.toLowerCase();
    if (!ATTRIBUTE_NAME.test(name) || lname.startsWith('on')) continue;
    let value = raw;
    if (DANGEROUS_VALUE.test(value)) continue;
    if (/url\s*\(/i.test(value) && !urlsAreLocal(value)) continue;
    if (lname === 'href' || lname === 'xlink:href' || lname === 'src') {
      const v = value.trim();
      if (svg) {
        if (v.startsWith('#')) value = `#${prefix}${v.slice(1)}`;
        else if (!(tag === 'image' && SAFE_IMAGE_DATA.test(v))) continue;
      } else if (tag === 'a' && lname === 'href') {
        if (!SAFE_LINK.test(v)) continue;
      } else if (tag === 'img' && lname === 'src') {
        if (!SAFE_IMAGE_DATA.test(v)) continue;
      } else continue;
    } else if (lname === 'id' || lname === 'name') {
      if (svg && lname === 'id') value = prefix + value;
      else if (!(lname === 'id' && options.keepIdPrefix && value.startsWith(options.keepIdPrefix))) continue;
    } else if (svg) {
      if (/^xmlns(:|$)/.test(lname) && !/^http:\/\/www\.w3\.org\//.test(value)) continue;
      value = prefixRefs(value, prefix);
    } else if (!HTML_ATTRIBUTES.has(lname) && !lname.startsWith('aria-') && !lname.startsWith('data-'))
      continue;
    out.push(` ${name}="${escapeHtml(value)}"`);
  }
  if (!svg && tag === 'a' && out.some((a) => a.startsWith(' href='))) out.push(' rel="noopener noreferrer"');
  return out.join('');
}

type Frame = { tag: string; kept: boolean; drop: boolean; svg: boolean };

/**
 * Sanitizes markup (HTML, possibly with inline SVG) by the allowlist described in the file header.
 * @example sanitizeHtml('<b onclick="x()">hi</b><script>alert(1)</script>') // '<b>hi</b>'
 */
export function sanitizeHtml(markup: string, options: SanitizeOptions = {}): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  let dropDepth = 0;
  const inSvg = (): boolean => stack.length > 0 && stack[stack.length - 1].svg;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const tag = name.toLowerCase();
        const svg = tag === 'svg' || inSvg();
        if (dropDepth > 0 || (DROP_WITH_CONTENT.has(tag) && !(svg && SVG_ELEMENTS.has(tag)))) {
          dropDepth++;
          stack.push({ tag, kept: false, drop: true, svg });
          return;
        }
        const allowed = svg ? SVG_ELEMENTS.has(tag) : HTML_ELEMENTS.has(tag);
        stack.push({ tag, kept: allowed, drop: false, svg });
        if (!allowed) return;
        out.push(`<${name}${cleanAttributes(tag, attribs, svg, options)}>`);
      },
      onclosetag(name) {
        const frame = stack.pop();
        if (!frame) return;
        if (frame.drop) {
          dropDepth--;
          return;
        }
        if (frame.kept && !(!frame.svg && VOID_ELEMENTS.has(frame.tag))) out.push(`</${name}>`);
      },
      ontext(text) {
        if (dropDepth === 0) out.push(escapeHtml(text));
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: false, recognizeSelfClosing: true },
  );
  parser.write(markup);
  parser.end();
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.kept && !frame.drop && !(!frame.svg && VOID_ELEMENTS.has(frame.tag)))
      out.push(`</${frame.tag}>`);
  }
  return out.join('');
}

/**
 * Sanitizes an SVG document for inlining in HTML: the XML prolog and doctype go, ids get `idPrefix`.
 * @returns the `<svg>…</svg>` markup, or '' when nothing safe is left.
 */
export function sanitizeSvg(svg: string, options: SanitizeOptions = {}): string {
  const body = svg.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?/i, '');
  const clean = sanitizeHtml(body, options).trim();
  return /^<svg[\s>]/i.test(clean) ? clean : '';
}
