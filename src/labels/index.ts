/**
 * Labels: forward-looking targets, each emitting `t1` (the date it becomes known) and exporting its
 * horizon in rows (features/types.ts `LabelDefinition`). One label per file; {@link LABEL_DEFINITIONS}
 * lists every definition for a registry.
 */
import { directionLabel } from './direction.js';
import { drawdownLabel } from './drawdown.js';
import { excessReturnLabel, forwardReturnLabel, nextDayReturnLabel } from './forward-return.js';
import { tripleBarrierLabel } from './triple-barrier.js';
import { volatilitySpikeLabel } from './volatility-spike.js';

export { dailyVolatility, ewmStd } from './daily-volatility.js';
export { direction, directionLabel, type DirectionParams } from './direction.js';
export { drawdown, drawdownLabel, type DrawdownParams } from './drawdown.js';
export {
  excessReturn,
  excessReturnLabel,
  forwardReturn,
  forwardReturnLabel,
  nextDayReturnLabel,
  type ForwardReturnOptions,
  type ForwardReturnParams,
} from './forward-return.js';
export { t1AtHorizon, t1AtIndex } from './t1.js';
export {
  tripleBarrier,
  tripleBarrierLabel,
  type TripleBarrierParams,
  type TripleBarrierResult,
} from './triple-barrier.js';
export {
  forwardVolatility,
  volatilitySpike,
  volatilitySpikeLabel,
  type VolatilitySpikeParams,
} from './volatility-spike.js';

/** Every label definition, in the order of issue 3: forward_return, excess_return, direction, next_day_return, volatility_spike, drawdown, triple_barrier. */
export const LABEL_DEFINITIONS = [
  forwardReturnLabel,
  excessReturnLabel,
  directionLabel,
  nextDayReturnLabel,
  volatilitySpikeLabel,
  drawdownLabel,
  tripleBarrierLabel,
] as const;
