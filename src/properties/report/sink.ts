/**
 * Reports for every run that started. A command opens a sink when its run starts, with a
 * function that renders its report files from what it has so far; the sink writes them once:
 * complete at the end of the run, or marked incomplete (with the reason) when the run is stopped
 * by a signal, a deadline, an error or a premature process exit. A CI job whose run was killed
 * still finds a report, and the report says it is not the whole run.
 *
 * For a whole-run deadline (or any other stop decided inside poolcheck), call
 * `flushIncompleteReports(reason)` before exiting: every open sink is written as incomplete.
 */
import { writeReportFile } from './files.js';

/** One file of a report: where, and its text. */
export interface ReportFileContent {
  file: string;
  text: string;
}

/**
 * Renders a command's report files. `incomplete` is undefined for the finished run, else the
 * reason it stopped early (the renderer marks the report with it).
 */
export type ReportRenderer = (incomplete: string | undefined) => ReportFileContent[];

export interface ReportSink {
  /** Writes the finished run's reports (throws ReportPathError); closes the sink. */
  complete(): void;
  /** Writes the reports marked incomplete with `reason` (never throws: failures go to stderr); closes the sink. */
  incomplete(reason: string): string[];
  /** Forgets the sink without writing (nothing to report, e.g. the run never started). */
  close(): void;
  /** Whether the reports were written (complete or not). */
  readonly written: boolean;
}

const open = new Set<SinkState>();
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

interface SinkState {
  render: ReportRenderer;
  written: boolean;
}

/** Opens a sink for a run; it stays registered (flushed on a signal or exit) until written or closed. */
export function openReportSink(render: ReportRenderer): ReportSink {
  const state: SinkState = { render, written: false };
  open.add(state);
  install();
  const finish = (): void => {
    state.written = true;
    open.delete(state);
    if (open.size === 0) uninstall();
  };
  return {
    complete() {
      if (state.written) return;
      finish();
      for (const { file, text } of render(undefined)) writeReportFile(file, text);
    },
    incomplete(reason) {
      if (state.written) return [];
      finish();
      return writeIncomplete(state, reason);
    },
    close() {
      if (!state.written) finish();
      state.written = true;
    },
    get written() {
      return state.written;
    },
  };
}

function writeIncomplete(state: SinkState, reason: string): string[] {
  const written: string[] = [];
  let files: ReportFileContent[];
  try {
    files = state.render(reason);
  } catch (error) {
    process.stderr.write(`poolcheck: could not render the incomplete report: ${(error as Error).message}\n`);
    return written;
  }
  for (const { file, text } of files) {
    try {
      writeReportFile(file, text);
      written.push(file);
    } catch (error) {
      process.stderr.write(`poolcheck: ${(error as Error).message}\n`);
    }
  }
  return written;
}

/**
 * Writes every open sink's reports marked incomplete with `reason` (e.g. "the whole-run deadline
 * of 600 s passed"), synchronously. Returns the files written. For deadlines and other stops.
 */
export function flushIncompleteReports(reason: string): string[] {
  const written: string[] = [];
  for (const state of [...open]) {
    state.written = true;
    open.delete(state);
    written.push(...writeIncomplete(state, reason));
  }
  uninstall();
  return written;
}

function onSignal(signal: NodeJS.Signals): void {
  const files = flushIncompleteReports(`stopped by ${signal}`);
  if (files.length > 0) process.stderr.write(`poolcheck: stopped by ${signal}; incomplete report written to ${files.join(', ')}\n`);
  // Listening to a signal disables Node's default exit; when nobody else listens, re-raise it so
  // the process still stops as the sender meant (the protocol child cleanup does the same).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onExit(code: number): void {
  flushIncompleteReports(`the process exited (code ${code}) before the run finished`);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', onExit);
  for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
}
