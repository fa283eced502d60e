import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Something that receives the bytes of a file being written piece by piece. */
export interface ChunkSink {
  write(chunk: Uint8Array | string): void;
}

/**
 * The contents of a file: bytes, text, or a function that streams them to a sink. A function that
 * throws aborts the write and the target keeps its previous contents (or stays absent).
 */
export type FileContents = Uint8Array | string | ((sink: ChunkSink) => void);

/** A fresh sibling path for a temporary file or directory next to `target` (same file system, so rename is atomic). */
export function tempSibling(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

function writeAll(fd: number, chunk: Uint8Array | string): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Writes a file atomically: the data goes to a temporary sibling which is flushed (fsync) and then
 * renamed over `target`. Readers see either the old file or the complete new one, never a partial
 * file; if anything throws, the temporary file is removed and the error re-thrown.
 *
 * Parent directories are created as needed.
 *
 * @param target - Destination path.
 * @param contents - Bytes, text (UTF-8) or a writer function (see {@link FileContents}).
 * @throws Whatever the writer function or the file system throws; `target` is left untouched.
 * @see POSIX rename(2): atomic replacement within one file system.
 */
export function writeFileAtomic(target: string, contents: FileContents): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempSibling(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx');
    const out = fd;
    const sink: ChunkSink = { write: (chunk) => writeAll(out, chunk) };
    if (typeof contents === 'function') contents(sink);
    else sink.write(contents);
    fs.fsyncSync(out);
    fs.closeSync(out);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Builds a directory atomically: `build` fills a temporary sibling directory, which then replaces
 * `target` (an existing `target` is moved aside and deleted only after the new one is in place).
 * If `build` throws, the temporary directory is removed and `target` is untouched.
 *
 * @param target - Destination directory.
 * @param build - Receives the temporary directory to write into.
 * @throws Whatever `build` or the file system throws.
 */
export function writeDirAtomic(target: string, build: (tmpDir: string) => void): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempSibling(target);
  fs.mkdirSync(tmp);
  try {
    build(tmp);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = fs.existsSync(target) ? tempSibling(target) : undefined;
  if (old) fs.renameSync(target, old);
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    if (old) fs.renameSync(old, target);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}
