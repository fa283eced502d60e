/**
 * Notebook regression tests inside mocha, so that `npm test` runs the notebook suite:
 *
 * ```ts
 * // test/notebooks.test.ts
 * import { describeNotebooks } from 'quantbook';
 * describeNotebooks('research notebooks', ['notebooks/10-features.ipynb', 'notebooks/20-model.ipynb']);
 * ```
 *
 * One `it` per notebook: it runs the notebook and compares it with `<notebook>.baseline.json`
 * (regression.ts); a mismatch fails with the value, the baseline and the tolerance. Set
 * `QUANTBOOK_UPDATE_BASELINES=1` to rewrite the baselines instead (the `--update` of `quantbook test`).
 * Uses mocha's globals (`describe`, `it`) without importing mocha, which stays the caller's dependency.
 */
import path from 'node:path';
import { NotebookRegressionError, testNotebook, type NotebookTestOptions } from './regression.js';

interface MochaContext {
  timeout(ms: number): void;
}
type MochaDescribe = (title: string, body: (this: MochaContext) => void) => void;
type MochaIt = (title: string, body: (this: MochaContext) => Promise<void>) => void;

/** Options of {@link describeNotebooks}: those of testNotebook, plus mocha's timeout per notebook. */
export interface DescribeNotebooksOptions extends NotebookTestOptions {
  /** Milliseconds per notebook (default 300 000). */
  timeoutMs?: number;
}

/**
 * Declares a mocha suite with one test per notebook.
 * @throws Error when mocha's globals are missing (not inside a mocha test file).
 */
export function describeNotebooks(
  title: string,
  notebooks: readonly string[],
  options: DescribeNotebooksOptions = {},
): void {
  const g = globalThis as { describe?: MochaDescribe; it?: MochaIt };
  const { describe, it } = g;
  if (typeof describe !== 'function' || typeof it !== 'function')
    throw new Error('describeNotebooks must be called from a mocha test file (describe/it are not defined)');
  const { timeoutMs = 300_000, ...testOptions } = options;
  const update = options.update ?? process.env.QUANTBOOK_UPDATE_BASELINES === '1';
  describe(title, function () {
    this.timeout(timeoutMs);
    for (const notebook of notebooks) {
      it(`${path.basename(notebook)} ${update ? 'updates' : 'matches'} its baseline`, async function () {
        const result = await testNotebook(notebook, { ...testOptions, update });
        if (!result.ok) throw new NotebookRegressionError(result);
      });
    }
  });
}
