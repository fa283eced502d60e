/**
 * Dates in data/schema.ts: one in-memory form, epoch-ms at 00:00 UTC (DESIGN.md §3).
 *
 * Reference values: `Date.UTC` (ECMAScript §21.4.3.4, proleptic Gregorian, UTC) for calendar days;
 * Gregorian leap-year rule (2019 is not a leap year, 2020 and 2000 are, 1900 is not); RFC 3339 §5.6 for
 * offset arithmetic (`23:30-05:00` is `04:30Z` of the next day). Epoch literal: `date -u -d 2018-02-07 +%s`
 * prints 1517961600.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { formatDate, parseDate, toDateMs, MS_PER_DAY } from '../../src/data/schema.js';
import { DataFormatError } from '../../src/util/errors.js';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error value: ${String(err)}`);
  }
  return expect.fail('expected a throw');
}

describe('data/schema dates', () => {
  describe('parseDate', () => {
    it("parseDate('2018-02-07') is 1517961600000, 00:00 UTC of the day (date -u -d 2018-02-07 +%s)", () => {
      expect(parseDate('2018-02-07')).to.equal(1_517_961_600_000);
      expect(parseDate('2018-02-07')).to.equal(Date.UTC(2018, 1, 7));
    });

    it("parseDate('2018-2-7') and surrounding whitespace read the same day as '2018-02-07'", () => {
      expect(parseDate('2018-2-7')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('  2018-02-07 \t')).to.equal(Date.UTC(2018, 1, 7));
    });

    it("parseDate('M/D/YYYY') reads US month/day order: '2/7/2018', '02/07/2018', '12/31/2018'", () => {
      expect(parseDate('2/7/2018')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('02/07/2018')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('12/31/2018')).to.equal(Date.UTC(2018, 11, 31));
      expect(parseDate('13/1/2018'), 'month 13').to.be.NaN;
    });

    it("parseDate('2018-02-07T15:30:00Z') truncates a UTC timestamp to its day", () => {
      expect(parseDate('2018-02-07T15:30:00Z')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('2018-02-07T23:59:59.999Z')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('2018-02-07T00:00Z')).to.equal(Date.UTC(2018, 1, 7));
    });

    it('parseDate(timestamp with offset) takes the UTC day: 23:30-05:00 is 04:30Z next day (RFC 3339 §5.6)', () => {
      expect(parseDate('2018-02-07T23:30:00-05:00')).to.equal(Date.UTC(2018, 1, 8));
      expect(parseDate('2018-02-07 00:00:00-05:00')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('2018-02-07T03:00:00+05:00')).to.equal(Date.UTC(2018, 1, 6));
      expect(parseDate('2018-02-07T03:00:00+0500'), 'offset without colon').to.equal(Date.UTC(2018, 1, 6));
    });

    it('parseDate(timestamp without offset) reads it as UTC, whatever the process time zone', () => {
      expect(process.env.TZ, 'test/setup.ts sets TZ=UTC').to.equal('UTC');
      expect(parseDate('2018-02-07T23:30:00')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('2018-02-07 23:30')).to.equal(Date.UTC(2018, 1, 7));
      expect(parseDate('2018-02-07T23:30:00.250')).to.equal(Date.UTC(2018, 1, 7));
    });

    it("parseDate('2019-02-29') and '2/29/2019' are NaN: 2019 is not a leap year", () => {
      expect(parseDate('2019-02-29')).to.be.NaN;
      expect(parseDate('2/29/2019')).to.be.NaN;
    });

    it("parseDate accepts the real leap days '2020-02-29' and '2000-02-29' and rejects '1900-02-29'", () => {
      expect(parseDate('2020-02-29')).to.equal(Date.UTC(2020, 1, 29));
      expect(parseDate('2/29/2020')).to.equal(Date.UTC(2020, 1, 29));
      expect(parseDate('2000-02-29')).to.equal(Date.UTC(2000, 1, 29));
      expect(parseDate('1900-02-29'), '1900 is divisible by 100, not 400').to.be.NaN;
    });

    it("parseDate rejects days that do not exist: '2018-04-31', '2018-13-01', '2018-00-10', '2018-01-00'", () => {
      for (const s of ['2018-04-31', '2018-13-01', '2018-00-10', '2018-01-00', '2018-01-32'])
        expect(parseDate(s), s).to.be.NaN;
    });

    it("parseDate('2019-02-29T00:00:00Z') is NaN like '2019-02-29', not rolled over to 2019-03-01", () => {
      expect(parseDate('2019-02-29T00:00:00Z')).to.be.NaN;
      expect(parseDate('2019-02-30T12:00:00Z')).to.be.NaN;
      expect(parseDate('2018-04-31T09:30:00-04:00')).to.be.NaN;
    });

    it('parseDate rejects timestamps with impossible times: 25:00, 12:60, month 13', () => {
      for (const s of ['2018-02-07T25:00:00Z', '2018-02-07T12:60:00Z', '2018-13-01T00:00:00Z'])
        expect(parseDate(s), s).to.be.NaN;
    });

    it("parseDate returns NaN for forms it does not accept: '', 'NaN', '20180207', '2018/02/07', '07.02.2018'", () => {
      for (const s of ['', '   ', 'NaN', 'null', 'abc', '20180207', '2018/02/07', '07.02.2018', '2018-02'])
        expect(parseDate(s), JSON.stringify(s)).to.be.NaN;
    });

    it('parseDate(formatDate(day)) returns the day for every day of 1900..2199 (property)', () => {
      const first = Date.UTC(1900, 0, 1) / MS_PER_DAY;
      const last = Date.UTC(2199, 11, 31) / MS_PER_DAY;
      fc.assert(
        fc.property(fc.integer({ min: first, max: last }), (day) => {
          const ms = day * MS_PER_DAY;
          expect(parseDate(formatDate(ms))).to.equal(ms);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('formatDate', () => {
    it("formatDate(1517961600000) is '2018-02-07'", () => {
      expect(formatDate(1_517_961_600_000)).to.equal('2018-02-07');
    });

    it('formatDate(ms inside a day) gives that UTC day, also before 1970', () => {
      expect(formatDate(Date.UTC(2018, 1, 7, 23, 59, 59, 999))).to.equal('2018-02-07');
      expect(formatDate(-1)).to.equal('1969-12-31');
      expect(formatDate(0)).to.equal('1970-01-01');
    });

    it("formatDate(NaN) and formatDate(±Infinity) are 'NaN' (NaN means an unknown date)", () => {
      expect(formatDate(NaN)).to.equal('NaN');
      expect(formatDate(Infinity)).to.equal('NaN');
      expect(formatDate(-Infinity)).to.equal('NaN');
    });
  });

  describe('toDateMs', () => {
    it("toDateMs('2018-02-07'), toDateMs(Date) and toDateMs(ms) agree on 00:00 UTC of the day", () => {
      const day = Date.UTC(2018, 1, 7);
      expect(toDateMs('2018-02-07')).to.equal(day);
      expect(toDateMs('2/7/2018')).to.equal(day);
      expect(toDateMs(new Date(Date.UTC(2018, 1, 7, 15, 30)))).to.equal(day);
      expect(toDateMs(Date.UTC(2018, 1, 7, 15, 30))).to.equal(day);
      expect(toDateMs(day)).to.equal(day);
    });

    it("toDateMs('2019-02-29', 'start') throws a DataFormatError echoing the value and the accepted forms", () => {
      const err = caught(() => toDateMs('2019-02-29', 'start'));
      expect(err).to.be.instanceOf(DataFormatError);
      expect(err.message).to.match(/^start: /);
      expect(err.message).to.include('"2019-02-29"');
      expect(err.message).to.include('YYYY-MM-DD');
    });

    it("toDateMs('') throws rather than returning NaN: strings must parse", () => {
      expect(() => toDateMs('')).to.throw(DataFormatError, /date: cannot parse date ""/);
    });

    it('toDateMs(NaN) and toDateMs(invalid Date) stay NaN: numbers and Dates pass through unknown', () => {
      expect(toDateMs(NaN)).to.be.NaN;
      expect(toDateMs(new Date('not a date'))).to.be.NaN;
    });
  });
});
