/**
 * Model names, semantic versions and model references (`name`, `name@1.2.3`, `name@champion`,
 * `name@latest`) — checked before any path is built from them, so a name can never leave the registry
 * root (`..`, `/`, `\`, NUL, a leading dot or dash are all refused).
 */
import { ParameterError } from '../util/errors.js';

/** A model name: a letter or digit, then letters, digits, `.`, `_` or `-`; at most 100 characters; no `..`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Names that would collide with the registry's own files. */
const RESERVED = new Set(['runs.parquet', 'champion.json']);
/** MAJOR.MINOR.PATCH without leading zeros (SemVer 2.0.0 §2; no pre-release or build part). */
const VERSION = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

/** The version a model's first save gets. */
export const FIRST_VERSION = '1.0.0';

/**
 * Checks a model name and returns it.
 *
 * @throws ParameterError echoing the name: empty, longer than 100 characters, `..`, a path separator or
 *   any character outside `[A-Za-z0-9._-]`, a leading `.` or `-`, or a reserved name.
 * @example checkModelName('direction-5d') // 'direction-5d'
 */
export function checkModelName(name: unknown): string {
  if (typeof name !== 'string') throw new ParameterError(`model name must be a string, got ${typeof name}`);
  if (!NAME.test(name) || name.includes('..') || RESERVED.has(name))
    throw new ParameterError(
      `model name ${JSON.stringify(name)} is not allowed: use 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'`,
    );
  return name;
}

/** `'1.2.3'` → `[1, 2, 3]`. @throws ParameterError echoing anything that is not MAJOR.MINOR.PATCH. */
export function parseVersion(version: unknown): [number, number, number] {
  const m = typeof version === 'string' ? VERSION.exec(version) : null;
  if (!m)
    throw new ParameterError(
      `model version must be MAJOR.MINOR.PATCH (e.g. 1.0.2), got ${JSON.stringify(version)}`,
    );
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** True for a valid MAJOR.MINOR.PATCH string. */
export function isVersion(version: string): boolean {
  return VERSION.test(version);
}

/** Semantic-version order: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The next patch version after the highest of `existing`, or {@link FIRST_VERSION}. @example nextPatch(['1.0.0', '1.0.9', '1.0.10']) // '1.0.11' */
export function nextPatch(existing: readonly string[]): string {
  if (existing.length === 0) return FIRST_VERSION;
  const top = [...existing].sort(compareVersions).at(-1)!;
  const [major, minor, patch] = parseVersion(top);
  return `${major}.${minor}.${patch + 1}`;
}

/** Which version of a model to use: a version (`'1.2.3'`), `'champion'` or `'latest'`. */
export type VersionRef = string;

/** A parsed `name[@ref]`. */
export interface ModelRef {
  name: string;
  /** A version, `'champion'` or `'latest'`. */
  ref: VersionRef;
  /** Whether the text named the ref (`false`: `name` alone, which means the champion). */
  explicit: boolean;
}

/**
 * Parses `name`, `name@1.2.3`, `name@champion` or `name@latest`; a bare name means the champion.
 *
 * @throws ParameterError echoing a bad name or ref.
 * @example parseModelRef('dir5@1.0.2') // { name: 'dir5', ref: '1.0.2', explicit: true }
 */
export function parseModelRef(text: string): ModelRef {
  const at = text.lastIndexOf('@');
  const name = checkModelName(at < 0 ? text : text.slice(0, at));
  if (at < 0) return { name, ref: 'champion', explicit: false };
  const ref = text.slice(at + 1);
  if (ref !== 'champion' && ref !== 'latest') parseVersion(ref);
  return { name, ref, explicit: true };
}
