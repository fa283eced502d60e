/**
 * The probabilistic Sharpe ratio (Bailey & López de Prado 2012): the probability that the true
 * Sharpe ratio exceeds a benchmark SR*, given the estimate ŜR from n returns with skewness γ̂3 and
 * kurtosis γ̂4 (not excess; 3 for normal returns):
 *
 *     PSR(SR*) = Φ( (ŜR − SR*) · √(n − 1) / √(1 − γ̂3·ŜR + (γ̂4 − 1)/4 · ŜR²) )
 *
 * ŜR and SR* are per period (not annualized): ŜR = mean(r − rf_p) / std(r − rf_p, ddof = 1); γ̂3 and
 * γ̂4 are the sample's population moments (scipy.stats.skew / kurtosis(fisher=False), as in the
 * authors' code). For normal returns the denominator is √(1 + ŜR²/2) (Lo 2002).
 *
 * @see Bailey, D. H. & López de Prado, M. (2012) The Sharpe ratio efficient frontier. Journal of
 *   Risk 15(2), Winter 2012/13 (SSRN 1821643); López de Prado (2018) Advances in Financial Machine
 *   Learning, Wiley, §14.7.2.
 */
import { normalCdf } from './normal.js';
import {
  type AnnualizationOptions,
  checkReturns,
  conventions,
  kurtosis,
  skewness,
  stdDev,
} from './ratios.js';
import { ParameterError } from '../util/errors.js';

/** The paper's inputs. */
export interface SharpeMoments {
  /** Per-period Sharpe ratio ŜR. */
  sharpe: number;
  /** Number of returns n ≥ 2. */
  n: number;
  /** γ̂3. Default 0. */
  skewness?: number;
  /** γ̂4 (3 for normal). Default 3. */
  kurtosis?: number;
  /** Per-period SR*. Default 0. */
  benchmarkSharpe?: number;
}

/**
 * PSR from the moments (the paper's formula).
 * @throws ParameterError when n < 2.
 * @example psrFromMoments({ sharpe: 0.1, n: 253 }) // Φ(0.1·√252 / √1.005) ≈ 0.9433
 */
export function psrFromMoments(m: SharpeMoments): number {
  const { sharpe, n, skewness: g3 = 0, kurtosis: g4 = 3, benchmarkSharpe = 0 } = m;
  if (!(Number.isInteger(n) && n >= 2))
    throw new ParameterError(`psrFromMoments: n must be an integer ≥ 2, got ${n}`);
  const variance = 1 - g3 * sharpe + ((g4 - 1) / 4) * sharpe * sharpe;
  if (!(variance > 0)) return NaN;
  return normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(n - 1)) / Math.sqrt(variance));
}

/** Options of {@link probabilisticSharpeRatio}. */
export interface PsrOptions extends AnnualizationOptions {
  /** SR*, annualized (divided by √periodsPerYear to compare with the per-period ŜR). Default 0. */
  benchmarkSharpe?: number;
}

/**
 * PSR of a return series, in excess of the risk-free rate.
 *
 * @param returns - Simple returns, `(n,)`, finite, n ≥ 2.
 * @returns Probability in [0, 1]; NaN when the returns have no spread.
 * @throws SchemaError on a non-finite return.
 */
export function probabilisticSharpeRatio(returns: ArrayLike<number>, options: PsrOptions = {}): number {
  const { ppy, rf } = conventions(options, 'probabilisticSharpeRatio');
  checkReturns('probabilisticSharpeRatio', returns);
  const n = returns.length;
  if (n < 2) return NaN;
  const sd = stdDev(returns, rf);
  if (!(sd > 0)) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += returns[i] - rf;
  mean /= n;
  return psrFromMoments({
    sharpe: mean / sd,
    n,
    skewness: skewness(returns),
    kurtosis: kurtosis(returns),
    benchmarkSharpe: (options.benchmarkSharpe ?? 0) / Math.sqrt(ppy),
  });
}
