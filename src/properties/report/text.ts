/**
 * The text of a report: one line per property, and for each failure the property in words, what
 * is wrong, the shrunk case as a story, each call it made as grids (input, expected, got, with
 * the first wrong element marked), and the command that replays it.
 */
import type { FloatData, IndexTensorInput, PoolOpName, Tensor, UnpoolOpName } from '../../types.js';
import { rankOf } from '../cases.js';
import { formatShape } from '../compare.js';
import type { CallInputRecord } from '../counterexample.js';
import type { CallEvidence } from '../failure.js';
import { formatOptions } from '../cases.js';
import type { Counterexample, PropertyResult, SuiteResult } from '../runner.js';
import { floatCells, indexCells, NaNNames, planeCells, planeCountOf, planeLines, planeName } from './grid.js';

const TITLE_WIDTH = 20;

function block(title: string, lines: string[], indent: string): string[] {
  if (lines.length === 1) return [`${indent}${title.padEnd(TITLE_WIDTH)}${lines[0]}`];
  return [`${indent}${title}`, ...lines.map((l) => `${indent}  ${l}`)];
}

function isFloatTensor(t: unknown): t is Tensor {
  const x = t as Tensor | undefined;
  return !!x && Array.isArray(x.shape) && (x.data instanceof Float32Array || x.data instanceof Float64Array) &&
    x.data.length === x.shape.reduce((a, b) => a * b, 1);
}

function isIndexTensor(t: unknown): t is IndexTensorInput {
  const x = t as IndexTensorInput | undefined;
  return !!x && Array.isArray(x.shape) && ArrayBuffer.isView(x.data) && (x.data as ArrayLike<unknown>).length === x.shape.reduce((a, b) => a * b, 1);
}

function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

interface Expected {
  values?: Tensor;
  indices?: IndexTensorInput;
  output?: Tensor;
  error?: string;
}

/** The expected outcome the failure recorded, in the shape the grids want. */
function expectedOf(call: CallEvidence): Expected | undefined {
  const e = call.showExpected === false ? undefined : call.expected;
  if (e === undefined) return undefined;
  if (e.kind === 'pool') return { values: e.values, indices: e.indices };
  if (e.kind === 'unpool') return { output: e.output };
  if (e.kind === 'error') return { error: errorLine(e.error) };
  return undefined;
}

function describeRaw(raw: unknown): string {
  if (raw === null || raw === undefined) return String(raw);
  if (typeof raw !== 'object') return `${typeof raw} ${String(raw)}`;
  const keys = Object.keys(raw as object);
  return `an object with keys ${keys.length ? keys.join(', ') : '(none)'}`;
}

interface GridEntry {
  title: string;
  /** Cell texts of the shown plane, or a note when there is nothing to draw. */
  cells?: string[];
  spatial?: readonly number[];
  note?: string;
}

function renderCall(call: CallEvidence, nans: NaNNames, indent: string): string[] {
  const rank = rankOf(call.op as PoolOpName | UnpoolOpName);
  const got = call.got;
  const expected = expectedOf(call);
  // The output shape the mark refers to: what came back, else what was expected.
  const gotTensor = got?.kind === 'pool' ? got.values : got?.kind === 'unpool' ? got.output : undefined;
  const outShape = isFloatTensor(gotTensor) ? gotTensor.shape : expected?.values?.shape ?? expected?.output?.shape;
  const outPlaneSize = outShape ? outShape.slice(-rank).reduce((a, b) => a * b, 1) : 1;
  const plane = call.mark && outPlaneSize > 0 ? Math.floor(call.mark.offset / outPlaneSize) : 0;
  const planes = planeCountOf(call.input.shape, rank);

  const entries: GridEntry[] = [];
  const add = (title: string, t: { shape: readonly number[]; data: FloatData | IndexTensorInput['data'] } | undefined,
    float: boolean, markTensor?: 'values' | 'indices' | 'output'): void => {
    if (t === undefined) return;
    if (!(float ? isFloatTensor(t) : isIndexTensor(t))) {
      entries.push({ title, note: 'malformed' });
      return;
    }
    if (plane >= planeCountOf(t.shape, rank)) {
      entries.push({ title, note: `(no plane ${plane} in shape ${formatShape(t.shape)})` });
      return;
    }
    const cells = float ? floatCells(t.data as FloatData, nans) : indexCells(t.data as ArrayLike<number | bigint>);
    const mark = markTensor && call.mark?.tensor === markTensor ? call.mark.offset : undefined;
    entries.push({ title, cells: planeCells(t.shape, rank, plane, cells, mark), spatial: t.shape.slice(-rank) });
  };

  add('input', call.input, true);
  if (call.indices) add('input indices', call.indices, false);
  if (expected?.error) entries.push({ title: 'expected', note: `an error: ${expected.error}` });
  if (call.op.startsWith('maxPool')) {
    add('expected values', expected?.values, true, 'values');
    if (got?.kind === 'pool') add('got values', got.values, true, 'values');
    add('expected indices', expected?.indices, false, 'indices');
    if (got?.kind === 'pool') add('got indices', got.indices, false, 'indices');
  } else {
    add('expected output', expected?.output, true, 'output');
    if (got?.kind === 'unpool') add('got output', got.output, true, 'output');
  }
  if (got?.kind === 'error') entries.push({ title: 'got', note: `threw ${errorLine(got.error)}` });
  if (got?.kind === 'malformed') entries.push({ title: 'got', note: `returned ${describeRaw(got.raw)}` });
  const expectedShape = expected?.values?.shape ?? expected?.output?.shape;
  if (isFloatTensor(gotTensor) && expectedShape && formatShape(gotTensor.shape) !== formatShape(expectedShape)) {
    entries.push({ title: 'shapes', note: `expected ${formatShape(expectedShape)}, got ${formatShape(gotTensor.shape)}` });
  }

  const inIndent = `${indent}  `;
  const width = Math.max(0, ...entries.flatMap((e) => e.cells ?? []).map((t) => t.length));
  const lines = [
    `${indent}${call.label ?? 'the call'}: ${call.op}(input ${formatShape(call.input.shape)}` +
      `${call.indices ? `, indices ${formatShape(call.indices.shape)}` : ''}, ${formatOptions(call.options)})`,
    `${inIndent}plane ${planeName(call.input.shape, rank, Math.min(plane, planes - 1))}` +
      `${planes > 1 ? ` of ${planes} planes` : ' (the only plane)'}:`,
  ];
  for (const e of entries) {
    lines.push(...block(e.title, e.cells ? planeLines(e.cells, e.spatial!, width) : [e.note!], inIndent));
  }
  return lines;
}

function renderCounterexample(c: Counterexample, indent: string): string[] {
  const nans = new NaNNames();
  const lines: string[] = [];
  for (const call of c.evidence?.calls ?? []) {
    lines.push('');
    lines.push(...renderCall(call, nans, indent));
  }
  const legend = nans.legend();
  if (legend) lines.push('', `${indent}NaN payloads: ${legend}`);
  return lines.map((l) => nans.simplify(l).trimEnd());
}

export interface ReplayHint {
  /**
   * The command (or instruction) that replays a failed property's counterexample (default: its
   * first), or undefined for none.
   */
  replay(result: PropertyResult, counterexample?: Counterexample): string | undefined;
}

/** A call recorded as data, in one line: `maxPool2d(input [1, 1, 2, 2] float32, { kernelSize: 2 })`. */
function callLine(call: CallInputRecord): string {
  return `${call.op}(input ${formatShape(call.shape)} ${call.dtype}${call.indices ? `, indices ${formatShape(call.indices.shape)}` : ''}, ` +
    `${formatOptions(call.options)})`;
}

/** Lines saying that the failure needs earlier calls, and which, when it does. */
function reproductionLines(c: Counterexample): string[] {
  const r = c.reproduction;
  if (r?.alone !== false) return [];
  if (!r.earlierCalls) return ['', `  depends on earlier calls: ${r.why}`];
  const count = r.earlierCalls.length;
  const lines = ['', `  depends on earlier calls: on a fresh instance this case passes alone; it fails after ` +
    `${count === 1 ? 'this earlier call' : `these ${count} earlier calls`} (found among the ${r.callsInRun} calls of the run` +
    `${r.minimal ? ', none of them can be left out' : ', not fully minimised within the search budget'}):`];
  const shown = r.earlierCalls.slice(0, 10);
  shown.forEach((call, i) => lines.push(`    ${i + 1}. ${callLine(call)}`));
  if (count > shown.length) lines.push(`    … ${count - shown.length} more (all in the JSON report)`);
  return lines;
}

/** The full text for one failed property. */
export function formatFailure(result: PropertyResult, hint?: ReplayHint): string {
  const c = result.counterexample;
  const lines = [`FAIL ${result.id}`, `  ${result.statement}`];
  if (!c) return lines.join('\n');
  lines.push('', `  ${c.summary}`);
  for (const d of c.evidence?.details ?? []) lines.push(`    ${d}`);
  if (c.specHint) lines.push('', `  spec: ${c.specHint}`);
  if (c.caseId === undefined) {
    const found = result.numShrinks !== undefined
      ? `found at case ${result.numRuns} of the run, shrunk ${result.numShrinks} time${result.numShrinks === 1 ? '' : 's'}`
      : undefined;
    lines.push('', `  case${found ? ` (${found})` : ''}:`, ...c.story.map((s) => `    ${s}`));
    lines.push(...renderCounterexample(c, '  '));
  } else {
    lines.push('', ...c.story.map((s) => `  ${s}`));
    const more = result.moreFailures ?? [];
    if (more.length > 0) {
      lines.push('', `  ${more.length} more golden case${more.length === 1 ? '' : 's'} fail${more.length === 1 ? 's' : ''}: ` +
        `${more.slice(0, 10).map((m) => m.caseId).join(', ')}${more.length > 10 ? ', …' : ''}`);
    }
  }
  if (c.error && !(c.evidence) && c.error instanceof Error && c.error.stack && c.internal) {
    lines.push('', '  stack:', ...c.error.stack.split('\n').slice(1, 6).map((s) => `    ${s.trim()}`));
  }
  lines.push(...reproductionLines(c));
  const replay = hint?.replay(result);
  if (replay) lines.push('', `  replay: ${replay}`);
  else if (c.reproduction?.alone === false && c.reproduction.earlierCalls) {
    lines.push('', '  replay: write a JSON report (--json FILE), then `poolcheck replay FILE` replays this sequence');
  }
  return lines.join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One line per property: status, id, cases, time (and what was not covered). */
export function formatResultLine(r: PropertyResult): string {
  const status = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'NOT COVERED';
  if (r.status === 'not-covered') return `${status.padEnd(12)}${r.id}: ${r.reason}`;
  const cases = `${r.numRuns} case${r.numRuns === 1 ? '' : 's'}${r.skipped ? `, ${r.skipped} outside the declaration` : ''}`;
  const partly = r.uncovered.length > 0 ? `; not covered: ${r.uncovered.join(', ')}` : '';
  const known = r.knownBugsOnly ? '; only known bugs (see the deviation file)' : '';
  return `${status.padEnd(12)}${r.id} (${cases}, ${seconds(r.durationMs)})${known}${partly}`;
}

/** The closing summary of a run. */
export function formatSummary(suite: SuiteResult, implName: string): string {
  const count = (s: string): number => suite.properties.filter((p) => p.status === s).length;
  const parts = [`${count('pass')} passed`, `${count('fail')} failed`, `${count('not-covered')} not covered`];
  const verdict = suite.conforms ? `${implName} conforms` : `${implName} does NOT conform`;
  // The default profile is named in the run's header, JSON and JUnit; another one here too.
  // The profile's own description, as describeSpec words it (this formatter imports no reference code).
  const against = suite.spec.name === 'pytorch-1.13' ? ''
    : ` to PyTorch ${suite.spec.pytorch} (--spec ${suite.spec.name}, ${suite.spec.basis === 'measured' ? 'measured' : 'derived from source, not measured'})`;
  return `${verdict}${against}: ${parts.join(', ')} of ${suite.properties.length} properties ` +
    `(${suite.runs} cases each, seed ${suite.seed}, ${seconds(suite.durationMs)})`;
}

/** The whole report: a line per property, each failure in full, the summary. */
export function formatSuite(suite: SuiteResult, implName: string, hint?: ReplayHint): string {
  const lines = suite.properties.map(formatResultLine);
  for (const r of suite.properties) if (r.status === 'fail') lines.push('', formatFailure(r, hint));
  lines.push('', formatSummary(suite, implName));
  return lines.join('\n');
}
