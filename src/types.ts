/**
 * Shared data shapes (DESIGN.md §3). Domain types live next to their module (features/types.ts,
 * data/schema.ts); this file holds the ones every module passes around.
 */

/**
 * A dense row-major matrix: element (i, j) is `data[i * cols + j]`. Shape `(rows, cols)` =
 * `(nSamples, nFeatures)`; `columns` names the columns in order. NaN marks a missing value.
 */
export interface Matrix {
  data: Float64Array | Float32Array;
  rows: number;
  cols: number;
  columns: string[];
}

/** A train/test split: row indices, each ascending, disjoint. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}
