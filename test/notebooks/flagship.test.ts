/**
 * The flagship research notebooks (issue 11) as regression tests of `npm test`: each notebook in
 * notebooks/ runs on the tslab kernel and its `record(…)` values are compared with
 * `<notebook>.baseline.json`. notebooks/01-data-quality.ipynb imports the real panel
 * (../shared/data/all_stocks_5yr.csv.gz, or $QUANTBOOK_DATA) and records 619,040 rows, 505 symbols,
 * 2013-02-08..2018-02-07, 1 high < low row and 51 missing trading days (PROVENANCE.md §1); it runs in
 * about 10 s. Rewrite a baseline with `QUANTBOOK_UPDATE_BASELINES=1` or `quantbook test --update`.
 */
import path from 'node:path';
import { describeNotebooks } from '../../src/notebook/mocha.js';
import { REPO_ROOT, tslabSpec } from '../helpers/kernels.js';

const FLAGSHIP = [
  '01-data-quality.ipynb',
  '02-volatility-spike.ipynb',
  '04-per-symbol-ensemble.ipynb',
  '05-champion-challenger.ipynb',
].map((name) => path.join(REPO_ROOT, 'notebooks', name));

describeNotebooks('notebooks: flagship notebooks against their baselines', FLAGSHIP, {
  kernel: tslabSpec(),
  timeoutMs: 300_000,
});
