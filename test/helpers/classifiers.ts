/**
 * Test-only classifiers and splitters for the calibration tests (not part of src): each implements the
 * Classifier contract with a fromJSON so that CalibratedClassifier's round trip can be checked, and each
 * records what it was fitted on so that tests can assert which rows each fold model saw.
 */
import type {
  Classifier,
  FitOptions,
  Matrix,
  ModelJSON,
  Split,
  SplitData,
  Splitter,
} from '../../src/types.js';
import { NotFittedError } from '../../src/util/errors.js';

/** predictProba = clip(X[:, 0], 0, 1) whatever it was fitted on (sklearn fixture's `FixedScore`). */
export class FixedScoreClassifier implements Classifier {
  static readonly format = 'test/fixed-score';
  fittedRows: number | undefined;
  /** The matrix fit received (to check the row subset's element type). */
  fittedX: Matrix | undefined;

  fit(X: Matrix, _y: Float64Array, _options?: FitOptions): this {
    this.fittedRows = X.rows;
    this.fittedX = X;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    if (this.fittedRows === undefined) throw new NotFittedError('FixedScoreClassifier');
    return Float64Array.from({ length: X.rows }, (_, i) => Math.min(Math.max(X.data[i * X.cols], 0), 1));
  }

  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p > 0.5 ? 1 : 0));
  }

  getParams(): Record<string, unknown> {
    return {};
  }

  toJSON(): ModelJSON {
    if (this.fittedRows === undefined) throw new NotFittedError('FixedScoreClassifier');
    return {
      format: FixedScoreClassifier.format,
      version: 1,
      params: {},
      state: { fittedRows: this.fittedRows },
    };
  }

  static fromJSON(json: ModelJSON): FixedScoreClassifier {
    if (json.format !== FixedScoreClassifier.format)
      throw new Error(`not a fixed-score model: ${json.format}`);
    const m = new FixedScoreClassifier();
    m.fittedRows = (json.state as { fittedRows: number }).fittedRows;
    return m;
  }
}

/**
 * Memorizes its training rows: predictProba is the training label of a row whose features equal a
 * training row's exactly, else `unseen` (default 0.5). In sample it is "perfect"; out of sample it knows
 * nothing — the model that in-sample calibration would wrongly trust.
 */
export class MemorizingClassifier implements Classifier {
  static readonly format = 'test/memorizing';
  memory: Map<string, number> | undefined;
  /** The sample weights and dates this model's fit received (to check what CalibratedClassifier passes). */
  seen: FitOptions | undefined;

  constructor(readonly unseen = 0.5) {}

  private static key(X: Matrix, i: number): string {
    return Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)).join(',');
  }

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    this.memory = new Map();
    for (let i = 0; i < X.rows; i++) this.memory.set(MemorizingClassifier.key(X, i), y[i]);
    this.seen = options;
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    const memory = this.memory;
    if (memory === undefined) throw new NotFittedError('MemorizingClassifier');
    return Float64Array.from(
      { length: X.rows },
      (_, i) => memory.get(MemorizingClassifier.key(X, i)) ?? this.unseen,
    );
  }

  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p > 0.5 ? 1 : 0));
  }

  getParams(): Record<string, unknown> {
    return { unseen: this.unseen };
  }

  toJSON(): ModelJSON {
    if (this.memory === undefined) throw new NotFittedError('MemorizingClassifier');
    return {
      format: MemorizingClassifier.format,
      version: 1,
      params: { unseen: this.unseen },
      state: { memory: [...this.memory] },
    };
  }

  static fromJSON(json: ModelJSON): MemorizingClassifier {
    if (json.format !== MemorizingClassifier.format)
      throw new Error(`not a memorizing model: ${json.format}`);
    const m = new MemorizingClassifier((json.params as { unseen: number }).unseen);
    m.memory = new Map((json.state as { memory: [string, number][] }).memory);
    return m;
  }
}

/**
 * One-feature logistic regression p = 1 / (1 + exp(−(w·X[:, 0] + b))), fitted by Newton's method with a
 * small ridge (1e-6) on w, honouring sampleWeight: a realistic base model whose fold fits differ.
 */
export class LogisticScoreClassifier implements Classifier {
  static readonly format = 'test/logistic-score';
  coef: [number, number] | undefined;

  fit(X: Matrix, y: Float64Array, options?: FitOptions): this {
    const sw = options?.sampleWeight;
    let w = 0;
    let b = 0;
    for (let it = 0; it < 50; it++) {
      let gw = 1e-6 * w;
      let gb = 0;
      let hww = 1e-6;
      let hwb = 0;
      let hbb = 1e-12;
      for (let i = 0; i < X.rows; i++) {
        const x = X.data[i * X.cols];
        const p = 1 / (1 + Math.exp(-(w * x + b)));
        const s = sw ? sw[i] : 1;
        gw += s * (p - y[i]) * x;
        gb += s * (p - y[i]);
        const h = s * p * (1 - p);
        hww += h * x * x;
        hwb += h * x;
        hbb += h;
      }
      const det = hww * hbb - hwb * hwb;
      const dw = (hbb * gw - hwb * gb) / det;
      const db = (hww * gb - hwb * gw) / det;
      w -= dw;
      b -= db;
      if (Math.abs(dw) + Math.abs(db) < 1e-12) break;
    }
    this.coef = [w, b];
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    if (this.coef === undefined) throw new NotFittedError('LogisticScoreClassifier');
    const [w, b] = this.coef;
    return Float64Array.from({ length: X.rows }, (_, i) => 1 / (1 + Math.exp(-(w * X.data[i * X.cols] + b))));
  }

  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p > 0.5 ? 1 : 0));
  }

  getParams(): Record<string, unknown> {
    return {};
  }

  toJSON(): ModelJSON {
    if (this.coef === undefined) throw new NotFittedError('LogisticScoreClassifier');
    return { format: LogisticScoreClassifier.format, version: 1, params: {}, state: { coef: this.coef } };
  }

  static fromJSON(json: ModelJSON): LogisticScoreClassifier {
    if (json.format !== LogisticScoreClassifier.format)
      throw new Error(`not a logistic model: ${json.format}`);
    const m = new LogisticScoreClassifier();
    m.coef = (json.state as { coef: [number, number] }).coef;
    return m;
  }
}

/** Loads any of the test classifiers above by format (CalibratedClassifier.fromJSON's `loadBase`). */
export function loadTestClassifier(json: ModelJSON): Classifier {
  switch (json.format) {
    case FixedScoreClassifier.format:
      return FixedScoreClassifier.fromJSON(json);
    case MemorizingClassifier.format:
      return MemorizingClassifier.fromJSON(json);
    case LogisticScoreClassifier.format:
      return LogisticScoreClassifier.fromJSON(json);
    default:
      throw new Error(`unknown test model format ${json.format}`);
  }
}

/**
 * A tiny expanding-window splitter with sklearn TimeSeriesSplit(nSplits) semantics over the sorted
 * unique dates (every row of a date on one side); test-only stand-in for src/cv's timeSeriesSplit.
 */
export function expandingDateSplit(nSplits: number): Splitter {
  return {
    nSplits,
    split({ date }: SplitData): Split[] {
      const unique = [...new Set(date)].sort((a, b) => a - b);
      const rank = new Map(unique.map((d, k) => [d, k]));
      const nDates = unique.length;
      const testSize = Math.floor(nDates / (nSplits + 1));
      const out: Split[] = [];
      for (let k = 0; k < nSplits; k++) {
        const start = nDates - (nSplits - k) * testSize;
        const train: number[] = [];
        const test: number[] = [];
        date.forEach((d, i) => {
          const r = rank.get(d)!;
          if (r < start) train.push(i);
          else if (r < start + testSize) test.push(i);
        });
        out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
      }
      return out;
    },
  };
}

/** A splitter that returns fixed splits (for malformed-splitter tests). */
export function fixedSplitter(splits: { train: number[]; test: number[] }[]): Splitter {
  return {
    nSplits: splits.length,
    split: () => splits.map((s) => ({ train: Int32Array.from(s.train), test: Int32Array.from(s.test) })),
  };
}

/** A Matrix from rows of numbers. */
export function matrix(rows: number[][], columns?: string[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  return {
    data: Float64Array.from(rows.flat()),
    rows: rows.length,
    cols,
    columns: columns ?? Array.from({ length: cols }, (_, j) => `x${j}`),
  };
}
