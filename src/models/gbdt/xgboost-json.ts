/**
 * XGBoost's JSON model format — what `Booster.save_model('m.json')` writes since 1.0 (schema of 1.7):
 *
 * ```
 *  { learner: { attributes: {}, feature_names: [], feature_types: [],
 *               gradient_booster: { name: 'gbtree', model: { gbtree_model_param: { num_parallel_tree, num_trees, size_leaf_vector },
 *                                                            tree_info: [0, …], trees: [tree…] } },
 *               learner_model_param: { base_score: '5E-1', boost_from_average, num_class: '0', num_feature, num_target: '1' },
 *               objective: { name: 'binary:logistic', reg_loss_param: { scale_pos_weight: '1' } } },
 *    version: [1, 7, 4] }
 *  tree: { base_weights, categories…: [], default_left, id, left_children, loss_changes, parents,
 *          right_children, split_conditions, split_indices, split_type, sum_hessian,
 *          tree_param: { num_deleted, num_feature, num_nodes, size_leaf_vector } }
 * ```
 * Parameters are strings; float arrays must be written with a '.' or an exponent (XGBoost's JSON
 * reader types `0` as an integer and refuses it where a float is expected), so the writer formats
 * the text itself. `base_score` is in target space (a probability for logistic objectives).
 * @see https://xgboost.readthedocs.io/en/stable/tutorials/saving_model.html (json schema)
 */
import { DataFormatError } from '../../util/errors.js';
import { formatFloat32, shortestFloat32 } from './float32.js';
import type { ObjectiveName } from './objectives.js';
import { treeStructureProblem, type Tree } from './tree.js';

/** What an XGBoost model file holds, in quantbook's terms. */
export interface XGBoostModel {
  objective: ObjectiveName;
  /** Float32 base score in target space. */
  baseScore: number;
  nFeatures: number;
  /** Feature names, or null when the file has none. */
  featureNames: string[] | null;
  trees: Tree[];
  scalePosWeight: number;
  huberSlope: number;
}

/** XGBoost's version this writer follows. */
export const XGBOOST_JSON_VERSION = [1, 7, 4] as const;

const INVALID_PARENT = 2147483647;

const ints = (a: ArrayLike<number>): string => `[${Array.from(a).join(',')}]`;
const floats = (a: ArrayLike<number>): string => `[${Array.from(a, formatFloat32).join(',')}]`;
const str = (v: string | number): string => JSON.stringify(String(v));

/** Nodes not reachable from the root: XGBoost's deleted nodes (left behind by pruning). */
function countDeleted(t: Tree): number {
  const seen = new Uint8Array(t.left.length);
  const stack = [0];
  let reached = 0;
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen[i]) continue;
    seen[i] = 1;
    reached++;
    if (t.left[i] !== -1) stack.push(t.left[i], t.right[i]);
  }
  return t.left.length - reached;
}

function treeJSON(t: Tree, id: number, nFeatures: number): string {
  const n = t.left.length;
  const zeros = new Array<number>(n).fill(0);
  const parents = Array.from(t.parent, (p) => (p < 0 ? INVALID_PARENT : p));
  return (
    `{"base_weights":${floats(t.baseWeight)},"categories":[],"categories_nodes":[],"categories_segments":[],` +
    `"categories_sizes":[],"default_left":${ints(t.defaultLeft)},"id":${id},"left_children":${ints(t.left)},` +
    `"loss_changes":${floats(t.lossChange)},"parents":${ints(parents)},"right_children":${ints(t.right)},` +
    `"split_conditions":${floats(t.threshold)},"split_indices":${ints(t.feature)},"split_type":${ints(zeros)},` +
    `"sum_hessian":${floats(t.sumHessian)},"tree_param":{"num_deleted":${str(countDeleted(t))},` +
    `"num_feature":${str(nFeatures)},` +
    `"num_nodes":${str(n)},"size_leaf_vector":"0"}}`
  );
}

/**
 * The model as the text of an XGBoost JSON model file.
 *
 * @param m - The model.
 * @param withFeatureNames - Write `feature_names` (XGBoost then insists that the DMatrix carries the same names).
 */
export function writeXGBoostJSON(m: XGBoostModel, withFeatureNames = false): string {
  const objective =
    m.objective === 'reg:pseudohubererror'
      ? `{"name":"reg:pseudohubererror","pseudo_huber_param":{"huber_slope":${str(shortestFloat32(m.huberSlope))}}}`
      : `{"name":${str(m.objective)},"reg_loss_param":{"scale_pos_weight":${str(shortestFloat32(m.scalePosWeight))}}}`;
  const names = withFeatureNames && m.featureNames ? JSON.stringify(m.featureNames) : '[]';
  const types = withFeatureNames && m.featureNames ? JSON.stringify(m.featureNames.map(() => 'float')) : '[]';
  return (
    `{"learner":{"attributes":{},"feature_names":${names},"feature_types":${types},` +
    `"gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":${str(m.trees.length)},` +
    `"size_leaf_vector":"0"},"tree_info":${ints(new Array<number>(m.trees.length).fill(0))},` +
    `"trees":[${m.trees.map((t, i) => treeJSON(t, i, m.nFeatures)).join(',')}]},"name":"gbtree"},` +
    `"learner_model_param":{"base_score":${str(shortestFloat32(m.baseScore))},"boost_from_average":"1",` +
    `"num_class":"0","num_feature":${str(m.nFeatures)},"num_target":"1"},"objective":${objective}},` +
    `"version":${ints(XGBOOST_JSON_VERSION)}}`
  );
}

/** XGBoost objective names quantbook reads, and what they become. */
const KNOWN_OBJECTIVES: Record<string, ObjectiveName> = {
  'binary:logistic': 'binary:logistic',
  'reg:logistic': 'binary:logistic',
  'reg:squarederror': 'reg:squarederror',
  'reg:linear': 'reg:squarederror',
  'reg:pseudohubererror': 'reg:pseudohubererror',
};

type Json = Record<string, unknown>;

const fail = (msg: string): never => {
  throw new DataFormatError(`fromXGBoostJSON: ${msg}`, {
    hint: 'Pass the JSON written by XGBoost’s Booster.save_model("model.json") (gbtree, binary:logistic or reg:squarederror)',
  });
};

function obj(v: unknown, where: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return fail(`${where} is missing or not an object`);
  return v as Json;
}

function numArray(v: unknown, where: string, n: number): number[] {
  if (!Array.isArray(v)) return fail(`${where} is missing or not an array`);
  if (v.length !== n) return fail(`${where} has ${v.length} entries, num_nodes is ${n}`);
  for (let i = 0; i < n; i++)
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i]))
      return fail(`${where}[${i}] must be a finite number, got ${JSON.stringify(v[i])}`);
  return v as number[];
}

function numParam(v: unknown, where: string): number {
  const s = typeof v === 'string' ? v.replace(/^\[|\]$/g, '') : v; // XGBoost 2 writes base_score as "[5E-1]"
  const x = typeof s === 'number' ? s : typeof s === 'string' && s.trim() !== '' ? Number(s) : NaN;
  if (!Number.isFinite(x)) return fail(`${where} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

function parseTree(raw: unknown, k: number, nFeatures: number): Tree {
  const t = obj(raw, `trees[${k}]`);
  const n = numParam(
    obj(t.tree_param, `trees[${k}].tree_param`).num_nodes,
    `trees[${k}].tree_param.num_nodes`,
  );
  if (!Number.isInteger(n) || n < 1)
    fail(`trees[${k}].tree_param.num_nodes must be an integer ≥ 1, got ${n}`);
  const arr = (name: string): number[] => numArray(t[name], `trees[${k}].${name}`, n);
  const left = arr('left_children');
  const right = arr('right_children');
  const feature = arr('split_indices');
  const cond = arr('split_conditions');
  const dl = arr('default_left');
  const opt = (name: string): number[] => (t[name] === undefined ? new Array<number>(n).fill(0) : arr(name));
  const splitType = opt('split_type');
  const parents = opt('parents');
  for (let i = 0; i < n; i++)
    if (left[i] !== -1 && splitType[i] !== 0)
      fail(`trees[${k}] node ${i} is a categorical split, which quantbook does not support`);
  const problem = treeStructureProblem(left, right, feature, nFeatures);
  if (problem !== null) fail(`trees[${k}]: ${problem}`);
  return {
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    parent: Int32Array.from(parents, (p) => (p === INVALID_PARENT || p < 0 ? -1 : p)),
    feature: Int32Array.from(feature), // leaves keep theirs (XGBoost's pruned and deleted nodes carry one)
    threshold: Float32Array.from(cond),
    defaultLeft: Uint8Array.from(dl, (d) => (d ? 1 : 0)),
    baseWeight: Float32Array.from(opt('base_weights')),
    lossChange: Float32Array.from(opt('loss_changes')),
    sumHessian: Float32Array.from(opt('sum_hessian')),
  };
}

/**
 * Reads an XGBoost JSON model (gbtree; binary:logistic, reg:logistic, reg:squarederror, reg:linear,
 * reg:pseudohubererror; numerical splits).
 *
 * @param json - The file's text, or its parsed value.
 * @throws DataFormatError naming the problem: unparseable text, a missing field, an unknown objective,
 *   a multi-class or multi-target model, a non-gbtree booster, a categorical split, a malformed tree.
 */
export function readXGBoostJSON(json: string | object): XGBoostModel {
  let root: unknown = json;
  if (typeof json === 'string') {
    try {
      root = JSON.parse(json);
    } catch (err) {
      fail(`not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const learner = obj(obj(root, 'the model').learner, 'learner');
  const objective = obj(learner.objective, 'learner.objective');
  const name =
    typeof objective.name === 'string' ? objective.name : fail('learner.objective.name is missing');
  const mapped = KNOWN_OBJECTIVES[name];
  if (mapped === undefined)
    fail(`unknown objective ${JSON.stringify(name)}; supported: ${Object.keys(KNOWN_OBJECTIVES).join(', ')}`);
  const mp = obj(learner.learner_model_param, 'learner.learner_model_param');
  const nFeatures = numParam(mp.num_feature, 'learner_model_param.num_feature');
  if (!Number.isInteger(nFeatures) || nFeatures < 1)
    fail(`num_feature must be an integer ≥ 1, got ${nFeatures}`);
  const numClass = mp.num_class === undefined ? 0 : numParam(mp.num_class, 'learner_model_param.num_class');
  if (numClass > 1) fail(`num_class is ${numClass}; only binary and regression models are supported`);
  const numTarget =
    mp.num_target === undefined ? 1 : numParam(mp.num_target, 'learner_model_param.num_target');
  if (numTarget !== 1) fail(`num_target is ${numTarget}; only single-target models are supported`);
  const baseScore = Math.fround(numParam(mp.base_score, 'learner_model_param.base_score'));
  const gb = obj(learner.gradient_booster, 'learner.gradient_booster');
  if (gb.name !== 'gbtree') fail(`booster ${JSON.stringify(gb.name)} is not supported (only gbtree)`);
  const model = obj(gb.model, 'learner.gradient_booster.model');
  if (!Array.isArray(model.trees)) fail('learner.gradient_booster.model.trees is missing');
  const rawTrees = model.trees as unknown[];
  const declared =
    model.gbtree_model_param === undefined
      ? rawTrees.length
      : numParam(
          obj(model.gbtree_model_param, 'gbtree_model_param').num_trees,
          'gbtree_model_param.num_trees',
        );
  if (declared !== rawTrees.length)
    fail(`gbtree_model_param.num_trees is ${declared} but there are ${rawTrees.length} trees`);
  const trees = rawTrees.map((t, k) => parseTree(t, k, nFeatures));
  const names =
    Array.isArray(learner.feature_names) && learner.feature_names.length === nFeatures
      ? (learner.feature_names as unknown[]).map(String)
      : null;
  const rlp =
    objective.reg_loss_param === undefined ? {} : obj(objective.reg_loss_param, 'objective.reg_loss_param');
  const php =
    objective.pseudo_huber_param === undefined
      ? {}
      : obj(objective.pseudo_huber_param, 'objective.pseudo_huber_param');
  return {
    objective: mapped,
    baseScore,
    nFeatures,
    featureNames: names,
    trees,
    scalePosWeight:
      rlp.scale_pos_weight === undefined ? 1 : numParam(rlp.scale_pos_weight, 'scale_pos_weight'),
    huberSlope: php.huber_slope === undefined ? 1 : numParam(php.huber_slope, 'huber_slope'),
  };
}
