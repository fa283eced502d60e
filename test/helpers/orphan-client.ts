/**
 * A client that starts a kernel and then hangs, for the orphan test: the test SIGKILLs this process
 * and checks that the sentinel (src/notebook/sentinel.ts) kills the kernel.
 *
 *   node --import tsx test/helpers/orphan-client.ts <runtimeDir> fake|tslab
 */
import { KernelClient } from '../../src/notebook/kernel.js';
import { fakeKernelSpec, tslabSpec } from './kernels.js';

const kernel = await KernelClient.start(process.argv[3] === 'tslab' ? tslabSpec() : fakeKernelSpec(), {
  runtimeDir: process.argv[2],
});
console.log(`kernel ${kernel.pid}`);
setInterval(() => undefined, 1000);
