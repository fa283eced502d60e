/**
 * writeFileAtomic / writeDirAtomic: a write either replaces the target completely or leaves it as it was,
 * and never leaves a temporary sibling (`.<name>.tmp-<pid>-<hex>`) behind.
 *
 * Expected values are the literal bytes written here; the contract is POSIX rename(2): a rename within
 * one file system replaces the target atomically, so the old contents must survive any failure before it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { tempSibling, writeDirAtomic, writeFileAtomic } from '../../src/util/atomic-write.js';

/** Temporary siblings of `name` in `dir` (what a failed write must not leave behind). */
function tempSiblings(dir: string, name: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith(`.${name}.tmp-`));
}

/** Every file under `dir` (relative path → contents as text), to compare whole directory trees. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) out[rel] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe('util/atomic-write', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-atomic-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('tempSibling(target)', () => {
    it('tempSibling(dir/name) is a fresh hidden path .name.tmp-<pid>-<hex> in the same directory', () => {
      const target = path.join(root, 'prices.parquet');
      const a = tempSibling(target);
      const b = tempSibling(target);
      expect(path.dirname(a)).to.equal(root);
      expect(path.basename(a)).to.match(
        new RegExp(`^\\.prices\\.parquet\\.tmp-${process.pid}-[0-9a-f]{12}$`),
      );
      expect(a).to.not.equal(b);
    });
  });

  describe('writeFileAtomic(target, contents)', () => {
    it('writeFileAtomic(target, bytes) writes exactly those bytes, creating parent directories', () => {
      const target = path.join(root, 'a', 'b', 'out.bin');
      const bytes = Uint8Array.from([0, 1, 2, 253, 254, 255]);
      writeFileAtomic(target, bytes);
      expect([...fs.readFileSync(target)]).to.deep.equal([0, 1, 2, 253, 254, 255]);
      expect(fs.readdirSync(path.dirname(target))).to.deep.equal(['out.bin']);
    });

    it('writeFileAtomic(target, text) writes UTF-8 and replaces an existing file', () => {
      const target = path.join(root, 'note.txt');
      fs.writeFileSync(target, 'old contents that are longer than the new ones');
      writeFileAtomic(target, 'café ^GSPC\n');
      // 'é' is the two UTF-8 bytes C3 A9 (Unicode 15, U+00E9).
      expect([...fs.readFileSync(target)].slice(0, 5)).to.deep.equal([0x63, 0x61, 0x66, 0xc3, 0xa9]);
      expect(fs.readFileSync(target, 'utf8')).to.equal('café ^GSPC\n');
      expect(fs.readdirSync(root)).to.deep.equal(['note.txt']);
    });

    it('writeFileAtomic(target, writer) concatenates every chunk the writer sends', () => {
      const target = path.join(root, 'chunks.csv');
      writeFileAtomic(target, (sink) => {
        sink.write('date,close\n');
        sink.write(Buffer.from('2018-02-07,159.54\n'));
        sink.write('');
        sink.write('2018-02-08,155.15\n');
      });
      expect(fs.readFileSync(target, 'utf8')).to.equal('date,close\n2018-02-07,159.54\n2018-02-08,155.15\n');
    });

    it('writeFileAtomic(target, writer) keeps the old file visible until the new one is complete', () => {
      const target = path.join(root, 'live.txt');
      fs.writeFileSync(target, 'old');
      writeFileAtomic(target, (sink) => {
        sink.write('new part 1;');
        expect(fs.readFileSync(target, 'utf8')).to.equal('old');
        expect(tempSiblings(root, 'live.txt')).to.have.length(1);
        sink.write('new part 2');
      });
      expect(fs.readFileSync(target, 'utf8')).to.equal('new part 1;new part 2');
      expect(tempSiblings(root, 'live.txt')).to.deep.equal([]);
    });

    it('writeFileAtomic(target, writer that writes a chunk then throws) rethrows and leaves no target and no temp file', () => {
      const target = path.join(root, 'never.bin');
      const boom = new Error('disk on fire');
      expect(() =>
        writeFileAtomic(target, (sink) => {
          sink.write(new Uint8Array(64 * 1024).fill(7));
          throw boom;
        }),
      ).to.throw(boom);
      expect(fs.existsSync(target)).to.equal(false);
      expect(fs.readdirSync(root)).to.deep.equal([]);
    });

    it('writeFileAtomic(existing, writer that throws) leaves the existing file with its old bytes', () => {
      const target = path.join(root, 'keep.bin');
      fs.writeFileSync(target, Uint8Array.from([9, 8, 7]));
      expect(() =>
        writeFileAtomic(target, (sink) => {
          sink.write('partial new contents');
          throw new Error('interrupted');
        }),
      ).to.throw('interrupted');
      expect([...fs.readFileSync(target)]).to.deep.equal([9, 8, 7]);
      expect(fs.readdirSync(root)).to.deep.equal(['keep.bin']);
    });

    it('writeFileAtomic(path of an existing directory, bytes) throws and leaves no temp file', () => {
      const target = path.join(root, 'adir');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'inside.txt'), 'x');
      expect(() => writeFileAtomic(target, 'data')).to.throw();
      expect(fs.readdirSync(root)).to.deep.equal(['adir']);
      expect(fs.readFileSync(path.join(target, 'inside.txt'), 'utf8')).to.equal('x');
    });
  });

  describe('writeDirAtomic(target, build)', () => {
    it('writeDirAtomic(target, build) creates the directory with exactly what build wrote', () => {
      const target = path.join(root, 'nested', 'ds');
      writeDirAtomic(target, (tmp) => {
        fs.mkdirSync(path.join(tmp, 'symbol=AAPL'));
        fs.writeFileSync(path.join(tmp, 'symbol=AAPL', 'part-0.parquet'), 'aapl');
      });
      expect(readTree(target)).to.deep.equal({ [path.join('symbol=AAPL', 'part-0.parquet')]: 'aapl' });
      expect(fs.readdirSync(path.join(root, 'nested'))).to.deep.equal(['ds']);
    });

    it('writeDirAtomic(existing, build) replaces the whole directory: old files are gone', () => {
      const target = path.join(root, 'ds');
      fs.mkdirSync(path.join(target, 'symbol=OLD'), { recursive: true });
      fs.writeFileSync(path.join(target, 'symbol=OLD', 'part-0.parquet'), 'old');
      writeDirAtomic(target, (tmp) => {
        expect(readTree(target)).to.deep.equal({ [path.join('symbol=OLD', 'part-0.parquet')]: 'old' });
        fs.writeFileSync(path.join(tmp, 'new.txt'), 'new');
      });
      expect(readTree(target)).to.deep.equal({ 'new.txt': 'new' });
      expect(fs.readdirSync(root)).to.deep.equal(['ds']);
    });

    it('writeDirAtomic(existing, build that throws mid-way) rethrows and leaves the previous directory intact', () => {
      const target = path.join(root, 'ds');
      fs.mkdirSync(path.join(target, 'symbol=AAPL'), { recursive: true });
      fs.writeFileSync(path.join(target, 'symbol=AAPL', 'part-0.parquet'), 'aapl v1');
      fs.writeFileSync(path.join(target, 'README'), 'v1');
      const before = readTree(target);
      const boom = new Error('partition 2 failed');
      expect(() =>
        writeDirAtomic(target, (tmp) => {
          fs.mkdirSync(path.join(tmp, 'symbol=AAPL'));
          fs.writeFileSync(path.join(tmp, 'symbol=AAPL', 'part-0.parquet'), 'aapl v2');
          throw boom;
        }),
      ).to.throw(boom);
      expect(readTree(target)).to.deep.equal(before);
      expect(fs.readdirSync(root)).to.deep.equal(['ds']);
    });

    it('writeDirAtomic(missing, build that throws) creates nothing', () => {
      const target = path.join(root, 'ds');
      expect(() =>
        writeDirAtomic(target, (tmp) => {
          fs.writeFileSync(path.join(tmp, 'x'), 'x');
          throw new Error('no');
        }),
      ).to.throw('no');
      expect(fs.readdirSync(root)).to.deep.equal([]);
    });
  });
});
