/**
 * The flagship research notebooks (issue 11) as regression tests of `npm test`: each notebook in
 * notebooks/ runs on the tslab kernel with its baseline's parameters — the **quick** variants of 02–05
 * (fewer symbols, rounds and search draws; each notebook's parameters cell says what quick drops) — and
 * its `record(…)` values are compared with `<notebook>.baseline.json`: counts, windows and decisions
 * exactly, model metrics within the tolerances stated there. 01 records PROVENANCE.md §1's facts (619,040
 * rows, 505 symbols, 2013-02-08..2018-02-07, 1 high < low row, 51 missing trading days). The five take
 * about 2 minutes together. Rewrite a baseline with `QUANTBOOK_UPDATE_BASELINES=1` or
 * `quantbook test --update`.
 */
import path from 'node:path';
import { describeNotebooks } from '../../src/notebook/mocha.js';
import { REPO_ROOT, tslabSpec } from '../helpers/kernels.js';

const FLAGSHIP = [
  '01-data-quality.ipynb',
  '02-volatility-spike.ipynb',
  '03-return-ranking.ipynb',
  '04-per-symbol-ensemble.ipynb',
  '05-champion-challenger.ipynb',
].map((name) => path.join(REPO_ROOT, 'notebooks', name));

describeNotebooks('notebooks: flagship notebooks against their baselines', FLAGSHIP, {
  kernel: tslabSpec(),
  timeoutMs: 300_000,
});
