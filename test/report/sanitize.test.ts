/**
 * The report sanitizer and markdown renderer: scripts, event handlers, javascript: URLs, remote
 * resources and CSS url()s never survive; tables, SVG charts and heading anchors do.
 */
import { expect } from 'chai';
import { toSVG, rocChart } from '../../src/charts/index.js';
import { renderMarkdown, sanitizeHtml, sanitizeSvg } from '../../src/report/index.js';
import { Slugger, type Heading } from '../../src/report/markdown.js';
import { PNG_1PX } from './sample-notebook.js';

const ATTACKS: [string, string][] = [
  ['<script>alert(1)</script>ok', 'ok'],
  ['<SCRIPT SRC=//x.js></SCRIPT>ok', 'ok'],
  ['<img src=x onerror=alert(1)>', '<img>'],
  ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
  ['<a href=" JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
  [
    '<a href="https://example.com" target="_blank">x</a>',
    '<a href="https://example.com" rel="noopener noreferrer">x</a>',
  ],
  ['<div style="background:url(https://x/y.png)">x</div>', '<div>x</div>'],
  ['<div style="color:red">x</div>', '<div style="color:red">x</div>'],
  ['<iframe src="https://x"></iframe>ok', 'ok'],
  ['<style>@import url(https://x/a.css)</style>ok', 'ok'],
  ['<link rel="stylesheet" href="https://x/a.css">ok', 'ok'],
  ['<meta http-equiv="refresh" content="0;url=https://x">ok', 'ok'],
  ['<object data="x.swf"></object><embed src="x">ok', 'ok'],
  ['<form action="https://x"><input name="a"></form>ok', 'ok'],
  [
    '<svg><script>alert(1)</script><rect width="1" onload="alert(1)"/></svg>',
    '<svg><rect width="1"></rect></svg>',
  ],
  ['<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>', '<svg></svg>'],
  ['<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', '<svg><text>x</text></svg>'],
  ['<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', '<svg></svg>'],
  ['<svg><image href="https://x/y.png"/></svg>', '<svg><image></image></svg>'],
  ['<svg><rect fill="url(https://x/p.svg#a)"/></svg>', '<svg><rect></rect></svg>'],
  ['<svg><use href="https://x/s.svg#a"/></svg>', '<svg><use></use></svg>'],
  ['<!-- <script>alert(1)</script> -->ok', 'ok'],
  ['<b>&lt;script&gt;</b>', '<b>&lt;script&gt;</b>'],
  ['<p id="x" class="y">t</p>', '<p class="y">t</p>'],
  ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ''],
  ['<unknown-tag>kept text</unknown-tag>', 'kept text'],
  [
    '<table><tr><td colspan="2" onclick="x()">1</td></tr></table>',
    '<table><tr><td colspan="2">1</td></tr></table>',
  ],
];

describe('report/sanitize', function () {
  for (const [input, expected] of ATTACKS) {
    it(`sanitizeHtml(${JSON.stringify(input)}) → ${JSON.stringify(expected)}`, function () {
      expect(sanitizeHtml(input)).to.equal(expected);
    });
  }

  it('keeps inline data: images and drops other image sources', function () {
    expect(sanitizeHtml(`<img src="data:image/png;base64,${PNG_1PX}" alt="a">`)).to.equal(
      `<img src="data:image/png;base64,${PNG_1PX}" alt="a">`,
    );
    expect(sanitizeHtml('<img src="data:text/html;base64,PHNjcmlwdD4=">')).to.equal('<img>');
    expect(sanitizeHtml('<img src="figure.png">')).to.equal('<img>');
  });

  it('sanitizeSvg keeps a vega chart intact up to the id prefix, and prefixes ids and url(#…) references', async function () {
    const svg = await toSVG(rocChart({ name: 'a', y: [0, 1, 0, 1], score: [0.1, 0.9, 0.4, 0.6] }));
    const clean = sanitizeSvg(svg);
    const tags = (s: string): string[] => [...s.matchAll(/<([a-zA-Z]+)[\s>]/g)].map((m) => m[1]);
    const texts = (s: string): string[] => [...s.matchAll(/>([^<]+)</g)].map((m) => m[1]);
    expect(tags(clean)).to.deep.equal(tags(svg));
    expect(texts(clean)).to.deep.equal(texts(svg));
    expect(clean).to.include('viewBox="0 0 ');
    const ids = sanitizeSvg(
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"></g><use href="#clip1"/></svg>',
      { idPrefix: 'f3-' },
    );
    expect(ids).to.equal(
      '<svg><defs><clipPath id="f3-clip1"><rect></rect></clipPath></defs><g clip-path="url(#f3-clip1)"></g><use href="#f3-clip1"></use></svg>',
    );
    expect(sanitizeSvg('<?xml version="1.0"?><!DOCTYPE svg><svg viewBox="0 0 1 1"></svg>')).to.equal(
      '<svg viewBox="0 0 1 1"></svg>',
    );
    expect(sanitizeSvg('<script>alert(1)</script>')).to.equal('');
  });
});

describe('report/markdown', function () {
  const render = (src: string, attachments = {}): { html: string; headings: Heading[] } => {
    const headings: Heading[] = [];
    return { html: renderMarkdown(src, { slugger: new Slugger(), headings, attachments }), headings };
  };

  it("renderMarkdown('# Results') is '<h1 id=\"sec-results\">Results</h1>' and collects the heading", function () {
    const { html, headings } = render('# Results');
    expect(html).to.equal('<h1 id="sec-results">Results</h1>\n');
    expect(headings).to.deep.equal([{ level: 1, text: 'Results', id: 'sec-results' }]);
  });

  it('gives repeated headings unique ids and keeps accents and `code` in the text', function () {
    const { headings } = render('## Résumé\n\n## Résumé\n\n### The `auc` metric');
    expect(headings.map((h) => h.id)).to.deep.equal(['sec-resume', 'sec-resume-1', 'sec-the-auc-metric']);
    expect(headings[2].text).to.equal('The auc metric');
  });

  it('inlines attachment: images, keeps data: images, and turns remote images into links', function () {
    const { html } = render(
      '![chart](attachment:c.png) ![remote](https://example.com/x.png) ![local](fig.png)',
      {
        'c.png': { 'image/png': PNG_1PX },
      },
    );
    expect(html).to.include(`<img src="data:image/png;base64,${PNG_1PX}" alt="chart">`);
    expect(html).to.include(
      '<a href="https://example.com/x.png" class="qb-image-link" rel="noopener noreferrer">[image: remote]</a>',
    );
    expect(html).to.include('<a class="qb-image-link">[image: local]</a>');
    expect(html).to.not.match(/<img[^>]*src="https?:/);
  });

  it('sanitizes raw HTML and javascript: links in markdown, highlights fenced code', function () {
    const { html } = render(
      '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <span onmouseover="x()">hover</span>\n\n```ts\nconst a = 1;\n```',
    );
    expect(html).to.not.match(/<script|onmouseover|href="javascript:/i);
    expect(html).to.include('<span>hover</span>');
    expect(html).to.include('<span class="hljs-keyword">const</span>');
  });
});
