/**
 * A stand-in for the tslab kernel in the test process: a module registered in require.cache under
 * …/tslab/dist/jupyter.js whose `lastWriteDisplayData` records what quantbook sends — the same
 * lookup quantbook does inside a real kernel (test/display/kernel.test.ts runs the real one).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { DisplayData } from '../../src/display/kernel.js';

/** One call of the kernel's writer. */
export interface WriterCall {
  data: DisplayData;
  update: boolean;
}

/** Installs the fake kernel; returns the recorded calls and a function that removes it. */
export function installFakeKernel(): { calls: WriterCall[]; uninstall: () => void } {
  const cache = createRequire(import.meta.url).cache;
  const key = path.join(os.tmpdir(), 'quantbook-fake-kernel', 'node_modules', 'tslab', 'dist', 'jupyter.js');
  const calls: WriterCall[] = [];
  const writer = (data: DisplayData, update: boolean): void => {
    calls.push({ data: JSON.parse(JSON.stringify(data)) as DisplayData, update });
  };
  cache[key] = {
    id: key,
    filename: key,
    loaded: true,
    exports: { lastWriteDisplayData: writer },
  } as unknown as NodeJS.Module;
  return { calls, uninstall: () => delete cache[key] };
}
