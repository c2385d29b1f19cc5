/**
 * The property-based conformance suite: generators, properties, runner, reports. Any
 * Implementation plugs in; see `poolcheck verify` and `poolcheck/vitest` for the two ways in.
 */
export { PROPERTIES, PROPERTY_IDS } from './catalogue/index.js';
export {
  runSuite, runProperty, findProperty, freshSeed, DEFAULT_RUNS,
} from './runner.js';
export type {
  RunOptions, SuiteResult, PropertyResult, PropertyStatus, Counterexample, ProgressEvent,
} from './runner.js';
export type {
  Property, GeneratedProperty, CorpusProperty, PropertyContext, Excuse, ExcusableCall,
} from './property.js';
export { PropertyFailure, SuiteError } from './failure.js';
export type { FailureEvidence, CallEvidence } from './failure.js';
export { formatFailure, formatResultLine, formatSummary, formatSuite } from './report/text.js';
export type { ReplayHint } from './report/text.js';
export { suiteToJson, suiteToJUnit, writeFileAtomic } from './report/machine.js';
export { writeReportFile, checkReportPath, ReportPathError } from './report/files.js';
export { openReportSink, flushIncompleteReports } from './report/sink.js';
export type { ReportSink, ReportRenderer, ReportFileContent } from './report/sink.js';
export { verifyReplay, shellQuote } from './replay.js';
export { implementationFromModule, ImplementationLoadError } from './load.js';
