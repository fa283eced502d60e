/**
 * nbformat 4.5 reading, validation and writing. References: the schema file of Debian's
 * python3-nbformat 5.5 (test/fixtures/nbformat/nbformat.v4.5.schema.json, BSD-3-Clause), nbformat's
 * `writes` (byte-identical output, checked with /usr/bin/python3) and Python's `str.splitlines(True)`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  newCellId,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  splitLines,
  validateNotebook,
  writeNotebook,
  type Notebook,
} from '../../src/notebook/nbformat.js';
import { NBFORMAT_V4_5_SCHEMA } from '../../src/notebook/nbformat-schema.js';
import { SUPPORTED_KEYWORDS, validateJson, type JsonSchema } from '../../src/notebook/schema-validator.js';
import { DataFormatError, NotFoundError } from '../../src/util/errors.js';
import { NOTEBOOKS, REPO_ROOT, tempRoot } from '../helpers/kernels.js';

const SCHEMA_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'nbformat', 'nbformat.v4.5.schema.json');
const DEBIAN_SCHEMA = '/usr/lib/python3/dist-packages/nbformat/v4/nbformat.v4.5.schema.json';

const minimal = (): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript' } },
  cells: [
    {
      id: 'a',
      cell_type: 'code',
      metadata: {},
      source: 'console.log(1)',
      outputs: [],
      execution_count: null,
    },
  ],
});

describe('notebook/schema-validator: validateJson (draft-04 subset)', () => {
  it('embeds the nbformat 4.5 schema verbatim (the fixture copy, and Debian’s file when installed)', () => {
    const fixture = JSON.parse(fs.readFileSync(SCHEMA_FIXTURE, 'utf8')) as unknown;
    expect(NBFORMAT_V4_5_SCHEMA).to.deep.equal(fixture);
    if (fs.existsSync(DEBIAN_SCHEMA))
      expect(JSON.parse(fs.readFileSync(DEBIAN_SCHEMA, 'utf8'))).to.deep.equal(fixture);
  });

  it('implements every validation keyword the schema uses (the rest are nbformat’s misplaced annotations)', () => {
    const keywords = new Set<string>();
    const walk = (schema: JsonSchema): void => {
      for (const [key, value] of Object.entries(schema)) {
        keywords.add(key);
        if (['properties', 'patternProperties', 'definitions'].includes(key))
          Object.values(value as Record<string, JsonSchema>).forEach(walk);
        else if (['oneOf', 'anyOf', 'allOf'].includes(key)) (value as JsonSchema[]).forEach(walk);
        else if (['items', 'not', 'additionalProperties', 'item'].includes(key) && typeof value === 'object')
          walk(value as JsonSchema);
      }
    };
    const { misc, ...definitions } = NBFORMAT_V4_5_SCHEMA.definitions as Record<string, JsonSchema>;
    walk({ ...NBFORMAT_V4_5_SCHEMA, definitions });
    Object.values(misc).forEach((s) => walk(s as JsonSchema));
    const annotations = ['$schema', 'description', 'title', 'definitions'];
    const rest = [...keywords].filter(
      (k) => !(SUPPORTED_KEYWORDS as readonly string[]).includes(k) && !annotations.includes(k),
    );
    // 'item' (for items) in metadata.authors and source_hidden/outputs_hidden outside `properties`: ignored
    // by every draft-04 validator, jsonschema included.
    expect(rest.sort()).to.deep.equal(['item', 'outputs_hidden', 'source_hidden']);
  });

  it('checks types, integers, bounds, enums, patterns, lengths, uniqueness and $ref', () => {
    const schema: JsonSchema = {
      definitions: { id: { type: 'string', pattern: '^[a-z]+$', minLength: 1, maxLength: 3 } },
      type: 'object',
      required: ['n', 'id'],
      additionalProperties: false,
      properties: {
        n: { type: 'integer', minimum: 4, maximum: 4 },
        id: { $ref: '#/definitions/id' },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
        kind: { enum: ['a', 'b'] },
        either: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      },
    };
    expect(
      validateJson(schema, { n: 4, id: 'abc', tags: ['x', 'y'], kind: 'a', either: ['s'] }),
    ).to.deep.equal([]);
    expect(validateJson({ type: 'integer', minimum: 4 }, 3)).to.deep.equal([
      { path: '', message: 'expected ≥ 4, got 3' },
    ]);
    expect(
      validateJson(schema, { n: 4.5, id: 'ABCD', tags: ['x', 'x'], kind: 'c', either: [1], extra: 1 }),
    ).to.deep.equal([
      { path: '/n', message: 'expected integer, got number 4.5' },
      { path: '/id', message: 'expected at most 3 characters, got 4' },
      { path: '/id', message: '"ABCD" does not match /^[a-z]+$/' },
      { path: '/tags', message: 'duplicate item "x"' },
      { path: '/kind', message: 'expected one of "a", "b", got "c"' },
      { path: '/either/0', message: 'expected string, got number 1' },
      { path: '', message: "unexpected property 'extra'" },
    ]);
  });
});

describe('notebook/nbformat: read, validate, write', () => {
  const root = tempRoot('quantbook-nbformat-');
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('validates a minimal notebook and names the JSON pointer of each violation', () => {
    expect(validateNotebook(minimal())).to.deep.equal([]);
    const bad = minimal() as unknown as { cells: Record<string, unknown>[]; nbformat_minor: number };
    bad.nbformat_minor = 4;
    bad.cells[0].outputs = [
      {
        output_type: 'display_data',
        data: { 'text/plain': 'x' },
        metadata: {},
        transient: { display_id: 'd' },
      },
    ];
    bad.cells.push({ ...bad.cells[0], id: 'a', execution_count: -1 });
    expect(validateNotebook(bad)).to.deep.equal([
      { path: '/nbformat_minor', message: 'expected ≥ 5, got 4' },
      { path: '/cells/0/outputs/0', message: "unexpected property 'transient'" },
      { path: '/cells/1/outputs/0', message: "unexpected property 'transient'" },
      { path: '/cells/1/execution_count', message: 'expected ≥ 0, got -1' },
      { path: '/cells/1/id', message: 'duplicate cell id "a"' },
    ]);
  });

  it('upgrades nbformat 4.4 to 4.5 by adding cell ids, as nbformat does', () => {
    const nb = readNotebook(path.join(NOTEBOOKS, 'nbformat44.ipynb'));
    expect(nb.nbformat_minor).to.equal(5);
    expect(nb.cells.map((c) => c.id)).to.satisfy((ids: string[]) =>
      ids.every((id) => /^[0-9a-f]{8}$/.test(id)),
    );
    expect(nb.cells[0].source).to.equal("console.log('from nbformat 4.4');");
    expect(newCellId()).to.match(/^[0-9a-f]{8}$/);
  });

  it('rejects nbformat 3 (with the conversion command), other versions, invalid JSON and non-notebooks', () => {
    const v3 = path.join(NOTEBOOKS, 'nbformat3.ipynb');
    expect(() => readNotebook(v3)).to.throw(
      DataFormatError,
      `nbformat 3 notebooks are not supported (quantbook reads nbformat 4) (${v3}). Convert it first: jupyter nbconvert --to notebook --nbformat 4 ${v3}`,
    );
    expect(() => parseNotebook('{"nbformat": 5, "nbformat_minor": 0}')).to.throw(
      DataFormatError,
      'unsupported nbformat 5',
    );
    expect(() => parseNotebook('{"cells": []')).to.throw(DataFormatError, /^not a notebook: invalid JSON \(/);
    expect(() => parseNotebook('[1, 2]')).to.throw(DataFormatError, 'the JSON has no nbformat field');
    expect(() =>
      parseNotebook('{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {}, "worksheets": []}'),
    ).to.throw(DataFormatError, "not a valid nbformat 4.5 notebook: /: unexpected property 'worksheets'");
    expect(() => readNotebook(path.join(root, 'missing.ipynb'))).to.throw(
      NotFoundError,
      /cannot read notebook: ENOENT/,
    );
  });

  it('splits lines exactly as Python’s str.splitlines(keepends=True)', () => {
    expect(splitLines('a\nb\r\nc\rd\u2028e\x1cf\n')).to.deep.equal([
      'a\n',
      'b\r\n',
      'c\r',
      'd\u2028',
      'e\x1c',
      'f\n',
    ]);
    expect(splitLines('')).to.deep.equal([]);
    expect(splitLines('no newline')).to.deep.equal(['no newline']);
    expect(splitLines('\n\n')).to.deep.equal(['\n', '\n']);
    expect(splitLines('a\r\r\nb\x85c\u2029\v\f\x1d\x1e')).to.deep.equal([
      'a\r',
      '\r\n',
      'b\x85',
      'c\u2029',
      '\v',
      '\f',
      '\x1d',
      '\x1e',
    ]);
  });

  it('splitLines handles a 16-million-character line with non-ASCII characters (a large inline SVG) without overflowing', () => {
    const line = 'x–'.repeat(8_000_000);
    const lines = splitLines(`${line}\nend`);
    expect(lines).to.have.length(2);
    expect(lines[0].length).to.equal(16_000_001);
    expect(lines[1]).to.equal('end');
  });

  it('writes byte-for-byte what nbformat.writes produces, atomically, and reads it back unchanged', () => {
    const nb = minimal();
    const cell = nb.cells[0];
    if (cell.cell_type !== 'code') throw new Error('code cell expected');
    cell.outputs = [
      { output_type: 'stream', name: 'stdout', text: 'naïve 日本 🚀\nline 2\n' },
      {
        output_type: 'display_data',
        data: {
          'text/html': '<b>x</b>\n<i>y</i>',
          'image/png': 'iVBORw0KGgo=',
          'application/vnd.quantbook.record+json': { name: 'σ', value: [1, 2] },
        },
        metadata: { z: 1, a: 2 },
      },
      { output_type: 'error', ename: 'E', evalue: 'v\nw', traceback: ['t1', 't2'] },
    ];
    cell.execution_count = 3;
    nb.cells.push({
      id: 'md',
      cell_type: 'markdown',
      metadata: { tags: ['x'] },
      source: '# title\n\ntext ✓',
    });
    const file = path.join(root, 'written.ipynb');
    writeNotebook(file, nb);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).to.equal(serializeNotebook(nb));
    expect(readNotebook(file)).to.deep.equal(nb);
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); sys.stdout.write(nbformat.writes(nb) + "\\n")',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).to.equal(0);
    expect(text).to.equal(py.stdout);
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
  });

  it('refuses to write an invalid notebook and leaves the target untouched', () => {
    const file = path.join(root, 'keep.ipynb');
    fs.writeFileSync(file, 'previous');
    const nb = minimal() as unknown as { cells: { id: string }[] };
    nb.cells[0].id = 'not valid!';
    expect(() => writeNotebook(file, nb as unknown as Notebook)).to.throw(DataFormatError, /\/cells\/0/);
    expect(fs.readFileSync(file, 'utf8')).to.equal('previous');
  });
});
