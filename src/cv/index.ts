/**
 * Cross-validation over dates (DESIGN.md §1): every splitter puts all rows of a date on one side, yields
 * row indices only, and refuses a gap/embargo shorter than the label horizon unless `allowOverlap`.
 */
export { timeSeriesSplit, type TimeSeriesSplitOptions } from './time-series-split.js';
export { walkForwardSplit, type WalkForwardOptions } from './walk-forward.js';
export { purgedKFold, type PurgedKFoldOptions } from './purged-k-fold.js';
export { checkLeakage, type Leak, type LeakageOptions, type LeakageReport } from './leakage.js';
export {
  horizonFromT1,
  indexDates,
  toSplitData,
  type DateIndex,
  type DateSplitter,
  type HorizonOptions,
  type SplitDataWithHorizon,
  type SplitInput,
} from './dates.js';
