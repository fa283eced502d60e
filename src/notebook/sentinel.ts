/**
 * No orphan kernels. Each kernel runs in a process group of its own (so that SIGINT interrupts it and
 * not the client, and SIGKILL of the group takes its children too). Two guards kill the groups still
 * registered when the client goes away:
 *
 * ```
 *  client exits normally / throws  ──▶ process 'exit' hook: SIGKILL every registered group (synchronous)
 *  client killed (SIGKILL, OOM…)   ──▶ sentinel: a tiny detached `node -e` child reading "+pgid"/"-pgid"
 *                                      lines on its stdin; EOF (the client's end closed) → SIGKILL them all
 * ```
 *
 * One sentinel serves every kernel of a client process; it is started lazily and never keeps the
 * client's event loop alive. POSIX only (on Windows only the exit hook runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

const SENTINEL_SOURCE = `
const groups = new Set();
let buf = '';
const killAll = () => {
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  process.exit(0);
};
process.on('SIGINT', () => {});
process.on('SIGTERM', killAll);
process.on('SIGHUP', killAll);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d;
  for (let i = buf.indexOf('\\n'); i >= 0; i = buf.indexOf('\\n')) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    const pid = Number(line.slice(1));
    if (line[0] === '+') groups.add(pid); else groups.delete(pid);
  }
});
process.stdin.on('end', killAll);
process.stdin.on('error', killAll);
`;

const registered = new Set<number>();
let sentinel: ChildProcess | undefined;
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function tell(line: string): void {
  if (process.platform === 'win32') return;
  if (!sentinel || sentinel.exitCode !== null || sentinel.signalCode !== null) {
    sentinel = spawn(process.execPath, ['-e', SENTINEL_SOURCE], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: {},
    });
    sentinel.unref();
    (sentinel.stdin as Socket).unref();
    sentinel.stdin?.on('error', () => undefined);
    sentinel.on('error', () => undefined);
    for (const pid of registered) if (`+${pid}\n` !== line) sentinel.stdin?.write(`+${pid}\n`);
  }
  sentinel.stdin?.write(line);
}

/** Registers a kernel's process group (its leader's pid) to be killed if the client goes away. */
export function registerKernelGroup(pid: number): void {
  registered.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const g of registered) killGroup(g);
    });
  }
  tell(`+${pid}\n`);
}

/** Forgets a kernel's process group (after it has exited). */
export function unregisterKernelGroup(pid: number): void {
  if (!registered.delete(pid)) return;
  tell(`-${pid}\n`);
}

/** SIGKILLs a kernel's whole process group (the kernel and anything it started). */
export function killKernelGroup(pid: number): void {
  killGroup(pid);
}

/** The process groups currently registered (live kernels of this process). */
export function registeredKernelGroups(): number[] {
  return [...registered];
}
