/**
 * Recorded values: the JSON encoding (non-finite numbers, typed arrays, dates, toJSON), reading them
 * back from a notebook, and `record` outside a kernel (does nothing) and inside one (through
 * `__tslab__.require('tslab').display.raw`, simulated here; the real kernel is in runner.test.ts).
 */
import { expect } from 'chai';
import type { Notebook } from '../../src/notebook/nbformat.js';
import {
  decodeRecordValue,
  encodeRecordValue,
  listRecords,
  readRecords,
  record,
  RECORD_MIME,
} from '../../src/notebook/records.js';

const withRecords = (...payloads: { name: string; value: unknown }[][]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: payloads.map((ps, i) => ({
    id: `c${i}`,
    cell_type: 'code',
    metadata: {},
    source: '',
    execution_count: i + 1,
    outputs: [
      { output_type: 'stream', name: 'stdout', text: 'noise\n' },
      ...ps.map((p) => ({ output_type: 'display_data' as const, data: { [RECORD_MIME]: p }, metadata: {} })),
    ],
  })),
});

describe('notebook/records: record() and readRecords()', () => {
  it('encodes non-finite numbers, typed arrays, dates, maps, sets and toJSON values as JSON, and decodes them back', () => {
    const encoded = encodeRecordValue({
      nan: NaN,
      inf: [Infinity, -Infinity, 1],
      f64: new Float64Array([0.5, NaN]),
      i32: new Int32Array([1, -2]),
      date: new Date(Date.UTC(2018, 11, 31)),
      map: new Map([['a', 1]]),
      set: new Set(['x']),
      model: { toJSON: () => ({ format: 'm' }) },
      missing: undefined,
    });
    expect(encoded).to.deep.equal({
      nan: { $number: 'NaN' },
      inf: [{ $number: 'Infinity' }, { $number: '-Infinity' }, 1],
      f64: [0.5, { $number: 'NaN' }],
      i32: [1, -2],
      date: '2018-12-31T00:00:00.000Z',
      map: { a: 1 },
      set: ['x'],
      model: { format: 'm' },
      missing: null,
    });
    expect(JSON.parse(JSON.stringify(encoded))).to.deep.equal(encoded);
    expect(decodeRecordValue(encoded)).to.deep.include({
      nan: NaN,
      inf: [Infinity, -Infinity, 1],
      f64: [0.5, NaN],
    });
  });

  it('refuses values JSON cannot hold, naming where', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeRecordValue({ a: [1, () => 2] }, 'x')).to.throw(
      TypeError,
      'record: cannot store a function at x.a[1]',
    );
    expect(() => encodeRecordValue(10n)).to.throw(TypeError, 'cannot store a bigint');
    expect(() => encodeRecordValue(cyclic, 'c')).to.throw(TypeError, 'circular reference at c.self');
    expect(() => record('', 1)).to.throw(TypeError, 'record: name must be a non-empty string');
  });

  it('does nothing outside a kernel', () => {
    expect(record('auc', 0.61)).to.equal(undefined);
  });

  it('writes a display_data with the quantbook mime type through tslab’s display API inside a kernel', () => {
    const calls: [string, unknown][] = [];
    const g = globalThis as { __tslab__?: unknown };
    g.__tslab__ = {
      require: (id: string) => {
        expect(id).to.equal('tslab');
        return { display: { raw: (mime: string, data: unknown) => calls.push([mime, data]) } };
      },
    };
    try {
      record('σ', [1, NaN]);
    } finally {
      delete g.__tslab__;
    }
    expect(calls).to.deep.equal([[RECORD_MIME, { name: 'σ', value: [1, { $number: 'NaN' }] }]]);
  });

  it('lists every record with its cell, and readRecords keeps the last value of a name', () => {
    const nb = withRecords(
      [
        { name: 'auc', value: 0.5 },
        { name: 'n', value: 3 },
      ],
      [{ name: 'auc', value: { $number: 'NaN' } }],
    );
    expect(listRecords(nb)).to.deep.equal([
      { name: 'auc', value: 0.5, cellIndex: 0, cellId: 'c0' },
      { name: 'n', value: 3, cellIndex: 0, cellId: 'c0' },
      { name: 'auc', value: NaN, cellIndex: 1, cellId: 'c1' },
    ]);
    expect(readRecords(nb)).to.deep.equal({ auc: NaN, n: 3 });
  });
});
