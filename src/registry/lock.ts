/**
 * An exclusive lock file between processes (and within one): the file is created with O_CREAT|O_EXCL
 * (`'wx'`), which the file system grants to exactly one caller; the others retry until it is removed.
 *
 * ```
 *  open(lock, 'wx') ──ok──▶ write "pid host time token" ──▶ fn() ──finally──▶ remove lock (if still ours)
 *        └─EEXIST──▶ holder dead (same host, no such pid) or lock older than staleMs? ──yes──▶ break it
 *                                                   └─no──▶ sleep 5–25 ms ──▶ retry until timeoutMs
 * ```
 * The registry holds it while it picks and writes a new version, moves the champion pointer or
 * rewrites a Parquet log, so two processes never pick the same version or lose each other's rows.
 * Everything here is synchronous (the sleep is `Atomics.wait`), like the rest of the file I/O.
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistryLockError } from './errors.js';

/** Options of {@link withLock}. */
export interface LockOptions {
  /** Give up after this long, ms. Default 30 000. */
  timeoutMs?: number;
  /** A lock older than this is taken to be left by a crash and broken, ms. Default 120 000. */
  staleMs?: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

function holderIsGone(text: string, ageMs: number, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  const [pid, host] = text.split(' ');
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `fn` while holding the lock file `lockFile` (its folder is created) and returns what `fn` returns.
 *
 * @throws RegistryLockError naming the lock file and its holder when it stays taken past `timeoutMs`.
 * @throws Whatever `fn` throws (the lock is released first).
 */
export function withLock<T>(lockFile: string, fn: () => T, options: LockOptions = {}): T {
  const { timeoutMs = 30_000, staleMs = 120_000 } = options;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const token = `${process.pid} ${os.hostname()} ${Date.now()} ${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, token, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = '';
    try {
      holder = fs.readFileSync(lockFile, 'utf8');
      const age = Date.now() - fs.statSync(lockFile).mtimeMs;
      // An empty lock is being filled in right now, unless it has stayed empty for seconds (a crash).
      if (holder === '' ? age > 2000 : holderIsGone(holder, age, staleMs)) {
        const aside = `${lockFile}.stale-${randomBytes(6).toString('hex')}`;
        fs.renameSync(lockFile, aside); // only one breaker wins the rename
        fs.rmSync(aside, { force: true });
        continue;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      continue; // released meanwhile
    }
    if (Date.now() > deadline)
      throw new RegistryLockError(
        `could not take the lock within ${timeoutMs} ms; held by pid ${holder.split(' ')[0] || '?'}`,
        { file: lockFile, hint: 'Another quantbook process is writing; if none is, delete the lock file' },
      );
    sleep(5 + randomInt(20));
  }
  try {
    return fn();
  } finally {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === token) fs.rmSync(lockFile, { force: true });
    } catch {
      // already gone (broken as stale): nothing to release
    }
  }
}
