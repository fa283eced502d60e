/**
 * notebook/ — runs .ipynb notebooks on the tslab kernel over the Jupyter protocol, injects
 * parameters, records values, and compares runs with baselines (DESIGN.md §1).
 *
 * ```
 *  protocol.ts  wire format, HMAC-SHA256        kernelspec.ts  finding the kernel to start
 *  kernel.ts    KernelClient (ZeroMQ sockets)   sentinel.ts    no orphan kernels
 *  nbformat.ts  read/validate/write 4.5         outputs.ts     iopub → nbformat outputs
 *  parameters.ts  papermill convention          records.ts     record() / readRecords()
 *  runner.ts    runNotebook                      regression.ts  baselines; mocha.ts describeNotebooks
 * ```
 */
export { record, readRecords, listRecords, RECORD_MIME, type RecordEntry } from './records.js';
export {
  parseNotebook,
  readNotebook,
  writeNotebook,
  serializeNotebook,
  validateNotebook,
  assertValidNotebook,
  cellSource,
  cellTags,
  type Notebook,
  type Cell,
  type CodeCell,
  type MarkdownCell,
  type RawCell,
  type Output,
  type StreamOutput,
  type DisplayDataOutput,
  type ExecuteResultOutput,
  type ErrorOutput,
  type MimeBundle,
  type MultilineString,
} from './nbformat.js';
export { validateJson, type JsonSchema, type SchemaIssue } from './schema-validator.js';
export { NBFORMAT_V4_5_SCHEMA } from './nbformat-schema.js';
export {
  injectParameters,
  parseParameterDeclarations,
  parseParameterValue,
  typeParameters,
  PARAMETERS_TAG,
  INJECTED_PARAMETERS_TAG,
  type ParameterValue,
  type ParameterKind,
  type ParameterDeclaration,
  type Injection,
} from './parameters.js';
export {
  KernelClient,
  KernelDiedError,
  KernelTimeoutError,
  type KernelStartOptions,
  type ExecuteOptions,
  type ExecuteResult,
} from './kernel.js';
export {
  resolveKernelSpec,
  findKernelSpec,
  tslabKernelSpec,
  kernelSearchPaths,
  KernelSpecNotFoundError,
  type KernelSpec,
} from './kernelspec.js';
export {
  runNotebook,
  NotebookCellError,
  type RunOptions,
  type RunResult,
  type RunProgress,
  type CellFailure,
} from './runner.js';
export {
  testNotebook,
  compareValues,
  compareWithBaseline,
  baselinePath,
  readBaseline,
  formatFailures,
  textOutputs,
  NotebookRegressionError,
  DEFAULT_TOLERANCE,
  type NotebookBaseline,
  type NotebookTestOptions,
  type NotebookTestResult,
  type RegressionFailure,
  type Tolerance,
  type Sanitizer,
} from './regression.js';
export { describeNotebooks, type DescribeNotebooksOptions } from './mocha.js';
