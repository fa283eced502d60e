/**
 * Validates written notebooks twice: with quantbook's own validator (src/notebook/nbformat.ts) and with
 * the reference implementation, Debian's python3-nbformat (`nbformat.validate`, jsonschema), called by
 * absolute path (the first python3 on PATH may lack nbformat). Fails when Debian's nbformat is missing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { expect } from 'chai';
import { parseNotebook, validateNotebook } from '../../src/notebook/nbformat.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = `
import sys, nbformat
for f in sys.argv[1:]:
    nb = nbformat.read(f, as_version=nbformat.NO_CONVERT)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5), (f, nb.nbformat, nb.nbformat_minor)
    nbformat.validate(nb)
print("valid", len(sys.argv) - 1)
`;

/** Asserts every file is a valid nbformat 4.5 notebook for both validators. */
export function expectValidNotebookFiles(...files: string[]): void {
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    expect(validateNotebook(JSON.parse(text)), file).to.deep.equal([]);
    parseNotebook(text, file);
  }
  const r = spawnSync(PYTHON, ['-c', SCRIPT, ...files], { encoding: 'utf8' });
  if (r.error) throw new Error(`${PYTHON} is missing (apt-get install python3-nbformat): ${r.error.message}`);
  expect(r.status, `python3 nbformat.validate:\n${r.stderr}`).to.equal(0);
  expect(r.stdout.trim()).to.equal(`valid ${files.length}`);
}
