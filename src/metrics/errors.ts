/**
 * The one error of metrics/ that is not about the input's shape: the metric has no value on this
 * input (scikit-learn warns with `UndefinedMetricWarning` or raises `ValueError` there; we always
 * throw, so a one-class fold never turns into a silent NaN in a table of results).
 */
import { QuantbookError } from '../util/errors.js';

/**
 * The metric is undefined on this input: `rocAuc` with one class present, `averagePrecision` with no
 * positive, `r2` with fewer than two rows, an information coefficient without a single usable date.
 * `code` is `'E_UNDEFINED_METRIC'`; `metric` names the function.
 */
export class UndefinedMetricError extends QuantbookError {
  readonly metric: string;
  constructor(metric: string, message: string, hint?: string) {
    super('E_UNDEFINED_METRIC', `${metric}: ${message}`, hint === undefined ? {} : { hint });
    this.metric = metric;
  }
}
