/**
 * The Jupyter wire protocol: HMAC-SHA256 signatures equal to jupyter_client's `Session.sign`
 * (reference value computed with Debian's python3-jupyter-client 7.4.9:
 * `Session(key=b'0123456789abcdef', signature_scheme='hmac-sha256').sign(parts)`), framing, and
 * rejection of tampered messages.
 */
import { expect } from 'chai';
import {
  decodeMessage,
  DELIMITER,
  encodeMessage,
  newHeader,
  sign,
  type MessageHeader,
} from '../../src/notebook/protocol.js';

const KEY = '0123456789abcdef';
const HEADER: MessageHeader = {
  msg_id: 'm1',
  session: 's1',
  username: 'u',
  date: '2024-01-02T03:04:05.000Z',
  msg_type: 'execute_request',
  version: '5.3',
};

describe('notebook/protocol: Jupyter messages on the wire', () => {
  it('signs header, parent, metadata and content like jupyter_client Session.sign', () => {
    const parts = [JSON.stringify(HEADER), '{}', '{}', JSON.stringify({ code: '1 + 1' })];
    expect(sign(KEY, parts)).to.equal('0c31c4c3c90f34dedc797ea89086e3c38935fbee57e69010a4afa2eb8b7f0cf6');
    expect(sign('', parts)).to.equal('');
  });

  it('encodes [<IDS|MSG>, signature, 4 JSON frames] and decodes after routing ids', () => {
    const frames = encodeMessage(KEY, {
      header: HEADER,
      parent_header: {},
      metadata: {},
      content: { code: '1 + 1' },
    });
    expect(frames).to.have.length(6);
    expect(frames[0].equals(DELIMITER)).to.equal(true);
    expect(frames[1].toString()).to.equal('0c31c4c3c90f34dedc797ea89086e3c38935fbee57e69010a4afa2eb8b7f0cf6');
    const decoded = decodeMessage(KEY, [Buffer.from('routing-id'), ...frames, Buffer.from('buffer')]);
    expect(decoded).to.deep.equal({
      header: HEADER,
      parent_header: {},
      metadata: {},
      content: { code: '1 + 1' },
      buffers: [Buffer.from('buffer')],
    });
  });

  it('rejects a tampered message, a wrong key and a missing delimiter', () => {
    const frames = encodeMessage(KEY, {
      header: HEADER,
      parent_header: {},
      metadata: {},
      content: { code: 'ok' },
    });
    const tampered = [...frames.slice(0, 5), Buffer.from(JSON.stringify({ code: 'evil' }))];
    expect(() => decodeMessage(KEY, tampered)).to.throw(/invalid HMAC-SHA256 signature/);
    expect(() => decodeMessage('other key', frames)).to.throw(/invalid HMAC-SHA256 signature/);
    expect(() => decodeMessage(KEY, frames.slice(1))).to.throw(/no <IDS\|MSG> delimiter/);
  });

  it('makes protocol 5.3 headers with fresh ids and ISO dates', () => {
    const a = newHeader('kernel_info_request', 'sess');
    const b = newHeader('kernel_info_request', 'sess');
    expect(a).to.include({
      msg_type: 'kernel_info_request',
      session: 'sess',
      version: '5.3',
      username: 'quantbook',
    });
    expect(a.msg_id).to.not.equal(b.msg_id);
    expect(new Date(a.date).toISOString()).to.equal(a.date);
  });
});
