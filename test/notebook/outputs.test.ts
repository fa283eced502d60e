/**
 * iopub messages → nbformat outputs (nbclient's rules), and the error output built from tslab's
 * stderr text. The stderr texts are verbatim from tslab 1.0.22 on Node 20 (captured from a kernel).
 */
import { expect } from 'chai';
import type { Output } from '../../src/notebook/nbformat.js';
import { kernelErrorFromStderr, OutputCollector } from '../../src/notebook/outputs.js';
import { newHeader, type JupyterMessage } from '../../src/notebook/protocol.js';

const msg = (type: string, content: Record<string, unknown>): JupyterMessage => ({
  header: newHeader(type, 's'),
  parent_header: {},
  metadata: {},
  content,
  buffers: [],
});

const TSLAB_RUNTIME_ERROR = [
  'evalmachine.<anonymous>:2',
  'throw new TypeError("boom");',
  '^',
  '',
  'TypeError: boom',
  '    at evalmachine.<anonymous>:2:7',
  '    at evalmachine.<anonymous>:4:3',
  '    at sigintHandlersWrap (node:vm:280:12)',
  '    at Object.execute (/work/main/node_modules/tslab/dist/executor.js:160:38)',
  '',
].join('\n');
const TSLAB_INTERRUPT = [
  'Error: Script execution was interrupted by `SIGINT`',
  '    at sigintHandlersWrap (node:vm:280:12)',
  '    at Script.runInThisContext (node:vm:135:14)',
  '    at async ZmqServer.handleShellMessage (/work/main/node_modules/tslab/dist/jupyter.js:351:21) {',
  "  code: 'ERR_SCRIPT_EXECUTION_INTERRUPTED'",
  '}',
  '',
].join('\n');

describe('notebook/outputs: OutputCollector', () => {
  it('merges consecutive streams of the same name and keeps the order of the others', () => {
    const c = new OutputCollector(new Map());
    c.handle(msg('status', { execution_state: 'busy' }));
    c.handle(msg('stream', { name: 'stdout', text: 'a\n' }));
    c.handle(msg('stream', { name: 'stdout', text: 'b\n' }));
    c.handle(msg('stream', { name: 'stderr', text: 'e\n' }));
    c.handle(msg('stream', { name: 'stdout', text: 'c\n' }));
    c.handle(msg('execute_result', { data: { 'text/plain': '42' }, metadata: {}, execution_count: 7 }));
    expect(c.outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      { output_type: 'stream', name: 'stderr', text: 'e\n' },
      { output_type: 'stream', name: 'stdout', text: 'c\n' },
      { output_type: 'execute_result', data: { 'text/plain': '42' }, metadata: {}, execution_count: 7 },
    ]);
    expect(c.stderrMessages).to.deep.equal(['e\n']);
  });

  it('updates displays by display_id across cells, dropping the transient field', () => {
    const displays = new Map<string, Output[]>();
    const first = new OutputCollector(displays);
    first.handle(
      msg('display_data', { data: { 'text/plain': '0%' }, metadata: {}, transient: { display_id: 'p' } }),
    );
    first.handle(msg('display_data', { data: { 'text/html': '<b>x</b>' }, metadata: {}, transient: {} }));
    const second = new OutputCollector(displays);
    second.handle(
      msg('display_data', { data: { 'text/plain': '0%' }, metadata: {}, transient: { display_id: 'p' } }),
    );
    second.handle(
      msg('update_display_data', {
        data: { 'text/plain': '100%' },
        metadata: { done: true },
        transient: { display_id: 'p' },
      }),
    );
    second.handle(
      msg('update_display_data', {
        data: { 'text/plain': 'ignored' },
        metadata: {},
        transient: { display_id: 'unknown' },
      }),
    );
    const done = { output_type: 'display_data', data: { 'text/plain': '100%' }, metadata: { done: true } };
    expect(first.outputs).to.deep.equal([
      done,
      { output_type: 'display_data', data: { 'text/html': '<b>x</b>' }, metadata: {} },
    ]);
    expect(second.outputs).to.deep.equal([done]);
  });

  it('clears outputs now, or before the next output with wait', () => {
    const c = new OutputCollector(new Map());
    c.handle(msg('stream', { name: 'stdout', text: 'a' }));
    c.handle(msg('clear_output', { wait: true }));
    expect(c.outputs).to.have.length(1);
    c.handle(msg('stream', { name: 'stdout', text: 'b' }));
    expect(c.outputs).to.deep.equal([{ output_type: 'stream', name: 'stdout', text: 'b' }]);
    c.handle(msg('clear_output', { wait: false }));
    expect(c.outputs).to.deep.equal([]);
  });

  it('records error messages as error outputs', () => {
    const c = new OutputCollector(new Map());
    c.handle(msg('error', { ename: 'ValueError', evalue: 'bad', traceback: ['t'] }));
    expect(c.sawError).to.equal(true);
    expect(c.outputs).to.deep.equal([
      { output_type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['t'] },
    ]);
  });
});

describe('notebook/outputs: kernelErrorFromStderr (tslab reports errors on stderr only)', () => {
  it('parses an uncaught runtime error as Node prints it', () => {
    const e = kernelErrorFromStderr(['log line\n', TSLAB_RUNTIME_ERROR]);
    expect(e).to.deep.include({ output_type: 'error', ename: 'TypeError', evalue: 'boom' });
    expect(e.traceback[4]).to.equal('TypeError: boom');
    expect(e.traceback).to.have.length(9);
  });

  it('parses an interrupt, a thrown non-error and an error with a code', () => {
    expect(kernelErrorFromStderr([TSLAB_INTERRUPT])).to.deep.include({
      ename: 'Error',
      evalue: 'Script execution was interrupted by `SIGINT`',
    });
    expect(kernelErrorFromStderr(['plain string\n'])).to.deep.include({
      ename: 'Error',
      evalue: 'plain string',
    });
    expect(
      kernelErrorFromStderr(['AssertionError [ERR_ASSERTION]: 1 == 2\n    at x (file.js:1:1)\n']),
    ).to.deep.include({ ename: 'AssertionError', evalue: '1 == 2' });
  });

  it('turns TypeScript diagnostics into a CompileError listing them', () => {
    const e = kernelErrorFromStderr([
      "1:7 - Type 'string' is not assignable to type 'number'.\n",
      "2:1 - Cannot find name 'x'.\n",
    ]);
    expect(e).to.deep.equal({
      output_type: 'error',
      ename: 'CompileError',
      evalue: "1:7 - Type 'string' is not assignable to type 'number'.; 2:1 - Cannot find name 'x'.",
      traceback: ["1:7 - Type 'string' is not assignable to type 'number'.", "2:1 - Cannot find name 'x'."],
    });
  });

  it('still yields an error output when the kernel printed nothing', () => {
    expect(kernelErrorFromStderr([])).to.deep.equal({
      output_type: 'error',
      ename: 'Error',
      evalue: 'the kernel reported an error without a message',
      traceback: [],
    });
  });
});
