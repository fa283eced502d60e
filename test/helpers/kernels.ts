/**
 * Kernels for the notebook tests: tslab started directly (the repository's node_modules/tslab on this
 * Node.js), the fake protocol kernel (test/helpers/fake-kernel.ts), and the orphan check.
 *
 * Every test starts its kernels with `runtimeDir` inside one temp folder, so a kernel process is
 * recognisable by its `--config-path`/connection-file argument, and `kernelProcesses(root)` lists
 * the ones still alive (`ps -eo pid=,args=`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tslabKernelSpec, type KernelSpec } from '../../src/notebook/kernelspec.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NOTEBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'notebooks');
/** tsx's ESM loader (`--import` it to run a .ts file on plain Node.js). */
const TSX_LOADER = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** A fresh folder for connection files (and outputs) of one suite. */
export function tempRoot(prefix = 'quantbook-nbtest-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** tslab from the repository's node_modules, on this Node.js. */
export function tslabSpec(): KernelSpec {
  const spec = tslabKernelSpec({ from: [REPO_ROOT] });
  if (!spec) throw new Error('node_modules/tslab is missing: run npm ci (tslab is a devDependency)');
  return spec;
}

/** The fake protocol kernel (interrupt_mode 'message'). */
export function fakeKernelSpec(): KernelSpec {
  const script = fileURLToPath(new URL('./fake-kernel.ts', import.meta.url));
  return {
    name: 'fake',
    argv: [process.execPath, '--import', pathToFileURL(TSX_LOADER).href, script, '{connection_file}'],
    display_name: 'Fake',
    language: 'fake',
    interrupt_mode: 'message',
    resource_dir: path.dirname(script),
  };
}

/** Live processes whose command line mentions a path under `root` (`ps -eo pid=,args=`). */
export function kernelProcesses(root: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter((line) => line.includes(root) && !line.includes(' ps -eo '))
    .map((line) => line.trim());
}
