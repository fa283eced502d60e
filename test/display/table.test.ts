/** Arquero tables as HTML (row limit, count, types, escaping) and as text; metrics objects as tidy tables. */
import * as aq from 'arquero';
import { expect } from 'chai';
import { isMetricsObject, tableHtml, tableText, tidyMetrics } from '../../src/display/index.js';

const DAY = 86_400_000;
const panel = aq.table({
  symbol: Array.from({ length: 25 }, (_, i) => (i < 12 ? 'SPY' : '<script>x</script>')),
  date: Float64Array.from({ length: 25 }, (_, i) => Date.UTC(2018, 0, 2) + i * DAY),
  close: Float64Array.from({ length: 25 }, (_, i) => 100 + i * 1.23456),
  volume: Array.from({ length: 25 }, (_, i) => 1_000_000 + i),
});

describe('display/table', function () {
  it('tableHtml shows the first 10 and last 10 of 25 rows with the count, types and formatted numbers', function () {
    const html = tableHtml(panel);
    expect(html).to.include('25 rows × 4 columns (first 10 and last 10 shown)');
    expect((html.match(/<tr>/g) ?? []).length).to.equal(1 + 20 + 1); // header, rows, ellipsis
    expect(html).to.include('<th>…</th>');
    expect(html).to.match(/symbol<br><span class="qb-type"[^>]*>str<\/span>/);
    expect(html).to.match(/date<br><span class="qb-type"[^>]*>date \(float64\)<\/span>/);
    expect(html).to.include('>2018-01-02</td>');
    expect(html).to.include('<td style="text-align:right">101.2</td>');
    expect(html).to.include('<td style="text-align:right">1,000,000</td>');
    expect(html).to.include('<th style="color:#777;font-weight:normal">24</th>');
  });

  it('escapes cell text: a <script> in a string column appears as text', function () {
    const html = tableHtml(panel);
    expect(html).to.not.include('<script>');
    expect(html).to.include('&lt;script&gt;x&lt;/script&gt;');
  });

  it('a short table is shown whole; maxRows and digits are options', function () {
    const t = aq.table({ x: [1.23456, 2] });
    expect(tableHtml(t)).to.include('2 rows × 1 column</p>');
    expect(tableHtml(t, { digits: 2 })).to.include('>1.2</td>');
    expect(tableHtml(panel, { maxRows: 4 })).to.include('(first 2 and last 2 shown)');
  });

  it('tableText aligns columns, right-aligns numbers, and ends with the count', function () {
    const text = tableText(aq.table({ name: ['a', 'bb'], value: [1.5, 10] }));
    expect(text.split('\n')).to.deep.equal([
      '   name     value',
      '   <str>  <float>',
      '0  a          1.5',
      '1  bb          10',
      '2 rows × 2 columns',
    ]);
  });
});

describe('display/metrics', function () {
  it('isMetricsObject: plain objects of numbers (nested, with strings or arrays) but not tables or empty objects', function () {
    expect(
      isMetricsObject({ auc: 0.6, model: 'lr', cal: { ece: 0.01 }, curve: Float64Array.of(1) }),
    ).to.equal(true);
    expect(isMetricsObject({ name: 'x' })).to.equal(false);
    expect(isMetricsObject({})).to.equal(false);
    expect(isMetricsObject(panel)).to.equal(false);
    expect(isMetricsObject(new Date())).to.equal(false);
    expect(isMetricsObject({ f: () => 1, a: 1 })).to.equal(false);
  });

  it('tidyMetrics({ auc: 0.61, cal: { ece: 0.02 } }) has rows (auc, 0.61), (cal.ece, 0.02)', function () {
    expect(tidyMetrics({ auc: 0.61, cal: { ece: 0.02 }, ic: [1, 2] }).objects()).to.deep.equal([
      { metric: 'auc', value: 0.61 },
      { metric: 'cal.ece', value: 0.02 },
      { metric: 'ic', value: '[2 values]' },
    ]);
  });
});

describe('display/table: Arrow-backed tables (readParquet)', function () {
  it('names the Arrow types of the columns', async function () {
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const arrow = tableFromArrays({
      date: Float64Array.of(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2)),
      close: Float64Array.of(1.5, 2),
      n: Int32Array.of(1, 2),
      up: [true, false],
      symbol: ['SPY', 'QQQ'],
    });
    const html = tableHtml(aq.fromArrow(tableToIPC(arrow)));
    const types = [...html.matchAll(/class="qb-type"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(types).to.deep.equal(['date (float64)', 'float64', 'int32', 'bool', 'str']);
    expect(html).to.include('>2020-01-02</td>');
  });
});
