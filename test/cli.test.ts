/**
 * The built `quantbook` command (dist/cli.js) run as a child process, as a user or a Makefile runs it.
 *
 * Needs `npm run build` (`npm test` does it in pretest); the `before` hook builds only when
 * dist/cli.js is missing. Crafted inputs and outputs live in a fresh os.tmpdir() directory.
 *
 * Reference values: crafted inputs (the expected panel is the text written); the real SPY file's facts
 * from ../shared/data/PROVENANCE.md §3 ("Rows: 1,760. Dates: 2012-01-03 to 2018-12-31", "no duplicates,
 * no missing values, no zero or negative values, and no high<low"); the version from package.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { readParquet } from '../src/index.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve(REPO_ROOT, '..', 'shared', 'data');
const SPY_GZ = path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz');
const PACKAGE_VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** Epoch-ms of 00:00 UTC of a `YYYY-MM-DD` day, by ECMAScript's own parser. */
const utc = (day: string): number => Date.parse(`${day}T00:00:00Z`);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <cli> …args` and returns its exit status and output. */
function quantbook(args: readonly string[], cli = CLI): Run {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = (r: Run) => `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

/** Asserts exit 1 with exactly one stderr line, `quantbook: <cause>`, and returns that line. */
function expectOneLineFailure(r: Run): string {
  expect(r.status, show(r)).to.equal(1);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines, `one line on stderr:\n${r.stderr}`).to.have.length(1);
  expect(lines[0]).to.match(/^quantbook: \S/);
  return lines[0];
}

/** Every path under `dir`, relative, sorted (directories end with '/'). */
function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

const rows = (t: ColumnTable) => t.objects() as Record<string, unknown>[];

/** Crafted per-symbol files: no symbol column, so the symbol comes from the file name. */
const AAPL_CSV = [
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '2018-01-03,172.53,174.55,171.96,172.23,168.96,29517899',
  '2018-01-02,170.16,172.3,169.26,172.26,168.99,25555934',
].join('\n');
const AAP_CSV = [
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '2018-01-02,99.95,102.3,99.8,101.82,101.4,942543',
  '2018-01-03,101.6,103.5,101.3,102.92,102.5,1156418',
].join('\r\n');
/** The panel those files make: sorted by symbol (codepoint order: AAP < AAPL), then date. */
const EXPECTED = [
  {
    symbol: 'AAP',
    date: utc('2018-01-02'),
    open: 99.95,
    high: 102.3,
    low: 99.8,
    close: 101.82,
    volume: 942543,
    adj_close: 101.4,
  },
  {
    symbol: 'AAP',
    date: utc('2018-01-03'),
    open: 101.6,
    high: 103.5,
    low: 101.3,
    close: 102.92,
    volume: 1156418,
    adj_close: 102.5,
  },
  {
    symbol: 'AAPL',
    date: utc('2018-01-02'),
    open: 170.16,
    high: 172.3,
    low: 169.26,
    close: 172.26,
    volume: 25555934,
    adj_close: 168.99,
  },
  {
    symbol: 'AAPL',
    date: utc('2018-01-03'),
    open: 172.53,
    high: 174.55,
    low: 171.96,
    close: 172.23,
    volume: 29517899,
    adj_close: 168.96,
  },
];

describe('quantbook CLI (node dist/cli.js)', function () {
  this.timeout(120_000);
  let tmp: string;
  let inputDir: string;
  let n = 0;
  const freshDir = (): string => fs.mkdtempSync(path.join(tmp, `t${n++}-`));

  before(function () {
    this.timeout(600_000);
    if (!fs.existsSync(CLI)) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    if (!fs.existsSync(SPY_GZ))
      throw new Error(`${SPY_GZ} is missing: set QUANTBOOK_DATA to the directory described by PROVENANCE.md`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-cli-'));
    inputDir = path.join(tmp, 'input');
    fs.mkdirSync(inputDir);
    fs.writeFileSync(path.join(inputDir, 'AAPL_data.csv'), AAPL_CSV);
    fs.writeFileSync(path.join(inputDir, 'AAP_data.csv.gz'), zlib.gzipSync(AAP_CSV));
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('import', () => {
    it('quantbook import <dir> --out <tmp>/x writes x.parquet that readParquet reads back as the sorted panel', () => {
      const out = freshDir();
      const r = quantbook(['import', inputDir, '--out', path.join(out, 'x')]);
      expect(r.status, show(r)).to.equal(0);
      expect(r.stderr, 'nothing on stderr (no progress bar when not a TTY)').to.equal('');
      expect(r.stdout.trim()).to.equal(`wrote 4 rows of 2 symbols to ${path.join(out, 'x.parquet')}`);
      expect(listTree(out), 'x.parquet and no temp file').to.deep.equal(['x.parquet']);
      expect(rows(readParquet(path.join(out, 'x.parquet')))).to.deep.equal(EXPECTED);
    });

    it('quantbook import <dir> --out <tmp>/ds --partition symbol writes symbol=AAP/ and symbol=AAPL/part-0.parquet', () => {
      const out = freshDir();
      const ds = path.join(out, 'ds');
      const r = quantbook(['import', inputDir, '--out', ds, '--partition', 'symbol']);
      expect(r.status, show(r)).to.equal(0);
      expect(listTree(out), 'the dataset and no temp directory').to.deep.equal([
        'ds/',
        'ds/symbol=AAP/',
        'ds/symbol=AAP/part-0.parquet',
        'ds/symbol=AAPL/',
        'ds/symbol=AAPL/part-0.parquet',
      ]);
      for (const symbol of ['AAP', 'AAPL']) {
        const part = readParquet(path.join(ds, `symbol=${symbol}`, 'part-0.parquet'));
        const expected = EXPECTED.filter((e) => e.symbol === symbol).map(({ symbol: _, ...rest }) => rest);
        expect(rows(part), `symbol=${symbol} holds its rows, the key only in the folder name`).to.deep.equal(
          expected,
        );
      }
    });

    it('quantbook import <SPY_daily_2012-2018.csv.gz> writes 1,760 rows, 2012-01-03..2018-12-31 (PROVENANCE.md §3)', () => {
      const file = path.join(freshDir(), 'spy.parquet');
      const r = quantbook(['import', SPY_GZ, '--out', file]);
      expect(r.status, show(r)).to.equal(0);
      const spy = readParquet(file);
      expect(spy.numRows()).to.equal(1760);
      expect(spy.columnNames()).to.deep.equal([
        'symbol',
        'date',
        'open',
        'high',
        'low',
        'close',
        'volume',
        'adj_close',
      ]);
      const dates = spy.array('date') as ArrayLike<number>;
      expect([dates[0], dates[dates.length - 1]]).to.deep.equal([utc('2012-01-03'), utc('2018-12-31')]);
      expect(new Set(Array.from(spy.array('symbol') as ArrayLike<string>))).to.deep.equal(new Set(['SPY']));
    });

    it("readParquet(x.parquet, { columns: ['date', 'close'] }) selects columns of the file quantbook import wrote", () => {
      const file = path.join(freshDir(), 'x.parquet');
      const r = quantbook(['import', inputDir, '--out', file]);
      expect(r.status, show(r)).to.equal(0);
      // The file has a dictionary-encoded utf8 `symbol` column, as every panel quantbook writes.
      const some = readParquet(file, { columns: ['date', 'close'] });
      expect(rows(some)).to.deep.equal(EXPECTED.map(({ date, close }) => ({ date, close })));
    });
  });

  describe('validate', () => {
    it('quantbook validate <SPY .csv.gz> prints the quality report, 0 findings, and exits 0 (PROVENANCE.md §3: clean)', () => {
      const r = quantbook(['validate', SPY_GZ]);
      expect(r.status, show(r)).to.equal(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).to.equal('Quality: PASS — 1760 rows, 1 symbols, 2012-01-03..2018-12-31');
      expect(r.stdout).to.match(/^ {2}\[PASS\] duplicates: 0 duplicate/m);
      expect(r.stdout).to.match(/^ {2}\[PASS\] completeness: lowest \w+ 100\.000 %/m);
      expect(r.stdout).to.match(/^Validation: OK — 0 finding\(s\)$/m);
    });

    it('quantbook validate <x.parquet> reads the file written by import and exits 0', () => {
      const out = freshDir();
      expect(quantbook(['import', inputDir, '--out', path.join(out, 'x.parquet')]).status).to.equal(0);
      const r = quantbook(['validate', path.join(out, 'x.parquet')]);
      expect(r.status, show(r)).to.equal(0);
      expect(r.stdout).to.match(/^Quality: (PASS|WARN|FAIL) — 4 rows, 2 symbols, 2018-01-02\.\.2018-01-03$/m);
      expect(r.stdout).to.match(/^Validation: OK — 0 finding\(s\)$/m);
      expect(r.stderr).to.equal('');
    });

    it('quantbook validate --strict <file with high < low> lists the row and exits 1; without --strict exits 0', () => {
      const file = path.join(freshDir(), 'XYZ.csv');
      fs.writeFileSync(
        file,
        [
          'date,open,high,low,close,volume',
          '2018-01-02,10,11,9,10.5,100',
          '2018-01-03,10,9,11,10,100',
          '',
        ].join('\n'),
      );
      const lenient = quantbook(['validate', file]);
      expect(lenient.status, show(lenient)).to.equal(0);
      expect(lenient.stdout).to.match(/^Validation: PROBLEMS — .*high_below_low 1/m);
      const strict = quantbook(['validate', '--strict', file]);
      expect(strict.stdout).to.match(/^ {2}error +high_below_low: XYZ 2018-01-03: high 9 < low 11$/m);
      const cause = expectOneLineFailure(strict);
      expect(cause).to.include('strict');
    });

    it('quantbook validate --strict <SPY .csv.gz> exits 0: no error-severity problem (PROVENANCE.md §3)', () => {
      const r = quantbook(['validate', '--strict', SPY_GZ]);
      expect(r.status, show(r)).to.equal(0);
    });
  });

  describe('bad input', () => {
    it('quantbook import <truncated .csv.gz> exits 1 with one line naming the file and writes nothing', () => {
      const bad = path.join(freshDir(), 'SPY_daily_2012-2018.csv.gz');
      const bytes = fs.readFileSync(SPY_GZ);
      fs.writeFileSync(bad, bytes.subarray(0, bytes.length >> 1));
      const out = freshDir();
      const cause = expectOneLineFailure(quantbook(['import', bad, '--out', path.join(out, 'x')]));
      expect(cause).to.include(bad).and.match(/gzip/);
      expect(listTree(out), 'no x.parquet, no .x.parquet.tmp-*').to.deep.equal([]);
    });

    it('quantbook import <missing file> exits 1 with one line naming the path and writes nothing', () => {
      const missing = path.join(tmp, 'no-such', 'AAPL_data.csv');
      const out = freshDir();
      const cause = expectOneLineFailure(quantbook(['import', missing, '--out', path.join(out, 'x')]));
      expect(cause)
        .to.include(missing)
        .and.match(/no such file/);
      expect(listTree(out)).to.deep.equal([]);
    });

    it('quantbook import <truncated .csv.gz> --out x.parquet keeps the existing x.parquet byte for byte', () => {
      const out = freshDir();
      const target = path.join(out, 'x.parquet');
      expect(quantbook(['import', inputDir, '--out', target]).status).to.equal(0);
      const before = fs.readFileSync(target);
      const bad = path.join(freshDir(), 'bad.csv.gz');
      fs.writeFileSync(bad, zlib.gzipSync(AAPL_CSV).subarray(0, 20));
      expectOneLineFailure(quantbook(['import', bad, '--out', target]));
      expect(listTree(out)).to.deep.equal(['x.parquet']);
      expect(fs.readFileSync(target).equals(before), 'x.parquet unchanged').to.equal(true);
    });

    it('quantbook import --out <an existing directory x.parquet> exits 1 and leaves no .x.parquet.tmp-* behind', () => {
      const out = freshDir();
      fs.mkdirSync(path.join(out, 'x.parquet'));
      fs.writeFileSync(path.join(out, 'x.parquet', 'keep.txt'), 'mine');
      // The rename of the finished temp file onto a directory fails (EISDIR): the last step of an atomic write.
      expectOneLineFailure(quantbook(['import', inputDir, '--out', path.join(out, 'x.parquet')]));
      expect(listTree(out)).to.deep.equal(['x.parquet/', 'x.parquet/keep.txt']);
    });
  });

  describe('installation', () => {
    it('quantbook runs from an install path with a space: node "<dir>/quantbook app/dist/cli.js" --version', () => {
      // npm installs packages under any path (e.g. "C:\Program Files\…", "~/My Projects/…").
      const app = path.join(freshDir(), 'quantbook app');
      fs.mkdirSync(app);
      fs.cpSync(path.join(REPO_ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(app, 'package.json'));
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
      const r = quantbook(['--version'], path.join(app, 'dist', 'cli.js'));
      expect(r.status, show(r)).to.equal(0);
      expect(r.stdout.trim(), 'the version from package.json').to.equal(PACKAGE_VERSION);
    });
  });
});
