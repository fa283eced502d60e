/**
 * KernelClient over ZeroMQ against two kernels: the fake protocol kernel (test/helpers/fake-kernel.ts:
 * execute_result, error messages, clear_output, interrupt_request, a silent heartbeat, forged
 * signatures) and tslab itself (redeclaration across cells, SIGINT interrupts, process.exit).
 * After the suite no kernel process started here is left (`ps`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { KernelClient, KernelDiedError, type ExecuteResult } from '../../src/notebook/kernel.js';
import type { JupyterMessage } from '../../src/notebook/protocol.js';
import { OutputCollector } from '../../src/notebook/outputs.js';
import type { Output } from '../../src/notebook/nbformat.js';
import { registeredKernelGroups } from '../../src/notebook/sentinel.js';
import { fakeKernelSpec, kernelProcesses, tempRoot, tslabSpec, REPO_ROOT } from '../helpers/kernels.js';

async function run(
  kernel: KernelClient,
  code: string,
  displays = new Map<string, Output[]>(),
  options: { timeoutMs?: number } = {},
): Promise<{ result: ExecuteResult; outputs: Output[]; types: string[] }> {
  const collector = new OutputCollector(displays);
  const types: string[] = [];
  const result = await kernel.execute(code, {
    ...options,
    onIopub: (m: JupyterMessage) => {
      types.push(m.header.msg_type);
      collector.handle(m);
    },
  });
  return { result, outputs: collector.outputs, types };
}

describe('notebook/kernel: KernelClient', function () {
  this.timeout(120_000);
  const root = tempRoot();
  after(() => {
    expect(kernelProcesses(root), 'kernel processes left behind').to.deep.equal([]);
    expect(registeredKernelGroups()).to.deep.equal([]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('with the fake protocol kernel', () => {
    let kernel: KernelClient;
    before(async () => {
      kernel = await KernelClient.start(fakeKernelSpec(), { runtimeDir: root, cwd: REPO_ROOT });
    });
    after(async () => {
      await kernel.shutdown();
    });

    it('writes a private connection file with five ports and an HMAC-SHA256 key', () => {
      const c = kernel.connection;
      const ports = [c.shell_port, c.iopub_port, c.stdin_port, c.control_port, c.hb_port];
      expect(new Set(ports).size).to.equal(5);
      expect(c).to.include({ transport: 'tcp', ip: '127.0.0.1', signature_scheme: 'hmac-sha256' });
      expect(c.key).to.match(/^[0-9a-f-]{36}$/);
      const file = fs
        .readdirSync(root)
        .map((d) => path.join(root, d, 'kernel.json'))
        .find(fs.existsSync);
      expect(file).to.be.a('string');
      expect(fs.statSync(file!).mode & 0o777).to.equal(0o600);
      expect(kernel.kernelInfo).to.include({ implementation: 'fake', protocol_version: '5.3' });
    });

    it('collects stream, execute_result, display_data and update_display_data with execution counts', async () => {
      const displays = new Map<string, Output[]>();
      const first = await run(kernel, 'print one\nprint two\nresult 42\ndisplay d1 loading', displays);
      expect(first.result.status).to.equal('ok');
      const n = first.result.executionCount!;
      expect(first.types).to.include.members([
        'status',
        'execute_input',
        'stream',
        'execute_result',
        'display_data',
      ]);
      expect(first.result.timing).to.have.keys(
        'iopub.status.busy',
        'iopub.execute_input',
        'shell.execute_reply',
        'iopub.status.idle',
      );
      const second = await run(kernel, 'update d1 done ✓', displays);
      expect(second.result.executionCount).to.equal(n + 1);
      expect(second.outputs).to.deep.equal([]);
      expect(first.outputs).to.deep.equal([
        { output_type: 'stream', name: 'stdout', text: 'one\ntwo\n' },
        { output_type: 'execute_result', data: { 'text/plain': '42' }, metadata: {}, execution_count: n },
        { output_type: 'display_data', data: { 'text/plain': 'done ✓' }, metadata: {} },
      ]);
    });

    it('records error messages and clear_output (immediate and wait)', async () => {
      const failed = await run(kernel, 'print x\nerror ValueError bad value');
      expect(failed.result.status).to.equal('error');
      expect(failed.result.reply).to.include({ ename: 'ValueError', evalue: 'bad value' });
      expect(failed.outputs.at(-1)).to.deep.equal({
        output_type: 'error',
        ename: 'ValueError',
        evalue: 'bad value',
        traceback: ['ValueError: trace'],
      });
      expect((await run(kernel, 'print a\nclear\nprint b')).outputs).to.deep.equal([
        { output_type: 'stream', name: 'stdout', text: 'b\n' },
      ]);
      expect((await run(kernel, 'print a\nclear-wait\nprint b')).outputs).to.deep.equal([
        { output_type: 'stream', name: 'stdout', text: 'b\n' },
      ]);
    });

    it('ignores messages with a wrong signature', async () => {
      const { outputs } = await run(kernel, 'forged evil\nprint genuine');
      expect(outputs).to.deep.equal([{ output_type: 'stream', name: 'stdout', text: 'genuine\n' }]);
    });

    it("interrupts a timed-out execution with interrupt_request when interrupt_mode is 'message'", async () => {
      const started = Date.now();
      const { result, outputs } = await run(kernel, 'sleep 30000', undefined, { timeoutMs: 300 });
      expect(Date.now() - started).to.be.below(5000);
      expect(result).to.include({ status: 'error', timedOut: true });
      expect(outputs.at(-1)).to.include({ output_type: 'error', ename: 'KeyboardInterrupt' });
      expect((await run(kernel, 'print alive')).outputs).to.have.length(1);
    });
  });

  it('detects a kernel that stops answering heartbeats while idle', async () => {
    const kernel = await KernelClient.start(fakeKernelSpec(), {
      runtimeDir: root,
      heartbeatIntervalMs: 100,
      heartbeatTimeoutMs: 600,
    });
    try {
      await run(kernel, 'stop-heartbeat');
      await new Promise((r) => setTimeout(r, 1500));
      expect(kernel.alive).to.equal(false);
      const err = await kernel.execute('print x').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(KernelDiedError);
      expect((err as Error).message).to.match(/stopped answering heartbeats for 1 s/);
    } finally {
      await kernel.shutdown();
    }
  });

  it('reports a kernel that exits during startup with its exit code and stderr', async () => {
    const spec = {
      ...fakeKernelSpec(),
      argv: [process.execPath, '-e', 'console.error("cannot bind: simulated"); process.exit(5)'],
    };
    const err = await KernelClient.start(spec, { runtimeDir: root }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(KernelDiedError);
    expect((err as KernelDiedError).exitCode).to.equal(5);
    expect((err as Error).message).to.match(/died \(exit code 5\)[\s\S]*cannot bind: simulated/);
  });

  it('reports a kernel command that cannot be spawned', async () => {
    const spec = { ...fakeKernelSpec(), argv: ['/nonexistent/quantbook-kernel', '{connection_file}'] };
    const err = await KernelClient.start(spec, { runtimeDir: root }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).to.match(
      /cannot start kernel 'fake' \(\/nonexistent\/quantbook-kernel\): .*ENOENT/,
    );
  });

  it('leaves no orphan when the client process is killed (SIGKILL): the sentinel kills the kernel group', async () => {
    const client = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'test', 'helpers', 'orphan-client.ts'), root, 'tslab'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      client.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const m = /kernel (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      client.on('exit', (code) => reject(new Error(`orphan-client exited early (${code})`)));
    });
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(pid)).to.equal(true);
    client.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid), `kernel ${pid} survived its client`).to.equal(false);
  });

  describe('with tslab', () => {
    let kernel: KernelClient;
    before(async () => {
      kernel = await KernelClient.start(tslabSpec(), { runtimeDir: root, cwd: REPO_ROOT });
    });
    after(async () => {
      await kernel.shutdown();
    });

    it('answers kernel_info as tslab (protocol 5.3, TypeScript)', () => {
      expect(kernel.kernelInfo).to.include({ implementation: 'tslab', protocol_version: '5.3' });
      expect(kernel.kernelInfo.language_info).to.include({ name: 'typescript' });
    });

    it('lets a later cell declare a const again, with another type (how injected parameters shadow defaults)', async () => {
      expect((await run(kernel, 'const a: number = 1;\nconsole.log(a + 1);')).outputs).to.deep.equal([
        { output_type: 'stream', name: 'stdout', text: '2\n' },
      ]);
      const again = await run(kernel, "const a = 'x';\nconsole.log(a.toUpperCase(), typeof a);");
      expect(again.result.status).to.equal('ok');
      expect(again.outputs).to.deep.equal([{ output_type: 'stream', name: 'stdout', text: 'X string\n' }]);
    });

    it('interrupts a synchronous infinite loop with SIGINT at the timeout, and the kernel lives on', async () => {
      const started = Date.now();
      const { result, outputs } = await run(kernel, 'while (true) {}', undefined, { timeoutMs: 1000 });
      expect(Date.now() - started).to.be.within(900, 8000);
      expect(result).to.include({ status: 'error', timedOut: true });
      expect(outputs.map((o) => (o.output_type === 'stream' ? o.text : ''))).to.satisfy((t: string[]) =>
        t.some((s) => s.includes('Script execution was interrupted by `SIGINT`')),
      );
      await new Promise((r) => setTimeout(r, 250)); // tslab aborts requests for 200 ms after a failure
      expect((await run(kernel, "console.log('alive')")).outputs).to.deep.equal([
        { output_type: 'stream', name: 'stdout', text: 'alive\n' },
      ]);
    });
  });

  it('detects a tslab kernel killed by process.exit in a cell, with its exit code', async () => {
    const kernel = await KernelClient.start(tslabSpec(), { runtimeDir: root, cwd: REPO_ROOT });
    try {
      const err = await kernel.execute('process.exit(7)').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(KernelDiedError);
      expect((err as KernelDiedError).exitCode).to.equal(7);
      expect((err as Error).message).to.match(/^kernel 'tslab' \(pid \d+\) died \(exit code 7\)/);
      expect(kernel.alive).to.equal(false);
    } finally {
      await kernel.shutdown();
    }
  });
});
