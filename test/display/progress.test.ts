/**
 * progress(): in a (fake) kernel one display updated in place (display_data, then update_display_data
 * with the same display_id), throttled; on a terminal a cli-progress bar.
 */
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { progress, progressText } from '../../src/display/index.js';
import { installFakeKernel, type WriterCall } from './fake-kernel.js';

describe('display/progress', function () {
  it('progressText("fit", 5, 10) is a half-full bar', function () {
    expect(progressText('fit', 5, 10, 'fold 3', 10)).to.equal('fit [█████░░░░░]  50% 5/10 fold 3');
    expect(progressText('x', 0, 0, '', 4)).to.equal('x [░░░░]   0% 0/0');
  });

  describe('in a notebook', function () {
    let kernel: { calls: WriterCall[]; uninstall: () => void };
    beforeEach(() => (kernel = installFakeKernel()));
    afterEach(() => kernel.uninstall());

    it('updates one display in place: display_data first, then update_display_data with the same id', function () {
      const bar = progress(3, { label: 'cv', minIntervalMs: 0 });
      expect(bar.target).to.equal('notebook');
      bar.increment(1, 'fold 1');
      bar.callback(2, 3, 'fold 2');
      bar.increment();
      bar.stop();
      bar.increment(); // after stop: ignored
      const ids = new Set(kernel.calls.map((c) => c.data.transient?.display_id));
      expect(ids.size).to.equal(1);
      expect([...ids][0]).to.match(/^[0-9a-f]{16}$/);
      expect(kernel.calls.map((c) => c.update)).to.deep.equal([false, true, true, true, true]);
      const last = kernel.calls[kernel.calls.length - 1].data.data;
      expect(last['text/plain']).to.match(/^cv \[█+\] 100% 3\/3 fold 2$/);
      expect(last['text/html']).to.match(/<progress value="3" max="3"[^>]*><\/progress> 100% 3\/3/);
    });

    it('throttles: with a long interval only the first and the final states are sent', function () {
      const bar = progress(100, { label: 'search', minIntervalMs: 60_000 });
      for (let i = 1; i <= 100; i++) bar.update(i);
      bar.stop();
      expect(kernel.calls.map((c) => c.data.data['text/plain'])).to.deep.equal([
        progressText('search', 0, 100),
        progressText('search', 100, 100),
        progressText('search', 100, 100),
      ]);
    });

    it('escapes the label in the HTML', function () {
      progress(1, { label: '<b>x</b>' }).stop();
      expect(kernel.calls[0].data.data['text/html']).to.include('&lt;b&gt;x&lt;/b&gt;');
    });
  });

  describe('on a terminal', function () {
    it('draws a cli-progress bar on the stream and finishes at 100%', function () {
      const stream = Object.assign(new PassThrough(), {
        isTTY: true,
        columns: 100,
        cursorTo: () => true,
        clearLine: () => true,
        moveCursor: () => true,
      });
      let out = '';
      stream.on('data', (c: Buffer) => (out += c.toString('utf8')));
      const bar = progress(4, { label: 'import', target: 'terminal', stream });
      expect(bar.target).to.equal('terminal');
      for (let i = 0; i < 4; i++) bar.increment(1, `file ${i}`);
      bar.stop();
      expect(out).to.include('import [');
      expect(out).to.match(/100% \| 4\/4 file 3/);
    });
  });
});
