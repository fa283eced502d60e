/**
 * Finding a kernel to start: Jupyter kernelspecs (`<data dir>/kernels/<name>/kernel.json`), or tslab
 * itself, started directly with the running Node.js (`node <tslab>/bin/tslab kernel --config-path …`).
 *
 * ```
 * resolveKernelSpec(name)
 *   1. kernelspec: $JUPYTER_PATH…, $JUPYTER_DATA_DIR (~/.local/share/jupyter), /usr/local/share/jupyter,
 *      /usr/share/jupyter — each + /kernels/<name>/kernel.json (jupyter_core's order)
 *   2. name 'tslab' or 'jslab': the tslab package resolvable from the notebook's folder, else from quantbook's
 *   3. otherwise KernelSpecNotFoundError telling how to install it
 * ```
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '../util/errors.js';

/** A kernelspec (kernel.json) plus where it was found. */
export interface KernelSpec {
  /** Kernel name (the kernelspec directory's name). */
  name: string;
  /** Command line; `{connection_file}` and `{resource_dir}` are substituted. */
  argv: string[];
  display_name: string;
  language: string;
  /** 'signal' (SIGINT to the kernel's process group, the default) or 'message' (interrupt_request). */
  interrupt_mode?: 'signal' | 'message';
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** The kernelspec directory, or the tslab package directory for a direct start. */
  resource_dir: string;
}

/** No kernelspec and no tslab package for a kernel name. */
export class KernelSpecNotFoundError extends NotFoundError {
  readonly kernelName: string;
  constructor(name: string, searched: readonly string[]) {
    super(`no Jupyter kernelspec named '${name}' (searched ${searched.join(', ')})`, {
      hint:
        name === 'tslab' || name === 'jslab'
          ? 'Install the kernel with `npm install --save-dev tslab` (then optionally `npx tslab install` to register it with Jupyter)'
          : `Install the kernel named in the notebook's metadata.kernelspec, or pass a kernel (e.g. --kernel tslab)`,
    });
    this.kernelName = name;
  }
}

/** Jupyter's kernelspec directories, in jupyter_core's search order. */
export function kernelSearchPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = (env.JUPYTER_PATH ?? '').split(path.delimiter).filter((p) => p !== '');
  roots.push(env.JUPYTER_DATA_DIR ?? path.join(env.HOME ?? os.homedir(), '.local', 'share', 'jupyter'));
  if (process.platform !== 'win32') roots.push('/usr/local/share/jupyter', '/usr/share/jupyter');
  return [...new Set(roots.map((r) => path.join(r, 'kernels')))];
}

/** Reads `<dir>/kernel.json`. @throws NotFoundError when it is not a usable kernelspec. */
export function readKernelSpec(dir: string): KernelSpec {
  const file = path.join(dir, 'kernel.json');
  let json: Partial<KernelSpec>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KernelSpec>;
  } catch (err) {
    throw new NotFoundError(`unreadable kernelspec: ${(err as Error).message}`, { file });
  }
  if (!Array.isArray(json.argv) || json.argv.length === 0 || !json.argv.every((a) => typeof a === 'string'))
    throw new NotFoundError('kernelspec without an argv array of strings', { file });
  return {
    name: path.basename(dir),
    argv: json.argv,
    display_name: json.display_name ?? path.basename(dir),
    language: json.language ?? '',
    ...(json.interrupt_mode ? { interrupt_mode: json.interrupt_mode } : {}),
    ...(json.env ? { env: json.env } : {}),
    resource_dir: dir,
  };
}

/** The kernelspec named `name` (case-insensitive, as Jupyter), or undefined. */
export function findKernelSpec(name: string, env: NodeJS.ProcessEnv = process.env): KernelSpec | undefined {
  for (const dir of kernelSearchPaths(env)) {
    const spec = path.join(dir, name.toLowerCase());
    if (fs.existsSync(path.join(spec, 'kernel.json'))) return readKernelSpec(spec);
  }
  return undefined;
}

/**
 * A spec that starts tslab directly on this Node.js: `node <tslab>/bin/tslab kernel --config-path
 * {connection_file} [--js]`, tslab being resolved from each of `from` in turn (its node_modules and
 * their ancestors), then from quantbook's own location. Undefined when tslab is not installed.
 */
export function tslabKernelSpec(
  options: { js?: boolean; from?: readonly string[] } = {},
): KernelSpec | undefined {
  const bases = [...(options.from ?? []), path.dirname(fileURLToPath(import.meta.url))];
  for (const base of bases) {
    let pkg: string;
    try {
      pkg = createRequire(path.join(path.resolve(base), 'noop.js')).resolve('tslab/package.json');
    } catch {
      continue;
    }
    const dir = path.dirname(pkg);
    return {
      name: options.js ? 'jslab' : 'tslab',
      argv: [
        process.execPath,
        path.join(dir, 'bin', 'tslab'),
        'kernel',
        '--config-path',
        '{connection_file}',
        ...(options.js ? ['--js'] : []),
      ],
      display_name: options.js ? 'JavaScript' : 'TypeScript',
      language: options.js ? 'javascript' : 'typescript',
      interrupt_mode: 'signal',
      resource_dir: dir,
    };
  }
  return undefined;
}

/**
 * The kernel to start for `name`: its kernelspec, else (for tslab/jslab) tslab started directly.
 * @param from - Folders to resolve tslab from (the notebook's folder first).
 * @throws KernelSpecNotFoundError naming the searched folders and how to install the kernel.
 */
export function resolveKernelSpec(
  name: string,
  options: { env?: NodeJS.ProcessEnv; from?: readonly string[] } = {},
): KernelSpec {
  const spec = findKernelSpec(name, options.env);
  if (spec) return spec;
  if (name === 'tslab' || name === 'jslab') {
    const direct = tslabKernelSpec({ js: name === 'jslab', ...(options.from ? { from: options.from } : {}) });
    if (direct) return direct;
  }
  throw new KernelSpecNotFoundError(name, kernelSearchPaths(options.env));
}
