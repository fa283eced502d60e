/** Number, date and HTML formatting for tables. */
import { expect } from 'chai';
import { columnType, escapeHtml, formatNumber, formatValue } from '../../src/display/index.js';

describe('display/format', function () {
  it('formatNumber(0.561234) is "0.5612"; integers get separators; tiny and huge numbers exponents', function () {
    expect(formatNumber(0.561234)).to.equal('0.5612');
    expect(formatNumber(1760)).to.equal('1,760');
    expect(formatNumber(-1234.5678)).to.equal('-1,235');
    expect(formatNumber(0.000123456)).to.equal('0.0001235');
    expect(formatNumber(1.23456e-7)).to.equal('1.235e-7');
    expect(formatNumber(0.5612, { digits: 2 })).to.equal('0.56');
    expect([NaN, Infinity, -Infinity, 0].map((x) => formatNumber(x))).to.deep.equal(['NaN', '∞', '−∞', '0']);
  });

  it('escapeHtml escapes &, <, >, quotes', function () {
    expect(escapeHtml(`<a href="x">'&'</a>`)).to.equal(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('formatValue: UTC days as ISO dates, missing as "", Dates, arrays summarised', function () {
    expect(formatValue(Date.UTC(2018, 11, 31), { asDate: true })).to.equal('2018-12-31');
    expect(formatValue(null)).to.equal('');
    expect(formatValue(new Date(Date.UTC(2020, 0, 2)))).to.equal('2020-01-02');
    expect(formatValue([1, 2, 3])).to.equal('[3 values]');
    expect(formatValue(12n)).to.equal('12');
    expect(formatValue({ a: 1 })).to.equal('{"a":1}');
  });

  it('columnType names typed arrays, ints, floats, strings, dates and mixed columns', function () {
    expect(columnType('x', Float64Array.of(1.5))).to.equal('float64');
    expect(columnType('date', Float64Array.of(Date.UTC(2020, 0, 1)))).to.equal('date (float64)');
    expect(columnType('n', [1, 2, null])).to.equal('int');
    expect(columnType('r', [1.5, NaN])).to.equal('float');
    expect(columnType('s', ['a'])).to.equal('str');
    expect(columnType('b', [true])).to.equal('bool');
    expect(columnType('date', [Date.UTC(2020, 0, 1)])).to.equal('date');
    expect(columnType('m', [1, 'a'])).to.equal('mixed');
    expect(columnType('e', [null])).to.equal('null');
  });
});
