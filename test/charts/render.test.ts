/**
 * toSVG / compileSpec: server-side rendering with vega, "no data" for empty specs, no network access,
 * clear errors on invalid specs; and the schema validator itself rejects invalid specs.
 */
import { expect } from 'chai';
import {
  ChartError,
  compileSpec,
  hasNoData,
  noDataChart,
  toSVG,
  type ChartSpec,
} from '../../src/charts/index.js';
import { schemaErrors } from './helpers.js';

describe('charts/render', function () {
  this.timeout(60_000);

  it('toSVG renders a hand-written spec with marks, escaping its text', async function () {
    const svg = await toSVG({
      title: 'A <b>&</b> title',
      data: {
        values: [
          { a: 1, b: 2 },
          { a: 2, b: 3 },
        ],
      },
      mark: 'line',
      encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
    });
    expect(svg).to.match(/^<svg /);
    expect(svg).to.include('class="mark-line');
    expect(svg).to.include('A &lt;b&gt;&amp;&lt;/b&gt; title');
  });

  it('a spec whose inline data has no row renders as "no data" under its title', async function () {
    const spec: ChartSpec = {
      title: 'Empty',
      data: { values: [] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    expect(hasNoData(spec)).to.equal(true);
    const svg = await toSVG(spec);
    expect(svg).to.include('>no data</text>');
    expect(svg).to.include('>Empty</text>');
  });

  it('hasNoData walks layers and concats, and treats URL data as data', function () {
    expect(
      hasNoData({
        layer: [
          { data: { values: [] }, mark: 'bar' },
          { data: { values: [{ a: 1 }] }, mark: 'rule' },
        ],
      }),
    ).to.equal(false);
    expect(hasNoData({ vconcat: [{ data: { values: [] }, mark: 'bar' }] })).to.equal(true);
    expect(hasNoData({ data: { url: 'x.csv' }, mark: 'bar' })).to.equal(false);
    expect(hasNoData(noDataChart('t'))).to.equal(false);
  });

  it('refuses to load data by URL (no network requests while rendering)', async function () {
    const spec = {
      data: { url: 'https://example.com/data.json' },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    } as ChartSpec;
    let err: unknown;
    try {
      await toSVG(spec);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ChartError);
    expect((err as Error).message).to.match(/inline; refusing to load https:\/\/example\.com\/data\.json/);
  });

  it('an invalid spec throws a ChartError; strict mode turns warnings into errors', async function () {
    expect(() => compileSpec({ data: { values: [] } } as unknown as ChartSpec)).to.throw(
      ChartError,
      /Invalid spec|compile/,
    );
    const warned = {
      data: { values: [{ a: 1 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'nonsense' } },
    } as unknown as ChartSpec;
    expect(() => compileSpec(warned, { strict: true })).to.throw(ChartError, /warnings/);
    let err: unknown;
    try {
      await toSVG({ mark: 'nope' } as unknown as ChartSpec);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ChartError);
  });

  it('the schema validator rejects an unknown mark and a misspelt field type (negative control)', function () {
    expect(schemaErrors({ data: { values: [] }, mark: 'bogus' })).to.not.equal('');
    expect(
      schemaErrors({
        data: { values: [] },
        mark: 'bar',
        encoding: { x: { field: 'a', type: 'quantitativ' } },
      }),
    ).to.not.equal('');
    expect(
      schemaErrors({
        data: { values: [] },
        mark: 'bar',
        encoding: { x: { field: 'a', type: 'quantitative' } },
      }),
    ).to.equal('');
  });
});

describe('charts/render: inputs are never mutated', function () {
  it('toSVG leaves the spec and its data rows untouched (vega tags the rows of a copy)', async function () {
    const row = { a: 1, b: 2 };
    const spec: ChartSpec = {
      data: { values: [row, { a: 2, b: 3 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    await toSVG(spec);
    expect(Object.getOwnPropertySymbols(row)).to.deep.equal([]);
    expect(spec).to.deep.equal({
      data: {
        values: [
          { a: 1, b: 2 },
          { a: 2, b: 3 },
        ],
      },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    });
  });
});
