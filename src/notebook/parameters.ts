/**
 * Notebook parameters, papermill's convention for TypeScript.
 *
 * ```
 *  cell tagged `parameters`            const symbol = 'SPY';  let window: number = 20;   (defaults)
 *  cell tagged `injected-parameters`   const symbol = "QQQ";  let window: number = 60;   (inserted right
 *                                      after it, replacing an earlier injected cell; at the top if none)
 * ```
 *
 * Each injected declaration repeats the default's keyword (`const`/`let`/`var`) and type annotation.
 * tslab compiles every cell against the declarations of the previous ones and lets a later cell
 * declare a name again (even `const`, even with another type), so the injected cell simply shadows
 * the defaults for every cell after it — the TypeScript counterpart of papermill re-assigning in Python.
 *
 * A value given as text (the CLI's `-p name value`) is typed by the declaration: a `number`,
 * `string`, `boolean` or JSON (arrays, objects, null) default or annotation decides; an undeclared
 * name is inferred (a JSON number → number, true/false → boolean, JSON object/array/null/"string" →
 * JSON, anything else → string) and injected anyway, with a warning naming it (as papermill warns).
 *
 * @see https://papermill.readthedocs.io/en/latest/usage-parameterize.html
 */
import { ParameterError } from '../util/errors.js';
import { cellSource, cellTags, newCellId, type CodeCell, type Notebook } from './nbformat.js';

/** A parameter value: anything JSON can hold (finite numbers only). */
export type ParameterValue =
  number | string | boolean | null | ParameterValue[] | { [key: string]: ParameterValue };

/** How a parameter's value is typed. */
export type ParameterKind = 'number' | 'string' | 'boolean' | 'json';

/** A declaration found in the parameters cell. */
export interface ParameterDeclaration {
  name: string;
  keyword: 'const' | 'let' | 'var';
  /** The type annotation, if any (`number` in `let n: number = 3`). */
  annotation?: string;
  /** The kind, from the annotation, else from the default's literal; undefined when neither says. */
  kind?: ParameterKind;
}

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_PARAMETERS_TAG = 'injected-parameters';

const DECLARATION =
  /^[ \t]*(?:export[ \t]+)?(const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*([^=\n]+?))?[ \t]*=[ \t]*(.*)$/gm;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function kindOfAnnotation(annotation: string): ParameterKind {
  const t = annotation.trim();
  if (t === 'number') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'string' || /^(['"`]).*\1(?:\s*\|\s*(['"`]).*\2)*$/.test(t)) return 'string';
  return 'json';
}

function kindOfLiteral(literal: string): ParameterKind | undefined {
  const t = literal.trim();
  if (/^[-+]?(?:\d|\.\d)/.test(t)) return 'number';
  if (/^['"`]/.test(t)) return 'string';
  if (/^(?:true|false)\b/.test(t)) return 'boolean';
  if (/^(?:[[{]|null\b)/.test(t)) return 'json';
  return undefined;
}

/** The `const`/`let`/`var` declarations of a parameters cell, one per statement start. */
export function parseParameterDeclarations(source: string): ParameterDeclaration[] {
  const out: ParameterDeclaration[] = [];
  for (const m of source.matchAll(DECLARATION)) {
    const annotation = m[3]?.trim();
    const kind = annotation ? kindOfAnnotation(annotation) : kindOfLiteral(m[4] ?? '');
    out.push({
      name: m[2],
      keyword: m[1] as ParameterDeclaration['keyword'],
      ...(annotation ? { annotation } : {}),
      ...(kind ? { kind } : {}),
    });
  }
  return out;
}

/**
 * Types a parameter given as text.
 * @param kind - From the declaration; undefined infers (see the file comment).
 * @throws ParameterError when the text is not a value of that kind, e.g.
 * `parameter 'window': expected a number, got 'abc'`.
 * @example parseParameterValue('window', '60', 'number') // → 60
 */
export function parseParameterValue(name: string, raw: string, kind?: ParameterKind): ParameterValue {
  const bad = (what: string) => new ParameterError(`parameter '${name}': expected ${what}, got '${raw}'`);
  switch (kind) {
    case 'string':
      return raw;
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'boolean':
      if (/^true$/i.test(raw)) return true;
      if (/^false$/i.test(raw)) return false;
      throw bad('true or false');
    case 'json':
      try {
        return JSON.parse(raw) as ParameterValue;
      } catch {
        throw bad('JSON');
      }
    default:
      if (JSON_NUMBER.test(raw)) return Number(raw);
      if (raw === 'true' || raw === 'false') return raw === 'true';
      if (/^\s*(?:[[{"]|null\s*$)/.test(raw))
        try {
          return JSON.parse(raw) as ParameterValue;
        } catch {
          return raw;
        }
      return raw;
  }
}

/** A TypeScript literal for a value (JSON is valid TypeScript). @throws ParameterError for non-JSON values. */
export function toTypeScriptLiteral(name: string, value: unknown): string {
  const check = (v: unknown, at: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v))
        throw new ParameterError(`parameter '${name}'${at}: expected a finite number, got ${v}`);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => check(x, `${at}[${i}]`));
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.entries(v).forEach(([k, x]) => check(x, `${at}.${k}`));
    throw new ParameterError(`parameter '${name}'${at}: expected a JSON value, got ${typeof v}`);
  };
  check(value, '');
  return JSON.stringify(value);
}

/** The index of the cell tagged `parameters`, or -1. */
export function findParametersCell(notebook: Notebook): number {
  return notebook.cells.findIndex((c) => c.cell_type === 'code' && cellTags(c).includes(PARAMETERS_TAG));
}

/** The declarations of the notebook's parameters cell (empty when it has none). */
export function declaredParameters(notebook: Notebook): ParameterDeclaration[] {
  const at = findParametersCell(notebook);
  return at < 0 ? [] : parseParameterDeclarations(cellSource(notebook.cells[at]));
}

/**
 * Types `-p name value` pairs by the notebook's declarations (see {@link parseParameterValue}).
 * @throws ParameterError for a value of the wrong kind.
 */
export function typeParameters(
  notebook: Notebook,
  raw: Iterable<readonly [string, string]>,
): Record<string, ParameterValue> {
  const kinds = new Map(declaredParameters(notebook).map((d) => [d.name, d.kind]));
  const out: Record<string, ParameterValue> = {};
  for (const [name, value] of raw) out[name] = parseParameterValue(name, value, kinds.get(name));
  return out;
}

/** The result of {@link injectParameters}. */
export interface Injection {
  /** A copy of the notebook with the injected cell (the input is not modified). */
  notebook: Notebook;
  /** Index of the injected cell, or undefined when there were no parameters. */
  index: number | undefined;
  /** Human-readable warnings: undeclared parameters, a missing parameters cell. */
  warnings: string[];
}

/**
 * Inserts the `injected-parameters` cell (see the file comment). An earlier injected cell is removed
 * first, so running an executed notebook again injects afresh.
 * @throws ParameterError for an invalid name or a non-JSON value.
 */
export function injectParameters(notebook: Notebook, parameters: Record<string, unknown>): Injection {
  const cells = notebook.cells.filter((c) => !cellTags(c).includes(INJECTED_PARAMETERS_TAG));
  const nb: Notebook = { ...notebook, cells };
  const names = Object.keys(parameters);
  if (names.length === 0) return { notebook: nb, index: undefined, warnings: [] };
  const at = findParametersCell(nb);
  const declared = new Map(
    (at < 0 ? [] : parseParameterDeclarations(cellSource(cells[at]))).map((d) => [d.name, d]),
  );
  const warnings: string[] = [];
  if (at < 0)
    warnings.push(`the notebook has no cell tagged '${PARAMETERS_TAG}': parameters injected at the top`);
  const lines = [
    '// Parameters injected by quantbook (papermill convention): they override the cell tagged `parameters`.',
  ];
  for (const name of names) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name))
      throw new ParameterError(`parameter name must be an identifier, got '${name}'`);
    const d = declared.get(name);
    if (!d && at >= 0)
      warnings.push(
        `parameter '${name}' is not declared in the parameters cell${declared.size ? ` (declared: ${[...declared.keys()].join(', ')})` : ''}`,
      );
    const annotation = d?.annotation ? `: ${d.annotation}` : '';
    lines.push(
      `${d?.keyword ?? 'const'} ${name}${annotation} = ${toTypeScriptLiteral(name, parameters[name])};`,
    );
  }
  const cell: CodeCell = {
    id: newCellId(),
    cell_type: 'code',
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    source: lines.join('\n'),
    outputs: [],
    execution_count: null,
  };
  const index = at + 1;
  cells.splice(index, 0, cell);
  return { notebook: nb, index, warnings };
}
