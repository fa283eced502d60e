/**
 * iopub messages → nbformat outputs, as nbclient records them.
 *
 * ```
 *  stream               append to the previous output when it is a stream of the same name, else add
 *  display_data         add {data, metadata}; a transient display_id is remembered (notebook-wide)
 *  update_display_data  replace data/metadata of every earlier output with that display_id, in place
 *  execute_result       add {data, metadata, execution_count}
 *  error                add {ename, evalue, traceback}
 *  clear_output         clear now, or (wait: true) just before the next output
 * ```
 *
 * tslab reports failures only as stderr text and an execute_reply with status 'error' (no `error`
 * message): {@link kernelErrorFromStderr} turns that text into an `error` output, so that every
 * failed cell carries one. Compile errors look like `1:7 - Type 'number' is not assignable…`;
 * runtime errors are Node's inspection of the thrown value (`TypeError: boom\n    at …`).
 */
import type { JupyterMessage } from './protocol.js';
import type { ErrorOutput, Output } from './nbformat.js';

const str = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/** The outputs of one code cell, built from its iopub messages. */
export class OutputCollector {
  readonly outputs: Output[] = [];
  /** Text of each stderr stream message, in order (for {@link kernelErrorFromStderr}). */
  readonly stderrMessages: string[] = [];
  /** True once the kernel sent an `error` message for this cell. */
  sawError = false;
  private clearPending = false;
  private readonly displays: Map<string, Output[]>;

  /** @param displays - display_id → outputs, shared by all cells of a notebook. */
  constructor(displays: Map<string, Output[]>) {
    this.displays = displays;
  }

  private add(output: Output): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    this.outputs.push(output);
  }

  /** Applies one iopub message. */
  handle(message: JupyterMessage): void {
    const c = message.content;
    switch (message.header.msg_type) {
      case 'stream': {
        const name = str(c.name, 'stdout');
        const text = str(c.text, '');
        if (name === 'stderr') this.stderrMessages.push(text);
        const last = this.clearPending ? undefined : this.outputs.at(-1);
        if (last?.output_type === 'stream' && last.name === name) last.text = `${String(last.text)}${text}`;
        else this.add({ output_type: 'stream', name, text });
        break;
      }
      case 'display_data': {
        const output: Output = {
          output_type: 'display_data',
          data: (c.data ?? {}) as Record<string, unknown>,
          metadata: (c.metadata ?? {}) as Record<string, unknown>,
        };
        this.add(output);
        const id = (c.transient as { display_id?: unknown } | undefined)?.display_id;
        if (typeof id === 'string') this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
        break;
      }
      case 'update_display_data': {
        const id = (c.transient as { display_id?: unknown } | undefined)?.display_id;
        for (const output of typeof id === 'string' ? (this.displays.get(id) ?? []) : [])
          if (output.output_type === 'display_data' || output.output_type === 'execute_result') {
            output.data = (c.data ?? {}) as Record<string, unknown>;
            output.metadata = (c.metadata ?? {}) as Record<string, unknown>;
          }
        break;
      }
      case 'execute_result':
        this.add({
          output_type: 'execute_result',
          data: (c.data ?? {}) as Record<string, unknown>,
          metadata: (c.metadata ?? {}) as Record<string, unknown>,
          execution_count: typeof c.execution_count === 'number' ? c.execution_count : null,
        });
        break;
      case 'error':
        this.sawError = true;
        this.add({
          output_type: 'error',
          ename: str(c.ename, 'Error'),
          evalue: str(c.evalue, ''),
          traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
        });
        break;
      case 'clear_output':
        if (c.wait === true) this.clearPending = true;
        else this.outputs.length = 0;
        break;
      default:
        break; // status, execute_input, comm messages: not outputs
    }
  }
}

const DIAGNOSTIC = /^(?:\S+ )?\d+:\d+ - /;
const ERROR_HEADER = /^([A-Za-z_$][\w$.]*)(?: \[[\w$]+\])?: (.*)$/;

/**
 * The `error` output for a cell that failed with only stderr text (tslab): TypeScript diagnostics
 * become `CompileError`; otherwise the last stderr message is parsed as Node prints an uncaught value
 * (`Name: message` before the first `    at` line; anything else → `Error` with its first line).
 * The traceback is that message's lines.
 */
export function kernelErrorFromStderr(stderrMessages: readonly string[]): ErrorOutput {
  const diagnostics = stderrMessages.filter((m) => DIAGNOSTIC.test(m));
  if (diagnostics.length > 0 && diagnostics.length === stderrMessages.length) {
    const lines = diagnostics.join('').replace(/\n$/, '').split('\n');
    return { output_type: 'error', ename: 'CompileError', evalue: lines.join('; '), traceback: lines };
  }
  const text = (stderrMessages.at(-1) ?? '').replace(/\n$/, '');
  if (text === '')
    return {
      output_type: 'error',
      ename: 'Error',
      evalue: 'the kernel reported an error without a message',
      traceback: [],
    };
  const lines = text.split('\n');
  const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
  const head = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
  const at = head.findIndex((l) => ERROR_HEADER.test(l));
  if (at >= 0) {
    const m = ERROR_HEADER.exec(head[at])!;
    const evalue = [m[2], ...head.slice(at + 1)].join('\n').trimEnd();
    return { output_type: 'error', ename: m[1], evalue, traceback: lines };
  }
  return {
    output_type: 'error',
    ename: 'Error',
    evalue: head.join('\n').trim() || lines[0],
    traceback: lines,
  };
}
