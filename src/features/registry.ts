/**
 * The named features and labels a dataset spec can ask for. One place to look up a name, and the
 * list an unknown name's error shows.
 */
import { LABEL_DEFINITIONS } from '../labels/index.js';
import { ParameterError } from '../util/errors.js';
import { atrFeature } from './atr.js';
import { bollingerFeature } from './bollinger.js';
import { macdFeature } from './macd.js';
import { marketRegimeFeature, marketReturnFeature, marketVolatilityFeature } from './market.js';
import { priceVsSmaFeature, returnsFeature } from './returns.js';
import { rsiFeature } from './rsi.js';
import { volatilityFeature } from './volatility.js';
import { volumeRatioFeature, volumeTrendFeature } from './volume.js';
import type { FeatureDefinition, LabelDefinition } from './types.js';
import { waveletDetailFeature } from './wavelet.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own params type
type AnyFeature = FeatureDefinition<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyLabel = LabelDefinition<any>;

/** Every feature by name. */
export const FEATURES: ReadonlyMap<string, AnyFeature> = new Map<string, AnyFeature>(
  (
    [
      returnsFeature,
      priceVsSmaFeature,
      volatilityFeature,
      atrFeature,
      rsiFeature,
      macdFeature,
      bollingerFeature,
      volumeRatioFeature,
      volumeTrendFeature,
      waveletDetailFeature,
      marketReturnFeature,
      marketVolatilityFeature,
      marketRegimeFeature,
    ] as AnyFeature[]
  ).map((d) => [d.name, d]),
);

/** Every label by name. */
export const LABELS: ReadonlyMap<string, AnyLabel> = new Map<string, AnyLabel>(
  LABEL_DEFINITIONS.map((d) => [d.name, d as AnyLabel]),
);

/**
 * The feature called `name`.
 *
 * @throws ParameterError listing the known names when there is none.
 */
export function getFeature(name: string): AnyFeature {
  const d = FEATURES.get(name);
  if (!d)
    throw new ParameterError(
      `unknown feature ${JSON.stringify(name)}; known features: ${[...FEATURES.keys()].sort().join(', ')}`,
    );
  return d;
}

/**
 * The label called `name`.
 *
 * @throws ParameterError listing the known names when there is none.
 */
export function getLabel(name: string): AnyLabel {
  const d = LABELS.get(name);
  if (!d)
    throw new ParameterError(
      `unknown label ${JSON.stringify(name)}; known labels: ${[...LABELS.keys()].sort().join(', ')}`,
    );
  return d;
}
