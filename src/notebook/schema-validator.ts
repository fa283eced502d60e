/**
 * A small JSON Schema (draft-04) validator covering the keywords the nbformat schemas use: type, enum,
 * $ref (local `#/…` pointers), properties, additionalProperties, patternProperties, required, items,
 * minimum, maximum, pattern, minLength, maxLength, uniqueItems, oneOf, anyOf, allOf, not.
 * Annotations (description, title, $schema, default) and unknown keywords are ignored, as the
 * specification requires. Errors name the JSON pointer of the offending value.
 *
 * When no branch of a `oneOf` matches, the errors of the closest branch (fewest errors, then deepest) are reported,
 * so a bad output reads "…/outputs/0: unexpected property 'transient'" rather than "matches no schema".
 *
 * @see https://json-schema.org/draft-04/json-schema-validation
 */

/** A JSON Schema document or sub-schema (draft-04 subset). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  uniqueItems?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  [annotation: string]: unknown;
}

/** One violation: where (JSON pointer, '' = the root) and what. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** The validation keywords implemented here (everything else is an annotation). */
export const SUPPORTED_KEYWORDS = [
  'type',
  'enum',
  '$ref',
  'properties',
  'additionalProperties',
  'patternProperties',
  'required',
  'items',
  'minimum',
  'maximum',
  'pattern',
  'minLength',
  'maxLength',
  'uniqueItems',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
] as const;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return typeOf(value) === 'object';
    default:
      return typeOf(value) === type;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeOf(a) !== typeOf(b) || typeof a !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  return (
    ka.length === Object.keys(ob).length &&
    ka.every((k) => k in ob && deepEqual((a as Record<string, unknown>)[k], ob[k]))
  );
}

const pointer = (base: string, key: string | number): string =>
  `${base}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#')) throw new Error(`only local $ref pointers are supported, got ${ref}`);
  let node: unknown = root;
  for (const raw of ref
    .slice(1)
    .split('/')
    .filter((p) => p !== '')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined || typeof node !== 'object') throw new Error(`unresolvable $ref ${ref}`);
  return node as JsonSchema;
}

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) regexCache.set(source, (re = new RegExp(source, 'u')));
  return re;
}

function check(root: JsonSchema, schema: JsonSchema, value: unknown, at: string, out: SchemaIssue[]): void {
  if (schema.$ref !== undefined) return check(root, resolveRef(root, schema.$ref), value, at, out);
  const fail = (message: string): void => {
    out.push({ path: at, message });
  };
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t)))
      return fail(`expected ${types.join(' or ')}, got ${typeOf(value)} ${show(value)}`);
  }
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value)))
    fail(`expected one of ${schema.enum.map(show).join(', ')}, got ${show(value)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      fail(`expected ≥ ${schema.minimum}, got ${value}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      fail(`expected ≤ ${schema.maximum}, got ${value}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      fail(`expected at least ${schema.minLength} characters, got ${length}`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      fail(`expected at most ${schema.maxLength} characters, got ${length}`);
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value))
      fail(`${show(value)} does not match /${schema.pattern}/`);
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => check(root, schema.items!, item, pointer(at, i), out));
    if (schema.uniqueItems)
      value.forEach((item, i) => {
        if (value.findIndex((other) => deepEqual(other, item)) < i) fail(`duplicate item ${show(item)}`);
      });
  }
  if (typeOf(value) === 'object') checkObject(root, schema, value as Record<string, unknown>, at, out);
  if (schema.allOf) for (const s of schema.allOf) check(root, s, value, at, out);
  if (schema.anyOf) {
    const branches = schema.anyOf.map((s) => collect(root, s, value, at));
    if (!branches.some((b) => b.length === 0)) out.push(...closest(branches));
  }
  if (schema.oneOf) {
    const branches = schema.oneOf.map((s) => collect(root, s, value, at));
    const matching = branches.filter((b) => b.length === 0).length;
    if (matching === 0) out.push(...closest(branches));
    else if (matching > 1) fail(`matches ${matching} of the oneOf schemas, expected exactly one`);
  }
  if (schema.not && collect(root, schema.not, value, at).length === 0)
    fail(`must not match ${show(schema.not)}`);
}

function checkObject(
  root: JsonSchema,
  schema: JsonSchema,
  value: Record<string, unknown>,
  at: string,
  out: SchemaIssue[],
): void {
  for (const key of schema.required ?? [])
    if (!(key in value)) out.push({ path: at, message: `missing required property '${key}'` });
  const patterns = Object.entries(schema.patternProperties ?? {});
  for (const [key, child] of Object.entries(value)) {
    let matched = false;
    const sub = schema.properties?.[key];
    if (sub) {
      matched = true;
      check(root, sub, child, pointer(at, key), out);
    }
    for (const [pattern, s] of patterns)
      if (regex(pattern).test(key)) {
        matched = true;
        check(root, s, child, pointer(at, key), out);
      }
    if (matched) continue;
    if (schema.additionalProperties === false)
      out.push({ path: at, message: `unexpected property '${key}'` });
    else if (typeof schema.additionalProperties === 'object')
      check(root, schema.additionalProperties, child, pointer(at, key), out);
  }
}

function collect(root: JsonSchema, schema: JsonSchema, value: unknown, at: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  check(root, schema, value, at, out);
  return out;
}

/** The branch with the fewest errors; on a tie, the one that got deepest into the value. */
function closest(branches: SchemaIssue[][]): SchemaIssue[] {
  const depth = (issues: SchemaIssue[]) => Math.max(...issues.map((i) => i.path.split('/').length));
  return branches.reduce((best, b) =>
    b.length < best.length || (b.length === best.length && depth(b) > depth(best)) ? b : best,
  );
}

/**
 * Validates `value` against `schema` (whose `$ref`s resolve within `schema` itself).
 * @returns The violations, empty when valid.
 * @example validateJson({ type: 'integer', minimum: 4 }, 3) // → [{ path: '', message: 'expected ≥ 4, got 3' }]
 */
export function validateJson(schema: JsonSchema, value: unknown): SchemaIssue[] {
  return collect(schema, schema, value, '');
}
