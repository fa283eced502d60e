/**
 * Parameters by papermill's convention (https://papermill.readthedocs.io/en/latest/usage-parameterize.html):
 * declarations of the `parameters` cell, typing of `-p name value` text, the injected cell and warnings.
 * The kernel side (tslab accepting a second `const` of the same name) is in kernel.test.ts and runner.test.ts.
 */
import { expect } from 'chai';
import { cellSource, cellTags, type Cell, type Notebook } from '../../src/notebook/nbformat.js';
import {
  injectParameters,
  parseParameterDeclarations,
  parseParameterValue,
  typeParameters,
} from '../../src/notebook/parameters.js';
import { ParameterError } from '../../src/util/errors.js';

const code = (id: string, source: string, tags?: string[]): Cell => ({
  id,
  cell_type: 'code',
  metadata: tags ? { tags } : {},
  source,
  outputs: [],
  execution_count: null,
});
const notebook = (...cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

const PARAMS = [
  'const window = 20;',
  "export let symbol = 'SPY'; // comment",
  'var verbose = false',
  'const weights = [0.5, 0.5];',
  'let config: { fast: boolean } = { fast: true };',
  "const mode: 'fast' | 'slow' = 'fast';",
  'const label: string = "x";',
  'const start = new Date(0);',
  'function notAParameter() { return 1; }',
].join('\n');

describe('notebook/parameters: papermill convention for TypeScript', () => {
  it('reads the declarations of a parameters cell with their keyword, annotation and kind', () => {
    expect(parseParameterDeclarations(PARAMS)).to.deep.equal([
      { name: 'window', keyword: 'const', kind: 'number' },
      { name: 'symbol', keyword: 'let', kind: 'string' },
      { name: 'verbose', keyword: 'var', kind: 'boolean' },
      { name: 'weights', keyword: 'const', kind: 'json' },
      { name: 'config', keyword: 'let', annotation: '{ fast: boolean }', kind: 'json' },
      { name: 'mode', keyword: 'const', annotation: "'fast' | 'slow'", kind: 'string' },
      { name: 'label', keyword: 'const', annotation: 'string', kind: 'string' },
      { name: 'start', keyword: 'const' },
    ]);
  });

  it('types text values by kind, and infers the kind of undeclared ones', () => {
    expect(parseParameterValue('window', '60', 'number')).to.equal(60);
    expect(parseParameterValue('window', '-1.5e-3', 'number')).to.equal(-0.0015);
    expect(parseParameterValue('label', '42', 'string')).to.equal('42');
    expect(parseParameterValue('verbose', 'TRUE', 'boolean')).to.equal(true);
    expect(parseParameterValue('weights', '[1, 2]', 'json')).to.deep.equal([1, 2]);
    expect(parseParameterValue('x', '12')).to.equal(12);
    expect(parseParameterValue('x', 'false')).to.equal(false);
    expect(parseParameterValue('x', '{"a": [null]}')).to.deep.equal({ a: [null] });
    expect(parseParameterValue('x', 'null')).to.equal(null);
    expect(parseParameterValue('x', '"quoted"')).to.equal('quoted');
    expect(parseParameterValue('x', '[not json')).to.equal('[not json');
    expect(parseParameterValue('x', '007')).to.equal('007');
    expect(parseParameterValue('x', 'QQQ ünï')).to.equal('QQQ ünï');
  });

  it('refuses text that is not of the declared kind, naming the parameter', () => {
    expect(() => parseParameterValue('window', 'abc', 'number')).to.throw(
      ParameterError,
      "parameter 'window': expected a number, got 'abc'",
    );
    expect(() => parseParameterValue('window', '', 'number')).to.throw(ParameterError, 'expected a number');
    expect(() => parseParameterValue('verbose', 'yes', 'boolean')).to.throw(
      ParameterError,
      'expected true or false',
    );
    expect(() => parseParameterValue('weights', '[1,', 'json')).to.throw(
      ParameterError,
      "expected JSON, got '[1,'",
    );
  });

  it('types CLI pairs by the notebook’s declarations', () => {
    const nb = notebook(code('p', PARAMS, ['parameters']));
    expect(
      typeParameters(nb, [
        ['label', '42'],
        ['window', '5'],
        ['extra', 'true'],
      ]),
    ).to.deep.equal({
      label: '42',
      window: 5,
      extra: true,
    });
  });

  it('injects a tagged cell right after the parameters cell, repeating keyword and annotation', () => {
    const nb = notebook(code('a', 'console.log(1)'), code('p', PARAMS, ['parameters']), code('b', 'use()'));
    const {
      notebook: out,
      index,
      warnings,
    } = injectParameters(nb, {
      window: 60,
      config: { fast: false },
      mode: 'slow',
      symbol: 'QQQ "quoted" ✓',
    });
    expect(index).to.equal(2);
    expect(warnings).to.deep.equal([]);
    expect(out.cells.map((c) => c.id)).to.deep.equal(['a', 'p', out.cells[2].id, 'b']);
    expect(cellTags(out.cells[2])).to.deep.equal(['injected-parameters']);
    expect(cellSource(out.cells[2])).to.equal(
      [
        '// Parameters injected by quantbook (papermill convention): they override the cell tagged `parameters`.',
        'const window = 60;',
        'let config: { fast: boolean } = {"fast":false};',
        "const mode: 'fast' | 'slow' = \"slow\";",
        'let symbol = "QQQ \\"quoted\\" ✓";',
      ].join('\n'),
    );
    expect(nb.cells).to.have.length(3); // input untouched
  });

  it('replaces an earlier injected cell (re-running an executed notebook)', () => {
    const first = injectParameters(notebook(code('p', 'const n = 1;', ['parameters'])), { n: 2 }).notebook;
    const second = injectParameters(first, { n: 3 }).notebook;
    expect(second.cells).to.have.length(2);
    expect(cellSource(second.cells[1])).to.match(/\nconst n = 3;$/);
    expect(injectParameters(first, {}).notebook.cells.map((c) => c.id)).to.deep.equal(['p']);
  });

  it('warns of undeclared parameters (still injected) and of a missing parameters cell (injected at the top)', () => {
    const withCell = injectParameters(notebook(code('p', 'const n = 1;', ['parameters'])), {
      n: 2,
      typo: 'x',
    });
    expect(withCell.warnings).to.deep.equal([
      "parameter 'typo' is not declared in the parameters cell (declared: n)",
    ]);
    expect(cellSource(withCell.notebook.cells[1])).to.match(/\nconst typo = "x";$/);
    const without = injectParameters(notebook(code('a', 'x')), { n: 2 });
    expect(without.index).to.equal(0);
    expect(without.warnings).to.deep.equal([
      "the notebook has no cell tagged 'parameters': parameters injected at the top",
    ]);
  });

  it('refuses non-identifier names and values JSON cannot hold', () => {
    const nb = notebook(code('p', 'const n = 1;', ['parameters']));
    expect(() => injectParameters(nb, { 'bad-name': 1 })).to.throw(
      ParameterError,
      "identifier, got 'bad-name'",
    );
    expect(() => injectParameters(nb, { n: NaN })).to.throw(
      ParameterError,
      "parameter 'n': expected a finite number, got NaN",
    );
    expect(() => injectParameters(nb, { n: { a: [1, () => 1] } })).to.throw(
      ParameterError,
      "parameter 'n'.a[1]: expected a JSON value",
    );
  });
});
