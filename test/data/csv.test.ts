/**
 * Low-level CSV reading in data/csv.ts.
 *
 * Reference: RFC 4180 §2 — fields are separated by commas (rule 4, spaces are part of a field); a field
 * may be enclosed in double quotes (rule 5); a field holding commas or quotes must be quoted (rule 6); a
 * quote inside a quoted field is escaped by doubling it (rule 7); lines end in CRLF (rule 1). gzip: RFC
 * 1952 §2.3.1, members start with the magic bytes 0x1f 0x8b. UTF-8 BOM: U+FEFF encoded as EF BB BF.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect } from 'chai';
import fc from 'fast-check';
import { readTextFile, splitCsvLine, splitLines } from '../../src/data/csv.js';
import { DataFormatError, NotFoundError } from '../../src/util/errors.js';

/** Encodes fields as one CSV line per RFC 4180 rules 6–7, quoting only where needed (or every field). */
function encodeCsvLine(fields: readonly string[], quoteAll = false): string {
  return fields.map((f) => (quoteAll || /[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

describe('data/csv', () => {
  describe('splitCsvLine', () => {
    it("splitCsvLine('a,b,c') splits on commas and keeps spaces (RFC 4180 rule 4)", () => {
      expect(splitCsvLine('a,b,c')).to.deep.equal(['a', 'b', 'c']);
      expect(splitCsvLine(' a , b ')).to.deep.equal([' a ', ' b ']);
    });

    it('splitCsvLine(\'"a,b",c\') keeps a comma inside quotes (rule 6)', () => {
      expect(splitCsvLine('"a,b",c')).to.deep.equal(['a,b', 'c']);
      expect(splitCsvLine('x,"a,b,c"')).to.deep.equal(['x', 'a,b,c']);
    });

    it('splitCsvLine(\'"say ""hi""",x\') turns doubled quotes into one (rule 7)', () => {
      expect(splitCsvLine('"say ""hi""",x')).to.deep.equal(['say "hi"', 'x']);
      expect(splitCsvLine('""""')).to.deep.equal(['"']);
      expect(splitCsvLine('"",""')).to.deep.equal(['', '']);
    });

    it("splitCsvLine('a,b,') keeps the trailing empty field, with or without quotes elsewhere", () => {
      expect(splitCsvLine('a,b,')).to.deep.equal(['a', 'b', '']);
      expect(splitCsvLine('"a",b,')).to.deep.equal(['a', 'b', '']);
      expect(splitCsvLine('"a",')).to.deep.equal(['a', '']);
      expect(splitCsvLine('"a,b",,')).to.deep.equal(['a,b', '', '']);
    });

    it("splitCsvLine(',,') gives three empty fields and splitCsvLine('') one", () => {
      expect(splitCsvLine(',,')).to.deep.equal(['', '', '']);
      expect(splitCsvLine(',"",')).to.deep.equal(['', '', '']);
      expect(splitCsvLine('')).to.deep.equal(['']);
    });

    it('splitCsvLine(encode(fields)) returns the fields for any RFC 4180 encoding (property)', () => {
      // Fields without line breaks: csv.ts documents that quoted fields do not span lines.
      const field = fc.string({ unit: fc.constantFrom('a', 'Z', '1', '.', ' ', ',', '"', '-', 'é') });
      fc.assert(
        fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), fc.boolean(), (fields, quoteAll) => {
          expect(splitCsvLine(encodeCsvLine(fields, quoteAll))).to.deep.equal(fields);
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('splitLines', () => {
    it("splitLines('a\\nb\\n') splits on LF and drops the final empty line", () => {
      expect(splitLines('a\nb\n')).to.deep.equal(['a', 'b']);
      expect(splitLines('a\nb')).to.deep.equal(['a', 'b']);
    });

    it("splitLines('a\\r\\nb\\r\\n') strips the CR of CRLF line ends (RFC 4180 rule 1)", () => {
      expect(splitLines('a\r\nb\r\n')).to.deep.equal(['a', 'b']);
      expect(splitLines('a\r\nb\nc\r\n'), 'mixed').to.deep.equal(['a', 'b', 'c']);
    });

    it("splitLines('a\\n\\nb') keeps an empty line inside the text so line numbers stay true", () => {
      expect(splitLines('a\n\nb\n')).to.deep.equal(['a', '', 'b']);
      expect(splitLines('a\r\n\r\nb\r\n')).to.deep.equal(['a', '', 'b']);
    });

    it("splitLines drops every trailing empty line ('a\\r\\n\\r\\n\\n') and returns [] for ''", () => {
      expect(splitLines('a\r\n\r\n\n')).to.deep.equal(['a']);
      expect(splitLines('')).to.deep.equal([]);
      expect(splitLines('\n\r\n')).to.deep.equal([]);
    });

    it("splitLines keeps a CR that is not at a line end ('a\\rb\\n' is one line)", () => {
      expect(splitLines('a\rb\n')).to.deep.equal(['a\rb']);
    });
  });

  describe('readTextFile', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-csv-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const text = 'date,close\n2018-01-02,1.5\n';

    it('readTextFile(gzip bytes named .csv) decompresses by the magic bytes 0x1f 0x8b, not the name', () => {
      const file = path.join(dir, 'looks-plain.csv');
      fs.writeFileSync(file, zlib.gzipSync(text));
      expect(fs.readFileSync(file).subarray(0, 2)).to.deep.equal(Buffer.from([0x1f, 0x8b]));
      expect(readTextFile(file)).to.equal(text);
    });

    it('readTextFile(plain text named .csv.gz) reads it as text', () => {
      const file = path.join(dir, 'looks-gzipped.csv.gz');
      fs.writeFileSync(file, text);
      expect(readTextFile(file)).to.equal(text);
    });

    it('readTextFile strips a UTF-8 BOM (EF BB BF), also inside gzip', () => {
      const plain = path.join(dir, 'bom.csv');
      fs.writeFileSync(plain, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
      expect(readTextFile(plain)).to.equal(text);
      const gz = path.join(dir, 'bom.csv.gz');
      fs.writeFileSync(
        gz,
        zlib.gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      );
      expect(readTextFile(gz)).to.equal(text);
    });

    it('readTextFile(missing file) throws a NotFoundError naming the file', () => {
      const file = path.join(dir, 'nope.csv');
      expect(() => readTextFile(file))
        .to.throw(NotFoundError)
        .that.satisfies((e: NotFoundError) => e.file === file && e.message.includes(file));
    });

    it('readTextFile(empty file, or empty gzip stream) throws a DataFormatError naming the file', () => {
      const empty = path.join(dir, 'empty.csv');
      fs.writeFileSync(empty, '');
      expect(() => readTextFile(empty)).to.throw(DataFormatError, empty);
      const emptyGz = path.join(dir, 'empty.csv.gz');
      fs.writeFileSync(emptyGz, zlib.gzipSync(''));
      expect(() => readTextFile(emptyGz)).to.throw(DataFormatError, emptyGz);
    });
  });
});
