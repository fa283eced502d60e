/**
 * A child process of test/registry/concurrency.test.ts: saves `count` versions of one model to a registry,
 * after the parent says "go" on stdin (so that two workers save at the same time), and prints the
 * versions it got as JSON.
 *
 *   node --import tsx test/registry/save-worker.ts <root> <name> <count> <tag>
 */
import readline from 'node:readline';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { ModelRegistry } from '../../src/registry/store.js';

const [root, name, count, tag] = process.argv.slice(2);
const rows = 40;
const data = Float64Array.from({ length: rows * 2 }, (_, k) => Math.sin(k * 1.7) + (k % 2));
const X = { data, rows, cols: 2, columns: ['a', 'b'] };
const y = Float64Array.from({ length: rows }, (_, i) => (data[2 * i] > 0 ? 1 : 0));
const model = new LogisticRegression().fit(X, y);
const registry = new ModelRegistry(root);

process.stdout.write('ready\n');
const rl = readline.createInterface({ input: process.stdin });
rl.once('line', () => {
  rl.close();
  process.stdin.destroy();
  const versions: string[] = [];
  for (let k = 0; k < Number(count); k++)
    versions.push(
      registry.saveModel(model, {
        name,
        metadata: { dataset: { features: [] }, description: `${tag} #${k}`, cvMetrics: { k } },
        reference: { X },
      }).version,
    );
  process.stdout.write(`${JSON.stringify(versions)}\n`);
});
