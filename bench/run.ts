// Benchmark dispatcher: `npm run bench -- [name ...] [--option ...]`.
//
// Leading arguments that do not start with '-' are benchmark names (all registered benchmarks run when
// there are none); everything from the first option on is passed to each benchmark, which parses it.
// To add a benchmark, write bench/<name>.ts exporting `benchmark: Benchmark` (see bench/util.ts) and
// register it below.
// Benchmarks report; they do not fail on missed targets. The exit code is non-zero only when a
// benchmark could not run (bad arguments, a crash).
import os from 'node:os';
import type { Benchmark } from './util.js';

/** Registered benchmarks, loaded lazily so one broken benchmark does not stop the others. */
const registry: Record<string, () => Promise<Benchmark>> = {
  data: async () => (await import('./data.js')).benchmark,
  gbdt: async () => (await import('./gbdt.js')).benchmark,
  features: async () => (await import('./features.js')).benchmark,
  metrics: async () => (await import('./metrics.js')).benchmark,
  backtest: async () => (await import('./backtest.js')).benchmark,
  models: async () => (await import('./models.js')).benchmark,
  'per-symbol': async () => (await import('./per-symbol.js')).benchmark,
  'neural-net': async () => (await import('./neural-net.js')).benchmark,
  registry: async () => (await import('./registry.js')).benchmark,
  notebook: async () => (await import('./notebook.js')).benchmark,
};

function usage(): string {
  return [
    'usage: npm run bench -- [name ...] [options]',
    `benchmarks: ${Object.keys(registry).join(', ')} (all when none is named)`,
    '  --list    list the benchmarks with their descriptions',
    '  --help    this text; `npm run bench -- <name> --help` for a benchmark’s own options',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const firstOption = argv.findIndex((a) => a.startsWith('-'));
  const names = firstOption < 0 ? [...argv] : argv.slice(0, firstOption);
  const args = firstOption < 0 ? [] : argv.slice(firstOption);

  if (args.includes('--list')) {
    for (const [name, load] of Object.entries(registry))
      console.log(`${name.padEnd(12)} ${(await load()).description}`);
    return 0;
  }
  if (names.length === 0 && args.includes('--help')) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((n) => !(n in registry));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }

  const selected = names.length > 0 ? names : Object.keys(registry);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown cpu'}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}, node ${process.version}`,
  );
  const [load1] = os.loadavg();
  console.log(`load average (1 min): ${load1.toFixed(2)}`);
  if (load1 > os.cpus().length / 2) {
    console.log(
      'warning: other processes are using the CPUs; timings will be slower and noisier than on an idle machine',
    );
  }
  let status = 0;
  for (const name of selected) {
    console.log(`\n## bench: ${name}\n`);
    try {
      if (!(await (await registry[name]()).run(args))) status = 1;
    } catch (err) {
      console.error(`bench ${name} could not run: ${err instanceof Error ? err.message : String(err)}`);
      status = 1;
    }
  }
  return status;
}

process.exitCode = await main(process.argv.slice(2));
