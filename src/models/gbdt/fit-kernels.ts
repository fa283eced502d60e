/**
 * The inner loops of a fit that the fit pool (fit-pool.ts) shares with worker threads.
 *
 * ```
 *  histKernel       one histogram over rows[start..end): zero the slots of the features built, then
 *                   row by row add (g, h) — and the count — to the slot of every feature
 *  partitionKernel  stable split of rows[start..end) by one feature's bins: lefts to outL, rights to outR
 *  gradKernel       gradients and hessians of rows in order (the root of a tree without subsampling)
 *  marginKernel     a leaf's rows: margin += leaf value (float32)
 *  subtractKernel   sibling histogram = parent − child
 *  splitKernel      the best split of a node from its histogram (split.ts findBestSplit)
 *  featureCuts, binColumn, fillSlots, …  the binning (binning.ts binMatrix)
 *  runFitTask       a task descriptor (fit-pool.ts) → one of the kernels, on the fit's buffers
 * ```
 * Every function here is self-contained — typed arrays and numbers in, no closures over module state,
 * no module constants but CUT_SAMPLE and F32_MAX, no calls except to the other functions of this file
 * and built-ins (never to an import: a transpiler may rename those) — because the pool sends their
 * source text (`Function.prototype.toString`) to its workers: the calling thread and the workers run
 * the same code on the same inputs, so a task's result does not depend on the thread that ran it.
 */

/** A typed array of histogram slots, row-major `(nRows × nFeatures)` (see binning.ts). */
export type SlotArray = Uint16Array | Uint32Array;

/**
 * Fills `hist` with the sums of rows `rows[start..end)`: `(G, H)` at `2·slot`, and with counts the row
 * count at `2·nSlots + slot`, for the slots of `features[0..nf)` (all features when `nf === F`; the other
 * slots are left as they are). The rows are added in order, so the result does not depend on how the
 * loop is unrolled.
 *
 * @param hist - Output, `(withCounts ? 3 : 2) · nSlots`.
 * @param slots - Row-major global slots `(nRows × F)`.
 * @param F - Number of features of the matrix.
 * @param gh - Gradients and hessians interleaved by row, `(2 · nRows,)`.
 * @param rows - Row indices.
 * @param start - First position in `rows`.
 * @param end - One past the last position in `rows`.
 * @param features - Features to build, ascending.
 * @param nf - How many of `features` (`F` = all).
 * @param slotOffset - First slot of each feature, `(F,)`.
 * @param nBins - Value bins of each feature (its slots: offset .. offset + nBins), `(F,)`.
 * @param withCounts - Also count rows.
 * @param nSlots - Total slots.
 * @param sums - Output: the rows' total gradient and hessian at `sums[at]`, `sums[at + 1]` (in row order).
 * @param at - Where in `sums`.
 */
export function histKernel(
  hist: Float64Array,
  slots: SlotArray,
  F: number,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  features: Int32Array,
  nf: number,
  slotOffset: Int32Array,
  nBins: Int32Array,
  withCounts: boolean,
  nSlots: number,
  sums: Float64Array,
  at: number,
): void {
  let G = 0;
  let H = 0;
  if (nf === F) {
    hist.fill(0, 0, 2 * nSlots);
    if (withCounts) hist.fill(0, 2 * nSlots, 3 * nSlots);
  } else {
    for (let fi = 0; fi < nf; fi++) {
      const a = slotOffset[features[fi]];
      const b = a + nBins[features[fi]] + 1;
      hist.fill(0, 2 * a, 2 * b);
      if (withCounts) hist.fill(0, 2 * nSlots + a, 2 * nSlots + b);
    }
  }
  if (nf === F) {
    const F4 = F & ~3;
    for (let k = start; k < end; k++) {
      const r = rows[k];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const base = r * F;
      G += g;
      H += h;
      let f = 0;
      for (; f < F4; f += 4) {
        const s0 = slots[base + f] << 1;
        const s1 = slots[base + f + 1] << 1;
        const s2 = slots[base + f + 2] << 1;
        const s3 = slots[base + f + 3] << 1;
        hist[s0] += g;
        hist[s0 + 1] += h;
        hist[s1] += g;
        hist[s1 + 1] += h;
        hist[s2] += g;
        hist[s2 + 1] += h;
        hist[s3] += g;
        hist[s3 + 1] += h;
      }
      for (; f < F; f++) {
        const s = slots[base + f] << 1;
        hist[s] += g;
        hist[s + 1] += h;
      }
    }
  } else {
    for (let k = start; k < end; k++) {
      const r = rows[k];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const base = r * F;
      G += g;
      H += h;
      for (let fi = 0; fi < nf; fi++) {
        const s = slots[base + features[fi]] << 1;
        hist[s] += g;
        hist[s + 1] += h;
      }
    }
  }
  sums[at] = G;
  sums[at + 1] = H;
  if (withCounts) {
    const c0 = 2 * nSlots;
    for (let k = start; k < end; k++) {
      const base = rows[k] * F;
      for (let fi = 0; fi < nf; fi++) hist[c0 + slots[base + features[fi]]] += 1;
    }
  }
}

/**
 * Stable partition of `rows[start..end)` by a split "bins 1..bin go left, missing (bin 0) goes left when
 * `defaultLeft`": the left rows, in order, to `outL[start..start + nLeft)`, the right rows to
 * `outR[start..start + nRight)`. `outL` may be `rows` itself (in place: a row is written at or before
 * the position it was read from).
 *
 * @param col - The split feature's bins by row (column-major bins, `(nRows,)`).
 * @param lut - Scratch, `(256,)`.
 * @returns nLeft.
 */
export function partitionKernel(
  rows: Int32Array,
  outL: Int32Array,
  outR: Int32Array,
  col: Uint8Array,
  start: number,
  end: number,
  bin: number,
  defaultLeft: boolean,
  lut: Uint8Array,
): number {
  lut[0] = defaultLeft ? 1 : 0; // 1 = goes left, by bin: a branch-free loop
  for (let b = 1; b < 256; b++) lut[b] = b <= bin ? 1 : 0;
  let l = start;
  let t = start;
  for (let k = start; k < end; k++) {
    const r = rows[k];
    const goLeft = lut[col[r]];
    outL[l] = r;
    outR[t] = r;
    l += goLeft;
    t += 1 - goLeft;
  }
  return l - start;
}

/**
 * Weighted gradients and hessians of rows `start..end` (row indices, in order) at their float32 margins,
 * into `gh[2r]`, `gh[2r + 1]` — the formulas of objectives.ts `gradients`, so the same numbers — and
 * `rows[r] = r` (the root of a tree without subsampling).
 *
 * @param objective - 0 binary:logistic, 1 reg:squarederror, 2 reg:pseudohubererror.
 * @param weight - Row weights, used when `weighted`.
 */
export function gradKernel(
  objective: number,
  margin: Float32Array,
  y: Float64Array,
  weight: Float64Array,
  weighted: boolean,
  gh: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  huberSlope: number,
): void {
  for (let r = start; r < end; r++) rows[r] = r;
  if (objective === 0) {
    for (let r = start; r < end; r++) {
      const p = 1 / (1 + Math.exp(-margin[r]));
      const w = weighted ? weight[r] : 1;
      gh[2 * r] = (p - y[r]) * w;
      gh[2 * r + 1] = Math.max(p * (1 - p), 1e-16) * w;
    }
  } else if (objective === 1) {
    for (let r = start; r < end; r++) {
      const w = weighted ? weight[r] : 1;
      gh[2 * r] = (margin[r] - y[r]) * w;
      gh[2 * r + 1] = w;
    }
  } else {
    const d2 = huberSlope * huberSlope;
    for (let r = start; r < end; r++) {
      const w = weighted ? weight[r] : 1;
      const z = margin[r] - y[r];
      const q = 1 + (z * z) / d2;
      const sq = Math.sqrt(q);
      gh[2 * r] = (z / sq) * w;
      gh[2 * r + 1] = (1 / (q * sq)) * w;
    }
  }
}

/** After a tree: `mOut[r] = fround(mIn[r] + value)` for the rows `rows[start..end)` of one leaf. */
export function marginKernel(
  rows: Int32Array,
  start: number,
  end: number,
  value: number,
  mIn: Float32Array,
  mOut: Float32Array,
): void {
  for (let k = start; k < end; k++) {
    const r = rows[k];
    mOut[r] = mIn[r] + value;
  }
}

/**
 * `out[s] = parent[s] − child[s]` over the slots of `features[0..nf)` (all when `nf === F`): the
 * sibling's histogram. `out` may be `parent` (in place).
 */
export function subtractKernel(
  out: Float64Array,
  parent: Float64Array,
  child: Float64Array,
  features: Int32Array,
  nf: number,
  F: number,
  slotOffset: Int32Array,
  nBins: Int32Array,
  withCounts: boolean,
  nSlots: number,
): void {
  for (let fi = 0; fi < (nf === F ? 1 : nf); fi++) {
    const a = nf === F ? 0 : slotOffset[features[fi]];
    const b = nf === F ? nSlots : a + nBins[features[fi]] + 1;
    for (let s = 2 * a; s < 2 * b; s++) out[s] = parent[s] - child[s];
    if (withCounts) for (let s = 2 * nSlots + a; s < 2 * nSlots + b; s++) out[s] = parent[s] - child[s];
  }
}

/**
 * The best split of a node from its histogram (split.ts `findBestSplit`, which calls this): XGBoost's
 * gain over every threshold of every feature of `features[0..nf)`, missing values tried on the right and
 * (when the node has any) on the left; ties keep the first candidate.
 *
 * @param minValue - Each feature's smallest value (NaN: no "missing left, every value right" split).
 * @param G - Node gradient sum.
 * @param H - Node hessian sum.
 * @param C - Node row count.
 * @param built - The histogram was built from rows (not by subtraction): its hessians are all ≥ 0.
 * @param out - Output: `[feature, bin, defaultLeft (0/1), gain, gl, hl, gr, hr]` at `out[at..at + 8)`.
 * @returns Whether there is a valid split (gain > 1e-6, XGBoost's kRtEps, and ≥ gamma).
 */
export function splitKernel(
  hist: Float64Array,
  nBins: Int32Array,
  slotOffset: Int32Array,
  minValue: Float32Array,
  features: Int32Array,
  nf: number,
  G: number,
  H: number,
  C: number,
  lambda: number,
  alpha: number,
  gamma: number,
  minChildWeight: number,
  minDataInLeaf: number,
  withCounts: boolean,
  nSlots: number,
  built: boolean,
  out: Float64Array,
  at: number,
): boolean {
  const l1 = alpha !== 0;
  // T(g) = thresholdL1(g, alpha), inlined below as `l1 ? (g > alpha ? g − alpha : g < −alpha ? g + alpha : 0) : g`
  const tp = l1 ? (G > alpha ? G - alpha : G < -alpha ? G + alpha : 0) : G;
  const parent = (tp * tp) / (H + lambda); // nodeScore(G, H)
  const mcw = minChildWeight;
  const minData = withCounts ? Math.max(1, minDataInLeaf) : 0;
  const nSlots2 = 2 * nSlots;
  // the best candidate so far, kept in scalars (no object per candidate)
  let found = false;
  let bestGain = -Infinity;
  let bF = 0;
  let bB = 0;
  let bDl = false;
  let bGl = 0;
  let bHl = 0;
  let bGr = 0;
  let bHr = 0;
  // A candidate (left sums gl, hl, cl) is valid when hl ≥ mcw, hr = H − hl ≥ mcw, both > 0 (and, with
  // counts, both sides have ≥ minData rows); its gain is score(gl, hl) + score(gr, hr) − parent, the same
  // arithmetic as split.ts nodeScore. Candidates are tried in order — features ascending, bins ascending,
  // at each bin missing-right before missing-left — and a later one wins only with a larger gain.
  for (let fi = 0; fi < nf; fi++) {
    const f = features[fi];
    const nb = nBins[f];
    const slot = slotOffset[f];
    const off = 2 * slot;
    const cOff = nSlots2 + slot;
    const gm = hist[off];
    const hm = hist[off + 1];
    const cm = withCounts ? hist[cOff] : 0;
    const hasMissing = withCounts ? cm > 0 : gm !== 0 || hm !== 0;
    // missing left, every value right (threshold: the smallest value; not when it is −∞)
    if (hasMissing && !Number.isNaN(minValue[f])) {
      const gr = G - gm;
      const hr = H - hm;
      if (
        !(hm < mcw || hr < mcw || !(hm > 0) || !(hr > 0)) &&
        (!withCounts || (cm >= minData && C - cm >= minData))
      ) {
        const tl = l1 ? (gm > alpha ? gm - alpha : gm < -alpha ? gm + alpha : 0) : gm;
        const tr = l1 ? (gr > alpha ? gr - alpha : gr < -alpha ? gr + alpha : 0) : gr;
        const gain = (tl * tl) / (hm + lambda) + (tr * tr) / (hr + lambda) - parent;
        if (gain > bestGain) {
          found = true;
          bestGain = gain;
          bF = f;
          bB = 0;
          bDl = true;
          bGl = gm;
          bHl = hm;
          bGr = gr;
          bHr = hr;
        }
      }
    }
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 1; b < nb; b++) {
      const gb = hist[off + 2 * b];
      const hb = hist[off + 2 * b + 1];
      const cb = withCounts ? hist[cOff + b] : 0;
      // An empty bin (b ≥ 2) leaves the sums unchanged: its candidates equal those of bin b − 1, already
      // considered, and ties keep the first — so they cannot win. (Sums are never −0: adding +0 is exact.)
      if (b > 1 && gb === 0 && hb === 0 && cb === 0) continue;
      gl += gb;
      hl += hb;
      if (withCounts) cl += cb;
      // In a histogram built from rows every bin's hessian is ≥ 0, so hl never decreases along the bins
      // and H − hl never increases: once the right side (even without the missing values) is below mcw,
      // or has no hessian, no later candidate of this feature is valid. (Not so by subtraction: its empty
      // bins may hold rounding residues of either sign.)
      if (built && (H - hl < mcw || !(H - hl > 0))) break;
      // missing right
      {
        const gr = G - gl;
        const hr = H - hl;
        if (
          !(hl < mcw || hr < mcw || !(hl > 0) || !(hr > 0)) &&
          (!withCounts || (cl >= minData && C - cl >= minData))
        ) {
          const tl = l1 ? (gl > alpha ? gl - alpha : gl < -alpha ? gl + alpha : 0) : gl;
          const tr = l1 ? (gr > alpha ? gr - alpha : gr < -alpha ? gr + alpha : 0) : gr;
          const gain = (tl * tl) / (hl + lambda) + (tr * tr) / (hr + lambda) - parent;
          if (gain > bestGain) {
            found = true;
            bestGain = gain;
            bF = f;
            bB = b;
            bDl = false;
            bGl = gl;
            bHl = hl;
            bGr = gr;
            bHr = hr;
          }
        }
      }
      // missing left
      if (hasMissing) {
        const glm = gl + gm;
        const hlm = hl + hm;
        const clm = cl + cm;
        const gr = G - glm;
        const hr = H - hlm;
        if (
          !(hlm < mcw || hr < mcw || !(hlm > 0) || !(hr > 0)) &&
          (!withCounts || (clm >= minData && C - clm >= minData))
        ) {
          const tl = l1 ? (glm > alpha ? glm - alpha : glm < -alpha ? glm + alpha : 0) : glm;
          const tr = l1 ? (gr > alpha ? gr - alpha : gr < -alpha ? gr + alpha : 0) : gr;
          const gain = (tl * tl) / (hlm + lambda) + (tr * tr) / (hr + lambda) - parent;
          if (gain > bestGain) {
            found = true;
            bestGain = gain;
            bF = f;
            bB = b;
            bDl = true;
            bGl = glm;
            bHl = hlm;
            bGr = gr;
            bHr = hr;
          }
        }
      }
    }
  }
  if (!found || !(bestGain > 1e-6) || bestGain < gamma) return false;
  out[at] = bF;
  out[at + 1] = bB;
  out[at + 2] = bDl ? 1 : 0;
  out[at + 3] = bestGain;
  out[at + 4] = bGl;
  out[at + 5] = bHl;
  out[at + 6] = bGr;
  out[at + 7] = bHr;
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Binning (binning.ts explains the method; the pool defines CUT_SAMPLE and F32_MAX for its workers)

/** The largest finite float32. */
export const F32_MAX = 3.4028234663852886e38;

/** Values sorted to find cuts, at most (a strided sample above). */
export const CUT_SAMPLE = 262_144;

/** The float32 right after `x` (a finite float32). */
export function nextFloat32Up(x: number): number {
  if (x === 0) return 1.401298464324817e-45;
  const f = new Float32Array([x]);
  const u = new Int32Array(f.buffer);
  u[0] += x > 0 ? 1 : -1;
  return f[0];
}

/** A finite float32 threshold t with a < t ≤ b, for float32 values a < b. */
export function cutBetween(a: number, b: number): number {
  let t = Math.fround((a + b) / 2);
  if (!(t > a)) t = b;
  if (!Number.isFinite(t)) {
    if (Number.isFinite(a)) t = a === F32_MAX ? a : nextFloat32Up(a);
    else if (Number.isFinite(b)) t = b;
    else t = 0;
  }
  return t;
}

/**
 * The cuts of one feature from its float32 values.
 *
 * @param values - Float32 values of the feature, NaN allowed, `(n,)` (not modified).
 * @param maxBin - At most this many value bins (2..255).
 * @returns Ascending finite float32 cuts, length ≤ maxBin − 1.
 * @example Array.from(featureCuts(Float32Array.of(1, 2, 2, 3, NaN), 255)) // [1.5, 2.5]
 */
export function featureCuts(values: Float32Array, maxBin: number): Float32Array {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present++;
  const stride = present > CUT_SAMPLE ? present / CUT_SAMPLE : 1;
  const sample = new Float32Array(Math.min(present, CUT_SAMPLE));
  let n = 0;
  let next = 0;
  let seen = 0;
  for (let i = 0; i < values.length && n < sample.length; i++) {
    if (values[i] !== values[i]) continue;
    if (seen >= next) {
      sample[n++] = values[i];
      next += stride;
    }
    seen++;
  }
  const s = sortFloat32(sample.subarray(0, n));
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || s[i] !== s[i - 1]) distinct++;
  const cuts: number[] = [];
  // Two neighbours no finite float32 separates (F32_MAX and +∞) give the same cut twice: keep one,
  // so they share a bin and the cuts stay strictly ascending.
  const push = (t: number) => {
    if (cuts.length === 0 || t > cuts[cuts.length - 1]) cuts.push(t);
  };
  if (distinct <= maxBin) {
    for (let i = 0; i + 1 < n; i++) if (s[i] !== s[i + 1]) push(cutBetween(s[i], s[i + 1]));
  } else {
    const step = n / maxBin;
    let target = step;
    for (let i = 0; i + 1 < n && cuts.length < maxBin - 1; i++) {
      if (s[i] === s[i + 1] || i + 1 < target) continue; // cut only at the end of a run of equal values
      push(cutBetween(s[i], s[i + 1]));
      while (target <= i + 1) target += step;
    }
  }
  return Float32Array.from(cuts);
}

/**
 * Sorts non-NaN float32 values ascending: LSD radix sort (11 + 11 + 10 bits) of their order-preserving
 * uint32 keys — several times faster than the built-in sort for the ≤ 262,144 values of a cut sample.
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < 2048) return values.sort();
  const keys = new Uint32Array(values.buffer, values.byteOffset, n); // reinterpret in place
  for (let i = 0; i < n; i++) {
    const u = keys[i];
    keys[i] = u & 0x80000000 ? ~u : u | 0x80000000;
  }
  let src = keys;
  let dst = new Uint32Array(n);
  for (const [shift, bits] of [
    [0, 11],
    [11, 11],
    [22, 10],
  ]) {
    const size = 1 << bits;
    const mask = size - 1;
    const count = new Uint32Array(size + 1);
    for (let i = 0; i < n; i++) count[((src[i] >>> shift) & mask) + 1]++;
    for (let b = 0; b < size; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) dst[count[(src[i] >>> shift) & mask]++] = src[i];
    const t = src;
    src = dst;
    dst = t;
  }
  // three passes: the sorted keys are in `src`, which is the scratch array; copy back
  for (let i = 0; i < n; i++) {
    const k = src[i];
    keys[i] = k & 0x80000000 ? k & 0x7fffffff : ~k;
  }
  return values;
}

/**
 * For each 16-bit prefix t of the order-preserving key of a float32, the smallest and largest bin a
 * value with that prefix can fall in: most values find their bin with one table look-up, the others
 * with a few comparisons between lo and hi (−0 is keyed as +0, so it bins like 0).
 */
export function binLookup(cuts: Float32Array): { lo: Uint8Array; hi: Uint8Array } {
  const key = (x: number): number => {
    const u = new Uint32Array(Float32Array.of(x).buffer)[0];
    return u & 0x80000000 ? (u === 0x80000000 ? 0x80000000 : ~u >>> 0) : (u | 0x80000000) >>> 0;
  };
  const ck = Array.from(cuts, key);
  const lo = new Uint8Array(65536);
  const hi = new Uint8Array(65536);
  let a = 0; // #{cuts with key ≤ t·2^16}
  let b = 0; // #{cuts with key ≤ t·2^16 + 0xffff}
  for (let t = 0; t < 65536; t++) {
    const first = t * 65536;
    while (a < ck.length && ck[a] <= first) a++;
    while (b < ck.length && ck[b] <= first + 0xffff) b++;
    lo[t] = a + 1;
    hi[t] = b + 1;
  }
  return { lo, hi };
}

/**
 * The bin codes of one feature's float32 values by its cuts (0 for NaN), into `out`.
 *
 * @returns The feature's {@link BinnedMatrix.minValue}: its smallest value, 0 when every value is NaN,
 *   NaN when it is −Infinity.
 */
export function binColumn(col: Float32Array, c: Float32Array, out: Uint8Array): number {
  const rows = col.length;
  const lookup = binLookup(c);
  const keys = new Uint32Array(col.buffer, col.byteOffset, rows);
  let min = Infinity;
  for (let i = 0; i < rows; i++) {
    const v = col[i];
    if (v !== v) {
      out[i] = 0;
      continue;
    }
    if (v < min) min = v;
    const u = keys[i];
    const t = (u & 0x80000000 ? (u === 0x80000000 ? 0x80000000 : ~u) : u | 0x80000000) >>> 16;
    let b = lookup.lo[t];
    const hi = lookup.hi[t];
    while (b < hi && c[b - 1] <= v) b++;
    out[i] = b; // = binOf(c, v)
  }
  return min === Infinity ? 0 : min === -Infinity ? NaN : min;
}

/** Rows `start..end` of the row-major slots `(rows × cols)` from the column-major bins: slotOffset[j] + bin. */
export function fillSlots(
  slots: Uint16Array | Uint32Array,
  bins: Uint8Array,
  slotOffset: Int32Array,
  rows: number,
  cols: number,
  start: number,
  end: number,
): void {
  for (let j = 0; j < cols; j++) {
    const off = slotOffset[j];
    const col = bins.subarray(j * rows, (j + 1) * rows);
    for (let i = start; i < end; i++) slots[i * cols + j] = off + col[i];
  }
}

// ---------------------------------------------------------------------------------------------------

/** What a worker (or the calling thread) needs to run the fit's tasks: the fit's shared buffers. */
export interface FitTaskState {
  nRows: number;
  F: number;
  maxBin: number;
  withCounts: boolean;
  /** X as float32 columns `(F × nRows)`, the binning's input. */
  columns: Float32Array;
  /** Each feature's cuts (at `255·j`, `nCuts[j]` of them), the binning's output. */
  cutsOut: Float32Array;
  nCuts: Int32Array;
  slots: SlotArray;
  /** Column-major bins `(F × nRows)`. */
  bins: Uint8Array;
  slotOffset: Int32Array;
  nBins: Int32Array;
  gh: Float64Array;
  /** The row partition, in two buffers: a node's rows are in one, its children's in the other. */
  rowsA: Int32Array;
  rowsB: Int32Array;
  /** Partition outputs (by position, like the rows). */
  outL: Int32Array;
  outR: Int32Array;
  /** Histogram outputs: slot s at `[s · histLen, (s + 1) · histLen)`. */
  scratch: Float64Array;
  /** The stride of histogram slots: the largest histogram length (the binned matrix's is in ctl[11]). */
  histLen: number;
  /** The tree's features; ctl[3] of them are in use. */
  features: Int32Array;
  /** Task descriptors, 8 ints each (see fit-pool.ts). */
  desc: Int32Array;
  /** A partition task's left count. */
  result: Int32Array;
  /** Per task, 2 numbers: a margin task's leaf value (in); a histogram task's total (G, H) (out). */
  value: Float64Array;
  /** Margins, float32: a margin task reads one and writes the other. */
  margin0: Float32Array;
  margin1: Float32Array;
  y: Float64Array;
  /** Row weights (length 0: none). */
  weight: Float64Array;
  /** 0 binary:logistic, 1 reg:squarederror, 2 reg:pseudohubererror. */
  objective: number;
  huberSlope: number;
  /** Each feature's smallest value (splitKernel). */
  minValue: Float32Array;
  /** lambda, alpha, gamma, minChildWeight, minDataInLeaf. */
  splitParams: Float64Array;
  /** Node histograms: slot s at `[s · histLen, (s + 1) · histLen)`. */
  arena: Float64Array;
  /** A split task's gradient and hessian sums (gS, hS, gL, hL), 4 per task. */
  sums: Float64Array;
  /** A split task's results: for the small then the large child, found (0/1) and splitKernel's 8 numbers. */
  splits: Float64Array;
  ctl: Int32Array;
}

/**
 * Runs task `i` of the current batch. Descriptor `[type, start, end, a, b, c, d, buffer]`: `rows` is the
 * row buffer the task reads (buffer 0: rowsA, 1: rowsB), `next` the other one.
 *  1  histogram of rows[start..end) into scratch slot a, its total (G, H) into value[2i], value[2i + 1]
 *  4  the same after setting rows[start..end) = start..end − 1 and their gradients at margin b (0: margin0)
 *  2  partition of rows[start..end) on feature a at bin b (c = 1: missing goes left), the left count into
 *     result[i]: lefts to outL, rights to outR — or, when d = 1 (the node's whole segment), straight to
 *     their places in `next`
 *  5  next[c..c + a) = outL[start..start + a), next[d..d + b) = outR[start..start + b) (desc `[5, start, a,
 *     b, c, d]`: a partition chunk's rows to their places)
 *  3  margins of rows[start..end) + value[2i] (a = 0: margin0 → margin1, else margin1 → margin0)
 *  7  binning of feature a: its cuts (cutsOut, nCuts), bins and minValue (binning.ts)
 *  8  rows start..end of the slots (after the binning; slotOffset filled)
 *  6  the best split of a small child (arena slot `[1]`, when `[4]` = 1, `[5]` rows) and of its sibling
 *     (when parent slot `[2]` ≥ 0: its histogram = parent − small into slot `[3]`, `[6]` rows), sums in
 *     sums[4i..4i + 4), results in splits[18i..18i + 18)
 */
export function runFitTask(s: FitTaskState, i: number, lut: Uint8Array): void {
  const o = 8 * i;
  const d = s.desc;
  const type = d[o];
  const start = d[o + 1];
  const end = d[o + 2];
  const rows = d[o + 7] === 0 ? s.rowsA : s.rowsB;
  const next = d[o + 7] === 0 ? s.rowsB : s.rowsA;
  const nSlots = s.ctl[11];
  if (type === 1 || type === 4) {
    if (type === 4)
      gradKernel(
        s.objective,
        d[o + 4] === 0 ? s.margin0 : s.margin1,
        s.y,
        s.weight,
        s.weight.length > 0,
        s.gh,
        rows,
        start,
        end,
        s.huberSlope,
      );
    const slot = d[o + 3];
    histKernel(
      s.scratch.subarray(slot * s.histLen, (slot + 1) * s.histLen),
      s.slots,
      s.F,
      s.gh,
      rows,
      start,
      end,
      s.features,
      s.ctl[3],
      s.slotOffset,
      s.nBins,
      s.withCounts,
      nSlots,
      s.value,
      2 * i,
    );
  } else if (type === 2) {
    const f = d[o + 3];
    const whole = d[o + 6] === 1; // the node's whole segment: straight to its place in the next buffer
    const nl = partitionKernel(
      rows,
      whole ? next : s.outL,
      s.outR,
      s.bins.subarray(f * s.nRows, (f + 1) * s.nRows),
      start,
      end,
      d[o + 4],
      d[o + 5] === 1,
      lut,
    );
    if (whole) next.set(s.outR.subarray(start, start + (end - start - nl)), start + nl);
    s.result[i] = nl;
  } else if (type === 3) {
    const from0 = d[o + 3] === 0;
    marginKernel(
      rows,
      start,
      end,
      s.value[2 * i],
      from0 ? s.margin0 : s.margin1,
      from0 ? s.margin1 : s.margin0,
    );
  } else if (type === 5) {
    const nl = d[o + 2];
    const nr = d[o + 3];
    next.set(s.outL.subarray(start, start + nl), d[o + 4]);
    next.set(s.outR.subarray(start, start + nr), d[o + 5]);
  } else if (type === 6) {
    const L = s.histLen;
    const small = s.arena.subarray(d[o + 1] * L, (d[o + 1] + 1) * L);
    const sp = s.splitParams;
    const nf = s.ctl[3];
    const out = s.splits;
    const sums = s.sums;
    out[18 * i] = 0;
    out[18 * i + 9] = 0;
    if (d[o + 4] === 1) {
      const ok = splitKernel(
        small,
        s.nBins,
        s.slotOffset,
        s.minValue,
        s.features,
        nf,
        sums[4 * i],
        sums[4 * i + 1],
        d[o + 5],
        sp[0],
        sp[1],
        sp[2],
        sp[3],
        sp[4],
        s.withCounts,
        nSlots,
        true,
        out,
        18 * i + 1,
      );
      out[18 * i] = ok ? 1 : 0;
    }
    if (d[o + 2] >= 0) {
      const parent = s.arena.subarray(d[o + 2] * L, (d[o + 2] + 1) * L);
      const large = s.arena.subarray(d[o + 3] * L, (d[o + 3] + 1) * L);
      subtractKernel(large, parent, small, s.features, nf, s.F, s.slotOffset, s.nBins, s.withCounts, nSlots);
      const ok = splitKernel(
        large,
        s.nBins,
        s.slotOffset,
        s.minValue,
        s.features,
        nf,
        sums[4 * i + 2],
        sums[4 * i + 3],
        d[o + 6],
        sp[0],
        sp[1],
        sp[2],
        sp[3],
        sp[4],
        s.withCounts,
        nSlots,
        false,
        out,
        18 * i + 10,
      );
      out[18 * i + 9] = ok ? 1 : 0;
    }
  } else if (type === 7) {
    const j = d[o + 3];
    const N = s.nRows;
    const col = s.columns.subarray(j * N, (j + 1) * N);
    const c = featureCuts(col, s.maxBin);
    s.cutsOut.set(c, 255 * j);
    s.nCuts[j] = c.length;
    s.minValue[j] = binColumn(col, c, s.bins.subarray(j * N, (j + 1) * N));
  } else if (type === 8) {
    fillSlots(s.slots, s.bins, s.slotOffset, s.nRows, s.F, start, end);
  } else throw new Error(`fit task ${i}: unknown type ${type}`);
}
