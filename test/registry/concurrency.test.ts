/**
 * Two processes saving versions of one model at the same time must not clobber each other: every save
 * gets its own version, every version folder is complete, and runs.parquet keeps every run. Also the
 * lock itself: a lock left by a dead process is broken, a live holder makes others wait and time out.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readParquet } from '../../src/data/parquet.js';
import { RegistryLockError } from '../../src/registry/errors.js';
import { withLock } from '../../src/registry/lock.js';
import { ModelRegistry } from '../../src/registry/store.js';
import { REPO_ROOT, tempDir } from './helpers.js';

const WORKER = path.join(REPO_ROOT, 'test', 'registry', 'save-worker.ts');

function startWorker(root: string, tag: string, count: number) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', WORKER, root, 'shared-name', String(count), tag],
    { cwd: REPO_ROOT },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (out.startsWith('ready\n')) {
        clearInterval(poll);
        resolve();
      }
    }, 10);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (!out.startsWith('ready')) reject(new Error(`worker ${tag} exited ${code}: ${err}`));
    });
  });
  const done = new Promise<string[]>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice('ready\n'.length)) as string[])
        : reject(new Error(`worker ${tag} exited ${code}: ${err}`)),
    ),
  );
  return { child, ready, done };
}

describe('registry/concurrency', () => {
  it('two processes saving versions at once get distinct, complete versions and keep every run', async function () {
    this.timeout(90_000);
    const tmp = tempDir();
    const root = path.join(tmp.dir, 'models');
    const n = 8;
    const a = startWorker(root, 'A', n);
    const b = startWorker(root, 'B', n);
    try {
      await Promise.all([a.ready, b.ready]);
      a.child.stdin.end('go\n');
      b.child.stdin.end('go\n');
      const [va, vb] = await Promise.all([a.done, b.done]);
      const all = [...va, ...vb];
      expect(new Set(all).size, `A: ${va.join(' ')}; B: ${vb.join(' ')}`).to.equal(2 * n);
      const registry = new ModelRegistry(root);
      const expected = Array.from({ length: 2 * n }, (_, k) => `1.0.${k}`);
      expect(registry.listVersions('shared-name')).to.deep.equal(expected);
      const tags = expected.map((v) => registry.loadModel('shared-name', v).metadata.description);
      expect(tags.filter((t) => t.startsWith('A'))).to.have.length(n);
      expect(tags.filter((t) => t.startsWith('B'))).to.have.length(n);
      const runs = readParquet(path.join(root, 'runs.parquet'));
      expect(runs.numRows()).to.equal(2 * n);
      expect(new Set(runs.array('version') as string[])).to.deep.equal(new Set(expected));
      const leftovers = fs.readdirSync(path.join(root, 'shared-name')).filter((f) => f.startsWith('.'));
      expect(leftovers).to.deep.equal([]);
      expect(fs.readdirSync(root).sort()).to.deep.equal(['runs.parquet', 'shared-name']);
    } finally {
      for (const w of [a, b]) if (w.child.exitCode === null) w.child.kill();
      tmp.remove();
    }
  });

  it('withLock breaks a lock left by a dead process and times out on a live holder', () => {
    const tmp = tempDir();
    try {
      const lock = path.join(tmp.dir, 'x.lock');
      // pid 2^22 + 1 is above Linux's largest pid_max (2^22): no such process.
      fs.writeFileSync(lock, `4194305 ${os.hostname()} ${Date.now()} dead`);
      expect(withLock(lock, () => 42)).to.equal(42);
      expect(fs.existsSync(lock)).to.equal(false);
      fs.writeFileSync(lock, `${process.pid} ${os.hostname()} ${Date.now()} someone-else`);
      const t0 = Date.now();
      expect(() => withLock(lock, () => 1, { timeoutMs: 150 })).to.throw(
        RegistryLockError,
        /held by pid \d+/,
      );
      expect(Date.now() - t0).to.be.within(150, 2000);
      expect(fs.readFileSync(lock, 'utf8')).to.match(/someone-else$/); // not ours to remove
      // An error inside releases the lock.
      fs.rmSync(lock);
      expect(() =>
        withLock(lock, () => {
          throw new Error('boom');
        }),
      ).to.throw('boom');
      expect(fs.existsSync(lock)).to.equal(false);
    } finally {
      tmp.remove();
    }
  });
});
