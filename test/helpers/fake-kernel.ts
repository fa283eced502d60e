/**
 * A minimal Jupyter kernel for protocol tests of src/notebook/kernel.ts — it sends what tslab never
 * does (execute_result, error messages, clear_output, interrupt_reply) and misbehaves on request.
 *
 *   node --import tsx test/helpers/fake-kernel.ts <connection file>
 *
 * Each line of an execute_request's code is a command:
 * ```
 *  print <text>           stream stdout            result <text>        execute_result text/plain
 *  display <id> <text>    display_data with id     update <id> <text>   update_display_data
 *  clear | clear-wait     clear_output             error <Name> <msg>   error message + error reply
 *  sleep <ms>             wait; an interrupt_request ends it with a KeyboardInterrupt error
 *  exit <code>            process.exit             forged <text>        a stream with a wrong signature
 *  stop-heartbeat         stop echoing the heartbeat
 * ```
 * interrupt_mode is 'message': interrupt_request on control. shutdown_request replies and exits.
 */
import fs from 'node:fs';
import * as zmq from 'zeromq';
import {
  decodeMessage,
  encodeMessage,
  newHeader,
  type ConnectionInfo,
  type JupyterMessage,
} from '../../src/notebook/protocol.js';

const conn = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8')) as ConnectionInfo;
const url = (port: number) => `tcp://${conn.ip}:${port}`;
const shell = new zmq.Router({ linger: 0 });
const control = new zmq.Router({ linger: 0 });
const stdin = new zmq.Router({ linger: 0 });
const iopub = new zmq.Publisher({ linger: 0 });
const hb = new zmq.Reply({ linger: 0 });
await Promise.all([
  shell.bind(url(conn.shell_port)),
  control.bind(url(conn.control_port)),
  stdin.bind(url(conn.stdin_port)),
  iopub.bind(url(conn.iopub_port)),
  hb.bind(url(conn.hb_port)),
]);

let count = 0;
let interrupted = false;
let heartbeat = true;

function frames(parent: JupyterMessage, type: string, content: unknown, key = conn.key): Buffer[] {
  return encodeMessage(key, {
    header: newHeader(type, parent.header.session),
    parent_header: parent.header,
    metadata: {},
    content,
  });
}
const publish = (parent: JupyterMessage, type: string, content: unknown, key?: string) =>
  iopub.send([Buffer.from(`kernel.fake.${type}`), ...frames(parent, type, content, key)]);

async function execute(msg: JupyterMessage): Promise<Record<string, unknown>> {
  const code = String(msg.content.code);
  count++;
  await publish(msg, 'execute_input', { code, execution_count: count });
  for (const line of code.split('\n')) {
    const [cmd = '', ...rest] = line.split(' ');
    const arg = rest.join(' ');
    switch (cmd) {
      case 'print':
        await publish(msg, 'stream', { name: 'stdout', text: `${arg}\n` });
        break;
      case 'result':
        await publish(msg, 'execute_result', {
          data: { 'text/plain': arg },
          metadata: {},
          execution_count: count,
        });
        break;
      case 'display':
      case 'update':
        await publish(msg, cmd === 'display' ? 'display_data' : 'update_display_data', {
          data: { 'text/plain': rest.slice(1).join(' ') },
          metadata: {},
          transient: { display_id: rest[0] },
        });
        break;
      case 'clear':
      case 'clear-wait':
        await publish(msg, 'clear_output', { wait: cmd === 'clear-wait' });
        break;
      case 'error': {
        const error = {
          ename: rest[0] ?? 'Error',
          evalue: rest.slice(1).join(' '),
          traceback: [`${rest[0]}: trace`],
        };
        await publish(msg, 'error', error);
        return { status: 'error', execution_count: count, ...error };
      }
      case 'sleep': {
        interrupted = false;
        const until = Date.now() + Number(arg);
        while (Date.now() < until && !interrupted) await new Promise((r) => setTimeout(r, 10));
        if (interrupted) {
          const error = { ename: 'KeyboardInterrupt', evalue: 'interrupted', traceback: [] };
          await publish(msg, 'error', error);
          return { status: 'error', execution_count: count, ...error };
        }
        break;
      }
      case 'exit':
        process.exit(Number(arg));
        break;
      case 'forged':
        await publish(msg, 'stream', { name: 'stdout', text: `${arg}\n` }, 'wrong key');
        break;
      case 'stop-heartbeat':
        heartbeat = false;
        break;
      default:
        break;
    }
  }
  return { status: 'ok', execution_count: count, user_expressions: {} };
}

async function serve(socket: zmq.Router): Promise<void> {
  for await (const raw of socket) {
    const at = raw.findIndex((f) => f.equals(Buffer.from('<IDS|MSG>')));
    const ids = raw.slice(0, at);
    const msg = decodeMessage(conn.key, raw);
    const reply = (type: string, content: unknown) => socket.send([...ids, ...frames(msg, type, content)]);
    await publish(msg, 'status', { execution_state: 'busy' });
    switch (msg.header.msg_type) {
      case 'kernel_info_request':
        await reply('kernel_info_reply', {
          status: 'ok',
          protocol_version: '5.3',
          implementation: 'fake',
          implementation_version: '0',
          language_info: { name: 'fake', version: '0', file_extension: '.txt' },
          banner: 'fake kernel',
        });
        break;
      case 'execute_request':
        await reply('execute_reply', await execute(msg));
        break;
      case 'interrupt_request':
        interrupted = true;
        await reply('interrupt_reply', { status: 'ok' });
        break;
      case 'shutdown_request':
        await reply('shutdown_reply', { status: 'ok', restart: false });
        await publish(msg, 'status', { execution_state: 'idle' });
        setTimeout(() => process.exit(0), 20);
        return;
      default:
        break;
    }
    await publish(msg, 'status', { execution_state: 'idle' });
  }
}

void serve(shell);
void serve(control);
void (async () => {
  for await (const [ping] of hb) {
    if (!heartbeat) return;
    await hb.send(ping ?? '');
  }
})();
void stdin;
