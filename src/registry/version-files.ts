/**
 * One version folder's files: written together (metadata.json last, holding the sha256 of the others)
 * and read back with every check — missing files, JSON that does not parse, a checksum that differs, a
 * model the loader rejects — turned into a {@link ModelArtifactError} naming the file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedModel } from '../models/load-model.js';
import { writeDirAtomic } from '../util/atomic-write.js';
import { ModelArtifactError } from './errors.js';
import { parseMetadata, type ModelMetadata } from './metadata.js';
import type { ReferenceStats } from './reference.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Writes a version folder atomically (temp sibling + rename): the artifact files, then metadata.json
 * with their sha256 filled in (`metadata.model.files` is updated in place).
 */
export function writeVersion(target: string, files: Record<string, string>, metadata: ModelMetadata): void {
  writeDirAtomic(target, (tmp) => {
    for (const [file, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(tmp, file), text);
      metadata.model.files[file] = sha256(text);
    }
    fs.writeFileSync(path.join(tmp, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
  });
}

function readText(file: string, where: { model: string; version: string; artifact: string }): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new ModelArtifactError({ ...where, problem: 'missing' }, 'the file does not exist', {
      file,
      hint: 'The version folder is incomplete; save the model again as a new version',
    });
  }
}

/** A version's metadata.json, checked. @throws ModelArtifactError when it is missing, corrupt or invalid. */
export function readVersionMetadata(dir: string, name: string, version: string): ModelMetadata {
  const file = path.join(dir, 'metadata.json');
  const text = readText(file, { model: name, version, artifact: 'metadata.json' });
  return parseMetadata(text, { model: name, version, file });
}

/**
 * Loads a version folder: metadata.json, then model.json (checksum, then `loader`), then reference.json
 * when one was saved.
 *
 * @throws ModelArtifactError naming the file and the problem.
 */
export function loadVersion(
  dir: string,
  name: string,
  version: string,
  loader: (json: unknown) => unknown,
): { model: LoadedModel; metadata: ModelMetadata; reference: ReferenceStats | null } {
  const metadata = readVersionMetadata(dir, name, version);
  const artifact = (file: string): string => {
    const where = { model: name, version, artifact: file };
    const text = readText(path.join(dir, file), where);
    if (sha256(text) !== metadata.model.files[file])
      throw new ModelArtifactError(
        { ...where, problem: 'corrupt' },
        'its sha256 differs from metadata.json',
        {
          file: path.join(dir, file),
          hint: 'The file changed after it was saved; save the model again as a new version',
        },
      );
    return text;
  };
  const parse = (file: string, text: string, load: (json: unknown) => unknown): unknown => {
    try {
      return load(JSON.parse(text));
    } catch (err) {
      throw new ModelArtifactError(
        { model: name, version, artifact: file, problem: 'corrupt' },
        `it does not load (${err instanceof Error ? err.message : String(err)})`,
        { file: path.join(dir, file), cause: err },
      );
    }
  };
  const model = parse('model.json', artifact('model.json'), loader) as LoadedModel;
  let reference: ReferenceStats | null = null;
  if ('reference.json' in metadata.model.files) {
    reference = parse('reference.json', artifact('reference.json'), (json) => json) as ReferenceStats;
    if (reference.format !== 'quantbook/reference-stats')
      throw new ModelArtifactError(
        { model: name, version, artifact: 'reference.json', problem: 'invalid' },
        `format must be "quantbook/reference-stats", got ${JSON.stringify(reference.format)}`,
      );
  }
  return { model, metadata, reference };
}
