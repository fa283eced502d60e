/**
 * A Jupyter kernel client over ZeroMQ (the `zeromq` package, as tslab itself uses): starts a kernel
 * from a {@link KernelSpec}, executes code, interrupts, detects death, shuts down without orphans.
 *
 * ```
 *  start ─▶ connection file (5 free TCP ports, random HMAC key, mode 0600, in a private temp dir)
 *        ─▶ spawn argv in a new process group (stdout/stderr kept as a tail for error messages)
 *        ─▶ connect  shell: Dealer · control: Dealer · stdin: Dealer · iopub: Subscriber · hb: Request
 *        ─▶ kernel_info_request until the reply AND an iopub status for it arrive (iopub is live)
 *  execute(code) ─▶ execute_request on shell; iopub messages whose parent is it go to onIopub;
 *                   done when execute_reply and status 'idle' have both arrived
 *        timeout ─▶ interrupt (SIGINT to the group, or interrupt_request on control when the
 *                   kernelspec says interrupt_mode 'message'); no reply within the grace → kill
 *  death ─▶ process exit, or no heartbeat for heartbeatTimeoutMs while idle → KernelDiedError
 *  shutdown ─▶ shutdown_request on control, wait for exit, SIGTERM then SIGKILL the group, remove files
 * ```
 *
 * tslab's heartbeat socket is served by its JavaScript event loop, so a busy kernel (a long synchronous
 * cell) cannot answer it: a silent heartbeat counts as death only while no request is pending; the
 * process's own exit is detected at once.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Dealer, Request, Subscriber } from 'zeromq';
import { QuantbookError } from '../util/errors.js';
import type { KernelSpec } from './kernelspec.js';
import {
  decodeMessage,
  encodeMessage,
  newHeader,
  type ConnectionInfo,
  type JupyterMessage,
  type MessageHeader,
} from './protocol.js';
import { killKernelGroup, registerKernelGroup, unregisterKernelGroup } from './sentinel.js';

/** The kernel process exited, or stopped answering heartbeats. */
export class KernelDiedError extends QuantbookError {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  constructor(
    message: string,
    details: { exitCode?: number | null; signal?: NodeJS.Signals | null; stderrTail?: string },
  ) {
    const tail = details.stderrTail?.trim();
    super('E_KERNEL_DIED', tail ? `${message}\nkernel stderr (last lines):\n${tail}` : message);
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
    this.stderrTail = details.stderrTail ?? '';
  }
}

/** The kernel did not start, or did not answer a request, in time. */
export class KernelTimeoutError extends QuantbookError {
  constructor(message: string) {
    super('E_KERNEL_TIMEOUT', message);
  }
}

/** Options of {@link KernelClient.start}. */
export interface KernelStartOptions {
  /** Kernel working directory (default: process.cwd()). */
  cwd?: string;
  /** Kernel environment (default: process.env); the kernelspec's `env` is added on top. */
  env?: NodeJS.ProcessEnv;
  /** Parent folder of the private connection-file folder (default: os.tmpdir()). */
  runtimeDir?: string;
  /** Milliseconds to wait for the kernel to answer kernel_info (default 60 000). */
  startupTimeoutMs?: number;
  /** Heartbeat period in ms (default 1 000). */
  heartbeatIntervalMs?: number;
  /** An idle kernel silent on the heartbeat channel this long is dead (ms, default 10 000). */
  heartbeatTimeoutMs?: number;
  /** The kernel process's own stdout/stderr (outside cells), as it arrives. */
  onKernelOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** Options of {@link KernelClient.execute}. */
export interface ExecuteOptions {
  /** Interrupt the execution after this many ms (default: no limit). */
  timeoutMs?: number;
  /** After an interrupt, wait this long for the reply before killing the kernel (ms, default 10 000). */
  interruptGraceMs?: number;
  /** After execute_reply, wait this long for the iopub 'idle' status (ms, default 3 000). */
  iopubTimeoutMs?: number;
  /** Every iopub message caused by this request, in arrival order (status messages included). */
  onIopub?: (message: JupyterMessage) => void;
}

/** Message dates of one execution, as nbformat's `metadata.execution` records them. */
export interface ExecutionTiming {
  'iopub.status.busy'?: string;
  'iopub.execute_input'?: string;
  'shell.execute_reply'?: string;
  'iopub.status.idle'?: string;
}

/** The outcome of {@link KernelClient.execute}. */
export interface ExecuteResult {
  /** The reply's status: 'aborted' also covers tslab's non-standard 'abort'. */
  status: 'ok' | 'error' | 'aborted';
  executionCount: number | null;
  /** The execute_reply's content (ename/evalue/traceback for kernels that send them). */
  reply: Record<string, unknown>;
  /** True when the timeout fired and the kernel was interrupted. */
  timedOut: boolean;
  timing: ExecutionTiming;
}

type Reply = (message: JupyterMessage) => void;

interface Sockets {
  shell: Dealer;
  control: Dealer;
  stdin: Dealer;
  iopub: Subscriber;
  hb: Request;
}

/** Finds `n` distinct free TCP ports on `ip` (all held open together, then released). */
export async function freePorts(n: number, ip = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen(0, ip, () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const TAIL_CHARS = 4000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A running kernel and the client's sockets to it. */
export class KernelClient {
  readonly spec: KernelSpec;
  readonly connection: ConnectionInfo;
  /** The kernel_info_reply content (language_info, implementation, protocol_version…). */
  kernelInfo: Record<string, unknown> = {};

  private readonly session = randomUUID();
  private readonly child: ChildProcess;
  private readonly runtimeDir: string;
  private readonly options: KernelStartOptions;
  private sockets!: Sockets;
  private readonly replies = new Map<string, Reply>();
  private readonly iopubListeners = new Map<string, (m: JupyterMessage) => void>();
  private readonly deathListeners = new Set<(err: Error) => void>();
  private stderrTail = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitWaiters = new Set<() => void>();
  private death: Error | undefined;
  private pending = 0;
  private lastBeat = Date.now();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    spec: KernelSpec,
    connection: ConnectionInfo,
    child: ChildProcess,
    runtimeDir: string,
    options: KernelStartOptions,
  ) {
    this.spec = spec;
    this.connection = connection;
    this.child = child;
    this.runtimeDir = runtimeDir;
    this.options = options;
  }

  /** The kernel's process id (also its process group id on POSIX). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True until the kernel exits, dies or is shut down. */
  get alive(): boolean {
    return !this.closed && this.death === undefined && this.exited === undefined;
  }

  /**
   * Starts a kernel and waits until it answers on shell and publishes on iopub.
   * @throws KernelDiedError when it exits during startup (with its stderr); KernelTimeoutError when
   * it does not answer within `startupTimeoutMs`; an Error when its command cannot be spawned.
   */
  static async start(spec: KernelSpec, options: KernelStartOptions = {}): Promise<KernelClient> {
    const zmq = await import('zeromq');
    const ip = '127.0.0.1';
    const [shell, iopub, stdin, control, hb] = await freePorts(5, ip);
    const connection: ConnectionInfo = {
      transport: 'tcp',
      ip,
      shell_port: shell,
      iopub_port: iopub,
      stdin_port: stdin,
      control_port: control,
      hb_port: hb,
      key: randomUUID(),
      signature_scheme: 'hmac-sha256',
      kernel_name: spec.name,
    };
    const runtimeDir = fs.mkdtempSync(path.join(options.runtimeDir ?? os.tmpdir(), 'quantbook-kernel-'));
    const connectionFile = path.join(runtimeDir, 'kernel.json');
    fs.writeFileSync(connectionFile, JSON.stringify(connection, null, 2), { mode: 0o600 });
    const argv = spec.argv.map((a) =>
      a.replaceAll('{connection_file}', connectionFile).replaceAll('{resource_dir}', spec.resource_dir),
    );
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd ?? process.cwd(),
      env: { ...(options.env ?? process.env), ...spec.env },
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const client = new KernelClient(spec, connection, child, runtimeDir, options);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) =>
        reject(new Error(`cannot start kernel '${spec.name}' (${argv[0]}): ${err.message}`)),
      );
    });
    try {
      await spawned;
    } catch (err) {
      fs.rmSync(runtimeDir, { recursive: true, force: true });
      throw err;
    }
    registerKernelGroup(child.pid!);
    client.watchProcess();
    client.sockets = {
      shell: new zmq.Dealer({ linger: 0 }),
      control: new zmq.Dealer({ linger: 0 }),
      stdin: new zmq.Dealer({ linger: 0 }),
      iopub: new zmq.Subscriber({ linger: 0 }),
      hb: new zmq.Request({ linger: 0, relaxed: true, correlate: true }),
    };
    const url = (port: number) => `tcp://${ip}:${port}`;
    const s = client.sockets;
    s.shell.connect(url(connection.shell_port));
    s.control.connect(url(connection.control_port));
    s.stdin.connect(url(connection.stdin_port));
    s.iopub.connect(url(connection.iopub_port));
    s.iopub.subscribe();
    s.hb.connect(url(connection.hb_port));
    client.listen(s.shell, (m) => client.onReply(m));
    client.listen(s.control, (m) => client.onReply(m));
    client.listen(s.stdin, (m) => client.onStdin(m));
    client.listen(s.iopub, (m) => client.onIopub(m));
    try {
      await client.waitReady(options.startupTimeoutMs ?? 60_000);
    } catch (err) {
      await client.shutdown();
      throw err;
    }
    client.startHeartbeat();
    return client;
  }

  private watchProcess(): void {
    const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-TAIL_CHARS);
      this.options.onKernelOutput?.(stream, text);
    };
    this.child.stdout?.on('data', keep('stdout'));
    this.child.stderr?.on('data', keep('stderr'));
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      if (this.child.pid !== undefined) unregisterKernelGroup(this.child.pid);
      if (!this.closed) {
        const how = signal ? `killed by ${signal}` : `exit code ${String(code)}`;
        this.die(
          new KernelDiedError(`kernel '${this.spec.name}' (pid ${this.child.pid}) died (${how})`, {
            exitCode: code,
            signal,
            stderrTail: this.stderrTail,
          }),
        );
      }
      for (const w of this.exitWaiters) w();
    });
  }

  private listen(socket: Dealer | Subscriber, handle: (m: JupyterMessage) => void): void {
    void (async () => {
      try {
        for await (const frames of socket) {
          let message: JupyterMessage;
          try {
            message = decodeMessage(this.connection.key, frames);
          } catch {
            continue; // unsigned or malformed: ignore, as jupyter_client does
          }
          handle(message);
        }
      } catch {
        // socket closed while receiving
      }
    })();
  }

  private onReply(message: JupyterMessage): void {
    const id = message.parent_header.msg_id;
    const reply = id === undefined ? undefined : this.replies.get(id);
    if (reply) {
      this.replies.delete(id!);
      reply(message);
    }
  }

  private onIopub(message: JupyterMessage): void {
    const id = message.parent_header.msg_id;
    if (id !== undefined) this.iopubListeners.get(id)?.(message);
  }

  private onStdin(message: JupyterMessage): void {
    // Notebooks run unattended: answer any input_request with an empty line rather than hang.
    if (message.header.msg_type === 'input_request')
      void this.send('stdin', 'input_reply', { value: '' }, message.header);
  }

  private die(err: Error): void {
    if (this.death) return;
    this.death = err;
    this.stopHeartbeat();
    for (const listener of this.deathListeners) listener(err);
    this.deathListeners.clear();
    if (this.child.pid !== undefined && this.exited === undefined) killKernelGroup(this.child.pid);
  }

  private async send(
    channel: 'shell' | 'control' | 'stdin',
    msgType: string,
    content: Record<string, unknown>,
    parent: Partial<MessageHeader> = {},
  ): Promise<MessageHeader> {
    const header = newHeader(msgType, this.session);
    await this.sockets[channel].send(
      encodeMessage(this.connection.key, { header, parent_header: parent, metadata: {}, content }),
    );
    return header;
  }

  /**
   * Sends a request and resolves with its reply. `beforeSend` runs with the request's header before it
   * is sent (to register iopub listeners without a race).
   */
  private request(
    channel: 'shell' | 'control',
    msgType: string,
    content: Record<string, unknown>,
    timeoutMs: number,
    beforeSend?: (header: MessageHeader) => void,
  ): { header: MessageHeader; reply: Promise<JupyterMessage> } {
    const header = newHeader(msgType, this.session);
    const reply = new Promise<JupyterMessage>((resolve, reject) => {
      if (this.death) return reject(this.death);
      const timer =
        Number.isFinite(timeoutMs) &&
        setTimeout(() => {
          this.replies.delete(header.msg_id);
          this.deathListeners.delete(onDeath);
          reject(
            new KernelTimeoutError(
              `kernel '${this.spec.name}' did not answer ${msgType} within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs).unref();
      const onDeath = (err: Error) => {
        if (timer) clearTimeout(timer);
        reject(err);
      };
      this.deathListeners.add(onDeath);
      this.replies.set(header.msg_id, (m) => {
        if (timer) clearTimeout(timer);
        this.deathListeners.delete(onDeath);
        resolve(m);
      });
    });
    beforeSend?.(header);
    this.sockets[channel]
      .send(encodeMessage(this.connection.key, { header, parent_header: {}, metadata: {}, content }))
      .catch((err: unknown) => this.die(err instanceof Error ? err : new Error(String(err))));
    return { header, reply };
  }

  /**
   * kernel_info_request until one is answered on shell AND an iopub message caused by any of them has
   * arrived: a subscriber misses what is published before its subscription reaches the kernel (ZeroMQ's
   * "slow joiner"), so the first cell's outputs would be lost without the second condition. Re-sent
   * every 100 ms while iopub stays silent.
   */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const ids: string[] = [];
    let sawIopub = false;
    const ask = () =>
      this.request('shell', 'kernel_info_request', {}, Math.max(1, deadline - Date.now()), (h) => {
        ids.push(h.msg_id);
        this.iopubListeners.set(h.msg_id, () => (sawIopub = true));
      }).reply;
    try {
      this.kernelInfo = (await ask()).content;
      while (!sawIopub && Date.now() < deadline) {
        for (let waited = 0; !sawIopub && waited < 100; waited += 5) await sleep(5);
        if (this.death) throw this.death;
        if (!sawIopub) ask().catch(() => undefined);
      }
    } catch (err) {
      if (!(err instanceof KernelTimeoutError)) throw err;
    } finally {
      for (const id of ids) this.iopubListeners.delete(id);
    }
    if (sawIopub) return;
    if (this.death) throw this.death;
    throw new KernelTimeoutError(
      `kernel '${this.spec.name}' did not become ready within ${timeoutMs} ms${
        this.stderrTail.trim() ? `; its stderr:\n${this.stderrTail.trim()}` : ''
      }`,
    );
  }

  private startHeartbeat(): void {
    const interval = this.options.heartbeatIntervalMs ?? 1000;
    const timeout = this.options.heartbeatTimeoutMs ?? 10_000;
    this.lastBeat = Date.now();
    void (async () => {
      try {
        for (;;) {
          await this.sockets.hb.receive();
          this.lastBeat = Date.now();
        }
      } catch {
        // closed
      }
    })();
    const beat = () => {
      if (!this.alive) return;
      if (this.pending > 0) this.lastBeat = Math.max(this.lastBeat, Date.now() - interval);
      else if (Date.now() - this.lastBeat > timeout) {
        this.die(
          new KernelDiedError(
            `kernel '${this.spec.name}' (pid ${this.child.pid}) stopped answering heartbeats for ${Math.round(timeout / 1000)} s`,
            { stderrTail: this.stderrTail },
          ),
        );
        return;
      }
      this.sockets.hb.send('ping').catch(() => undefined);
      this.heartbeatTimer = setTimeout(beat, interval);
      this.heartbeatTimer.unref();
    };
    beat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /**
   * Executes `code` and resolves when the kernel has replied and gone idle. A failing cell resolves
   * with status 'error' (it is the caller's decision what to do with it).
   * @throws KernelDiedError when the kernel dies meanwhile; KernelTimeoutError when it ignores an
   * interrupt after the timeout (the kernel is then killed).
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (this.death) throw this.death;
    if (this.closed) throw new QuantbookError('E_KERNEL_CLOSED', `kernel '${this.spec.name}' is shut down`);
    const timing: ExecutionTiming = {};
    let idle = false;
    let onIdle: (() => void) | undefined;
    const content = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    this.pending++;
    const { header, reply } = this.request('shell', 'execute_request', content, Infinity, (h) =>
      this.iopubListeners.set(h.msg_id, (m) => {
        const type = m.header.msg_type;
        if (type === 'status') {
          const state = m.content.execution_state;
          if (state === 'busy') timing['iopub.status.busy'] ??= m.header.date;
          if (state === 'idle') {
            timing['iopub.status.idle'] = m.header.date;
            idle = true;
            onIdle?.();
          }
        } else if (type === 'execute_input') timing['iopub.execute_input'] = m.header.date;
        options.onIopub?.(m);
      }),
    );
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (options.timeoutMs === undefined || !Number.isFinite(options.timeoutMs)) return;
      timer = setTimeout(() => {
        timedOut = true;
        const grace = options.interruptGraceMs ?? 10_000;
        this.interrupt().catch(() => undefined);
        timer = setTimeout(() => {
          const err = new KernelTimeoutError(
            `kernel '${this.spec.name}' ignored the interrupt after the ${options.timeoutMs} ms timeout for ${grace} ms: killed`,
          );
          this.die(err);
          reject(err);
        }, grace);
      }, options.timeoutMs);
    });
    timeout.catch(() => undefined);
    try {
      const message = await Promise.race([reply, timeout]);
      timing['shell.execute_reply'] = message.header.date;
      if (!idle)
        await new Promise<void>((resolve) => {
          const wait = setTimeout(resolve, options.iopubTimeoutMs ?? 3000);
          onIdle = () => {
            clearTimeout(wait);
            resolve();
          };
        });
      const status = String(message.content.status);
      const count = message.content.execution_count;
      return {
        status: status === 'ok' ? 'ok' : status === 'error' ? 'error' : 'aborted',
        executionCount: typeof count === 'number' ? count : null,
        reply: message.content,
        timedOut,
        timing,
      };
    } finally {
      if (timer) clearTimeout(timer);
      this.iopubListeners.delete(header.msg_id);
      this.pending--;
    }
  }

  /**
   * Interrupts the running execution: SIGINT to the kernel's process group, or an interrupt_request
   * on the control channel when the kernelspec's interrupt_mode is 'message'.
   */
  async interrupt(): Promise<void> {
    if (!this.alive) return;
    if (this.spec.interrupt_mode === 'message') {
      await this.request('control', 'interrupt_request', {}, 5000).reply;
      return;
    }
    const pid = this.child.pid!;
    try {
      process.kill(process.platform === 'win32' ? pid : -pid, 'SIGINT');
    } catch {
      // exited meanwhile
    }
  }

  private waitExit(ms: number): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.exitWaiters.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.exitWaiters.delete(done);
        resolve(false);
      }, ms);
      this.exitWaiters.add(done);
    });
  }

  /**
   * Asks the kernel to shut down (shutdown_request on control), waits up to `timeoutMs` for it to
   * exit, then SIGTERMs and finally SIGKILLs its process group; closes the sockets and removes the
   * connection file. Safe to call more than once and after the kernel died.
   */
  async shutdown(timeoutMs = 3000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopHeartbeat();
    const pid = this.child.pid;
    if (this.exited === undefined && this.death === undefined && this.sockets) {
      try {
        await this.request('control', 'shutdown_request', { restart: false }, Math.min(1000, timeoutMs))
          .reply;
      } catch {
        // no answer: kill below
      }
    }
    if (pid !== undefined && !(await this.waitExit(timeoutMs))) {
      try {
        process.kill(process.platform === 'win32' ? pid : -pid, 'SIGTERM');
      } catch {
        // gone
      }
      if (!(await this.waitExit(500))) {
        killKernelGroup(pid);
        await this.waitExit(2000);
      }
    }
    if (pid !== undefined) {
      killKernelGroup(pid); // whatever the kernel started and left in its group
      unregisterKernelGroup(pid);
    }
    if (this.sockets) for (const socket of Object.values(this.sockets) as { close(): void }[]) socket.close();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.die(new QuantbookError('E_KERNEL_CLOSED', `kernel '${this.spec.name}' is shut down`));
    fs.rmSync(this.runtimeDir, { recursive: true, force: true });
  }
}
