/**
 * Writing float32 values as short decimals: the model files (ours and XGBoost's) hold thresholds and
 * leaf values that are float32; printing them as the shortest decimal that rounds back to the same
 * float32 (as XGBoost does) keeps the files small and the round trip exact.
 */

/**
 * The number with the fewest significant digits whose float32 rounding is `fround(x)`.
 *
 * @example shortestFloat32(Math.fround(0.1)) // 0.1
 */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || Number.isInteger(f) || String(f).length <= 9) return f;
  for (let p = 6; p < 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return Number(f.toPrecision(9));
}

/**
 * A float32 as JSON text that XGBoost's parser reads as a floating-point number (it must contain
 * a '.' or an exponent: `0.0`, `-1.2771084`, `1e-7`).
 *
 * @throws RangeError for NaN or ±Infinity (not representable in JSON).
 */
export function formatFloat32(x: number): string {
  const v = shortestFloat32(x);
  if (!Number.isFinite(v))
    throw new RangeError(`formatFloat32: ${String(x)} cannot be written as a JSON number`);
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}
