/**
 * Every chart: its spec matches the snapshot under test/fixtures/charts/, validates against the
 * Vega-Lite v5 JSON schema (vega-lite's build/vega-lite-schema.json), compiles without warnings, and
 * renders server-side to a non-empty SVG with marks.
 */
import { expect } from 'chai';
import { THEME, VEGA_LITE_SCHEMA, compileSpec, toSVG } from '../../src/charts/index.js';
import { CHART_CASES, expectSnapshot, schemaErrors, withoutConfig } from './helpers.js';

describe('charts: snapshots, schema, SVG', function () {
  this.timeout(60_000);

  it('the theme matches its snapshot', function () {
    expectSnapshot('theme', THEME);
  });

  for (const [name, make] of Object.entries(CHART_CASES)) {
    describe(name, function () {
      const spec = make();

      it('matches its snapshot', function () {
        expectSnapshot(name, withoutConfig(spec));
      });

      it('is valid on the Vega-Lite v5 JSON schema, with the theme and inline data', function () {
        expect(schemaErrors(spec)).to.equal('');
        expect(spec.$schema).to.equal(VEGA_LITE_SCHEMA);
        expect(spec.config).to.equal(THEME);
        expect(JSON.stringify(spec)).to.not.match(/"url"\s*:/);
      });

      it('compiles to Vega without warnings and is plain JSON', function () {
        const vg = compileSpec(spec, { strict: true });
        expect(vg).to.have.property('marks');
        expect(JSON.parse(JSON.stringify(spec))).to.deep.equal(spec);
      });

      it('renders to a non-empty SVG with marks', async function () {
        const svg = await toSVG(spec, { strict: true });
        expect(svg).to.match(/^<svg [^>]*width="\d+(\.\d+)?" height="\d+(\.\d+)?" viewBox="/);
        expect(svg).to.match(/<\/svg>$/);
        const marks = svg.match(/<(path|rect|line|text)\b/g) ?? [];
        expect(marks.length).to.be.greaterThan(name === 'no-data' ? 0 : 10);
        if (name === 'no-data') expect(svg).to.include('>no data</text>');
        else expect(svg).to.match(/class="mark-(line|rect|area|symbol|rule|text)/);
      });
    });
  }
});
