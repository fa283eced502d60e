/**
 * The champion pointer, `<root>/<name>/champion.json`: which version serves, and the history of every
 * promotion and rollback. It is rewritten whole (temp file + rename) under the model's lock, so readers
 * see the old pointer or the new one and two writers never lose each other's history.
 *
 * ```
 *  history (append-only): promote 1.0.0 · promote 1.0.3 · promote 1.0.4 · rollback → 1.0.3
 *  replayed as a stack:   [1.0.0] · [1.0.0, 1.0.3] · [1.0.0, 1.0.3, 1.0.4] · [1.0.0, 1.0.3]   champion = top
 * ```
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ParameterError } from '../util/errors.js';
import { ModelArtifactError } from './errors.js';
import { withLock, type LockOptions } from './lock.js';
import { isVersion } from './names.js';

/** One change of champion. */
export interface ChampionEvent {
  action: 'promote' | 'rollback';
  /** The champion after the event. */
  version: string;
  /** The champion before it (null: none). */
  previous: string | null;
  /** ISO-8601 UTC. */
  at: string;
  reason: string;
}

/** champion.json. */
export interface ChampionPointer {
  schema: 'quantbook/champion';
  name: string;
  /** The serving version, null before the first promotion. */
  champion: string | null;
  updated_at: string;
  history: ChampionEvent[];
}

export const POINTER_FILE = 'champion.json';

/** The champions still on the stack after replaying `history` (oldest first; the last is the champion). */
export function championStack(history: readonly ChampionEvent[]): string[] {
  const stack: string[] = [];
  for (const e of history) {
    if (e.action === 'promote') stack.push(e.version);
    else stack.pop();
  }
  return stack;
}

/**
 * Reads a model's champion pointer; null when it has none yet.
 *
 * @throws ModelArtifactError ('corrupt') when champion.json is not a valid pointer: which version is
 *   approved is then unknown, and the registry refuses to guess.
 */
export function readChampion(modelDir: string, name: string): ChampionPointer | null {
  const file = path.join(modelDir, POINTER_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const fail = (why: string, cause?: unknown) =>
    new ModelArtifactError({ model: name, artifact: POINTER_FILE, problem: 'corrupt' }, why, {
      file,
      hint: `Name a version explicitly (${name}@1.2.3), or promote one again to rewrite the pointer`,
      cause,
    });
  let p: Partial<ChampionPointer>;
  try {
    p = JSON.parse(text) as Partial<ChampionPointer>;
  } catch (err) {
    throw fail(`not JSON (${(err as Error).message})`, err);
  }
  const okHistory =
    Array.isArray(p.history) &&
    p.history.every(
      (e) =>
        (e.action === 'promote' || e.action === 'rollback') &&
        typeof e.version === 'string' &&
        isVersion(e.version),
    );
  if (p.schema !== 'quantbook/champion' || !okHistory)
    throw fail('not a champion pointer ({ schema: "quantbook/champion", champion, history })');
  const top = championStack(p.history!).at(-1) ?? null;
  if (p.champion !== top)
    throw fail(`champion ${String(p.champion)} disagrees with its history (${String(top)})`);
  return p as ChampionPointer;
}

function write(modelDir: string, name: string, history: ChampionEvent[], at: string): ChampionPointer {
  const pointer: ChampionPointer = {
    schema: 'quantbook/champion',
    name,
    champion: championStack(history).at(-1) ?? null,
    updated_at: at,
    history,
  };
  writeFileAtomic(path.join(modelDir, POINTER_FILE), `${JSON.stringify(pointer, null, 2)}\n`);
  return pointer;
}

/**
 * Makes `version` the champion (under the model's lock), after `check(version)` — which should throw
 * when the version cannot be served. Promoting the current champion changes nothing.
 */
export function promoteVersion(
  modelDir: string,
  name: string,
  version: string,
  check: (version: string) => void,
  options: { reason?: string; now?: Date; lock?: LockOptions } = {},
): ChampionPointer {
  return withLock(
    path.join(modelDir, '.lock'),
    () => {
      const current = readChampion(modelDir, name);
      if (current?.champion === version) return current;
      check(version);
      const at = (options.now ?? new Date()).toISOString();
      const event: ChampionEvent = {
        action: 'promote',
        version,
        previous: current?.champion ?? null,
        at,
        reason: options.reason ?? '',
      };
      return write(modelDir, name, [...(current?.history ?? []), event], at);
    },
    options.lock,
  );
}

/**
 * Restores the champion that preceded the current one (under the model's lock).
 *
 * @throws ParameterError when there is no earlier champion to return to.
 */
export function rollbackChampion(
  modelDir: string,
  name: string,
  options: { reason?: string; now?: Date; lock?: LockOptions } = {},
): ChampionPointer {
  return withLock(
    path.join(modelDir, '.lock'),
    () => {
      const current = readChampion(modelDir, name);
      const stack = championStack(current?.history ?? []);
      if (stack.length < 2)
        throw new ParameterError(
          `rollback: model ${name} has ${stack.length === 0 ? 'no champion' : `only one champion (${stack[0]})`} to roll back from`,
        );
      const at = (options.now ?? new Date()).toISOString();
      const event: ChampionEvent = {
        action: 'rollback',
        version: stack[stack.length - 2],
        previous: stack[stack.length - 1],
        at,
        reason: options.reason ?? '',
      };
      return write(modelDir, name, [...current!.history, event], at);
    },
    options.lock,
  );
}
