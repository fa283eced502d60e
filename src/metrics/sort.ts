/**
 * A stable ascending argsort of doubles by LSD radix sort on their IEEE-754 bits: four passes of 16
 * bits over typed arrays, no comparator calls and no per-element objects — the one sort behind the
 * ROC/PR curves, `rocAuc` and `averagePrecision` (1,000,000 scores in a few tens of ms).
 *
 * Each double maps to an unsigned 64-bit key that orders like the number: negative values have all
 * bits flipped, the others only the sign bit; −0 is first turned into +0 so the two compare equal
 * (as `np.argsort` does). Passes where every key has the same digit are skipped.
 */
import os from 'node:os';

const LITTLE_ENDIAN = os.endianness() === 'LE';
const RADIX = 1 << 16;
const MASK = RADIX - 1;

/**
 * Indices that sort `values` ascending; equal values keep their original order (stable, like NumPy's
 * `argsort(kind='mergesort')`). NaN is not supported (callers reject it first).
 *
 * @param values - `(n,)` finite numbers (±Infinity allowed).
 * @returns `(n,)` row indices, a new array.
 * @example argsortAscending([3, 1, 2, 1]) // Uint32Array [1, 3, 2, 0]
 */
export function argsortAscending(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  if (!LITTLE_ENDIAN) return comparatorArgsort(values);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = values[i] + 0; // −0 + 0 = +0
  const bits = new Uint32Array(f.buffer);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let idx = new Uint32Array(n);
  const counts = [
    new Uint32Array(RADIX),
    new Uint32Array(RADIX),
    new Uint32Array(RADIX),
    new Uint32Array(RADIX),
  ];
  const [c0, c1, c2, c3] = counts;
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + 1];
    let l = bits[2 * i];
    if (h >>> 31 === 1) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    idx[i] = i;
    c0[l & MASK]++;
    c1[l >>> 16]++;
    c2[h & MASK]++;
    c3[h >>> 16]++;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const count = counts[pass];
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    if (n === 0 || count[(key[0] >>> shift) & MASK] === n) continue; // one digit for all: nothing moves
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const pos = count[(key[i] >>> shift) & MASK]++;
      if (pass < 2) lo2[pos] = lo[i];
      hi2[pos] = hi[i];
      idx2[pos] = idx[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

function comparatorArgsort(values: ArrayLike<number>): Uint32Array {
  const idx = Uint32Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((a, b) => values[a] - values[b] || a - b);
}
