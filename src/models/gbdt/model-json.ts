/**
 * quantbook's own serialized form of a GBDT (`format: 'quantbook/gbdt'`, version 1):
 *
 * ```
 *  { format, version: 1, params: GBDTParams,
 *    state: { kind: 'classifier' | 'regressor', objective, nFeatures, featureNames, baseScore,
 *             rounds, bestIteration, bestScore, evalMetric, evalHistory,
 *             trees: [{ left, right, feature, threshold, defaultLeft, baseWeight, lossChange, sumHessian }] } }
 * ```
 * Float32 values are written as their shortest decimal and read back with `Math.fround`, so
 * `fromJSON(toJSON(m))` predicts bit-identically and serializes to the same text.
 */
import type { ModelJSON } from '../../types.js';
import { DataFormatError } from '../../util/errors.js';
import type { EvalMetric } from './eval-metrics.js';
import { shortestFloat32 } from './float32.js';
import { OBJECTIVES, type ObjectiveName } from './objectives.js';
import type { GBDTParams } from './params.js';
import { treeStructureProblem, type Tree } from './tree.js';

export const GBDT_FORMAT = 'quantbook/gbdt';
export const GBDT_FORMAT_VERSION = 1;

/** One tree in JSON: parallel arrays (see tree.ts). */
export interface TreeJSON {
  left: number[];
  right: number[];
  feature: number[];
  threshold: number[];
  defaultLeft: number[];
  baseWeight: number[];
  lossChange: number[];
  sumHessian: number[];
}

/** The fitted state of a GBDT in JSON. */
export interface GBDTState {
  kind: 'classifier' | 'regressor';
  objective: ObjectiveName;
  nFeatures: number;
  featureNames: string[];
  /** Float32 base score in target space (a probability for the classifier). */
  baseScore: number;
  rounds: number;
  bestIteration: number | null;
  bestScore: number | null;
  evalMetric: EvalMetric | null;
  evalHistory: number[] | null;
  trees: TreeJSON[];
}

export type GBDTJSON = ModelJSON<GBDTParams, GBDTState>;

const f32 = (a: Float32Array): number[] => Array.from(a, shortestFloat32);

/** A tree as JSON arrays. */
export function treeToJSON(t: Tree): TreeJSON {
  return {
    left: Array.from(t.left),
    right: Array.from(t.right),
    feature: Array.from(t.feature),
    threshold: f32(t.threshold),
    defaultLeft: Array.from(t.defaultLeft),
    baseWeight: f32(t.baseWeight),
    lossChange: f32(t.lossChange),
    sumHessian: f32(t.sumHessian),
  };
}

const fail = (msg: string): never => {
  throw new DataFormatError(`GBDT.fromJSON: ${msg}`, {
    hint: 'Pass the object written by toJSON() of a GBDT model',
  });
};

function numbers(v: unknown, where: string, n: number): number[] {
  if (!Array.isArray(v) || v.length !== n)
    return fail(
      `${where} must be an array of ${n} numbers, got ${Array.isArray(v) ? `${v.length} entries` : typeof v}`,
    );
  for (let i = 0; i < n; i++)
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i]))
      fail(`${where}[${i}] must be a finite number, got ${JSON.stringify(v[i])}`);
  return v as number[];
}

/** A tree from JSON arrays, validated. */
export function treeFromJSON(raw: unknown, k: number, nFeatures: number): Tree {
  if (typeof raw !== 'object' || raw === null) return fail(`state.trees[${k}] must be an object`);
  const t = raw as Record<string, unknown>;
  const n = Array.isArray(t.left) ? t.left.length : 0;
  if (n < 1) fail(`state.trees[${k}].left must be a non-empty array`);
  const a = (name: keyof TreeJSON): number[] => numbers(t[name], `state.trees[${k}].${name}`, n);
  const left = a('left');
  const right = a('right');
  const feature = a('feature');
  const problem = treeStructureProblem(left, right, feature, nFeatures);
  if (problem !== null) fail(`state.trees[${k}]: ${problem}`);
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (left[i] !== -1) parent[left[i]] = parent[right[i]] = i;
  return {
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    parent,
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(a('threshold')),
    defaultLeft: Uint8Array.from(a('defaultLeft'), (d) => (d ? 1 : 0)),
    baseWeight: Float32Array.from(a('baseWeight')),
    lossChange: Float32Array.from(a('lossChange')),
    sumHessian: Float32Array.from(a('sumHessian')),
  };
}

/**
 * Checks the envelope and state of a serialized GBDT and returns its trees.
 *
 * @throws DataFormatError for another format or version, a wrong kind, or a malformed state.
 */
export function readGBDTJSON(
  json: unknown,
  kind: 'classifier' | 'regressor' | null,
): { state: GBDTState; trees: Tree[]; params: unknown } {
  if (typeof json !== 'object' || json === null)
    return fail(`expected an object, got ${json === null ? 'null' : typeof json}`);
  const j = json as Partial<GBDTJSON>;
  if (j.format !== GBDT_FORMAT)
    fail(`format is ${JSON.stringify(j.format)}, expected ${JSON.stringify(GBDT_FORMAT)}`);
  if (j.version !== GBDT_FORMAT_VERSION)
    fail(`version ${JSON.stringify(j.version)} is not supported (expected ${GBDT_FORMAT_VERSION})`);
  const s = j.state;
  if (typeof s !== 'object' || s === null) return fail('state is missing');
  if (s.kind !== 'classifier' && s.kind !== 'regressor')
    fail(`state.kind must be 'classifier' or 'regressor', got ${JSON.stringify(s.kind)}`);
  if (kind !== null && s.kind !== kind) fail(`this is a ${s.kind} model, not a ${kind}`);
  if (!OBJECTIVES.includes(s.objective))
    fail(`unknown objective ${JSON.stringify(s.objective)}; known: ${OBJECTIVES.join(', ')}`);
  if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1)
    fail(`state.nFeatures must be an integer ≥ 1, got ${JSON.stringify(s.nFeatures)}`);
  if (!Array.isArray(s.featureNames) || s.featureNames.length !== s.nFeatures)
    fail(`state.featureNames must list ${s.nFeatures} names`);
  if (typeof s.baseScore !== 'number' || !Number.isFinite(s.baseScore))
    fail(`state.baseScore must be a finite number, got ${JSON.stringify(s.baseScore)}`);
  if (!Array.isArray(s.trees)) fail('state.trees is missing');
  const trees = s.trees.map((t, k) => treeFromJSON(t, k, s.nFeatures));
  return { state: s, trees, params: j.params };
}
