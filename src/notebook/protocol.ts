/**
 * The Jupyter messaging protocol (version 5.3) on the wire: message shapes, HMAC-SHA256 signatures,
 * and the multipart framing ZeroMQ carries.
 *
 * ```
 *  [routing ids…] "<IDS|MSG>" signature header parent_header metadata content [buffers…]
 *                              └ hex HMAC-SHA256(key, header ‖ parent_header ‖ metadata ‖ content)
 * ```
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** The protocol version this client speaks (tslab 1.0 reports the same). */
export const PROTOCOL_VERSION = '5.3';

/** The frame separating ZeroMQ routing ids from the signed message. */
export const DELIMITER = Buffer.from('<IDS|MSG>');

/** A message header. `date` is ISO 8601. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded message. `parent_header` is `{}` for messages that answer nothing. */
export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** Signs with HMAC-SHA256 over the four JSON frames; an empty key disables signing (signature ''). */
export function sign(key: string, frames: readonly (string | Buffer)[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const f of frames) hmac.update(f);
  return hmac.digest('hex');
}

/** A new header for `msgType` in `session`. */
export function newHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: randomUUID(),
    session,
    username: 'quantbook',
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** The frames to send for `message` (no routing ids: a Dealer socket needs none). */
export function encodeMessage(key: string, message: Omit<JupyterMessage<unknown>, 'buffers'>): Buffer[] {
  const json = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part), 'utf8'),
  );
  return [DELIMITER, Buffer.from(sign(key, json), 'ascii'), ...json];
}

/**
 * Decodes received frames, checking the signature in constant time.
 * @throws Error when the delimiter is missing, the JSON is malformed or the signature does not match.
 */
export function decodeMessage(key: string, frames: readonly Buffer[]): JupyterMessage {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0 || frames.length < at + 6) throw new Error('malformed Jupyter message: no <IDS|MSG> delimiter');
  const signature = frames[at + 1] ?? Buffer.alloc(0);
  const parts = frames.slice(at + 2, at + 6);
  const expected = Buffer.from(sign(key, parts), 'ascii');
  if (key !== '' && (signature.length !== expected.length || !timingSafeEqual(signature, expected)))
    throw new Error('Jupyter message with an invalid HMAC-SHA256 signature (wrong key?)');
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString('utf8')) as unknown);
  return {
    header: header as MessageHeader,
    parent_header: parent ?? {},
    metadata: (metadata ?? {}) as Record<string, unknown>,
    content: (content ?? {}) as Record<string, unknown>,
    buffers: frames.slice(at + 6),
  };
}

/** The connection file a kernel reads (`--config-path` for tslab, `{connection_file}` in kernelspecs). */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name?: string;
}
