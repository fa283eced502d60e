/**
 * Minimal, fast CSV reading for market data: RFC 4180 fields (quoted fields with `""` escapes, no
 * embedded newlines), LF or CRLF line ends, an optional UTF-8 byte-order mark, gzip detected by its
 * magic bytes. Values stay strings here; `import.ts` converts them.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { DataFormatError, NotFoundError } from '../util/errors.js';

/** Missing-value spellings read as NaN (compared after trimming). */
export const MISSING_VALUES: ReadonlySet<string> = new Set([
  '',
  'nan',
  'NaN',
  'NAN',
  'null',
  'NULL',
  'Null',
  'None',
  'NA',
  'N/A',
  '#N/A',
]);

/**
 * Reads a text file, gunzipping it when it starts with the gzip magic bytes (whatever its name).
 *
 * @throws NotFoundError when the file does not exist.
 * @throws DataFormatError naming the file when the gzip stream is truncated or corrupt, or the file is empty.
 */
export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('no such file', { file, hint: 'Check the path' });
    throw err;
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = zlib.gunzipSync(bytes, { chunkSize: 1 << 20 });
    } catch (err) {
      const reason = (err as Error).message;
      throw new DataFormatError(`truncated or corrupt gzip file (${reason})`, {
        file,
        hint: 'Download or copy the file again, or decompress it to see how far it reads',
        cause: err,
      });
    }
  }
  if (bytes.length === 0)
    throw new DataFormatError('the file is empty', { file, hint: 'Expected CSV text with a header line' });
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Splits one CSV line into fields (RFC 4180 quoting; the line has no line terminator). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      i = line.indexOf(',', i) < 0 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, c));
      i = c + 1;
      if (i === line.length) {
        out.push('');
        break;
      }
    }
  }
  return out;
}

/** Splits text into lines on LF, dropping a trailing CR from each line and trailing empty lines. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
