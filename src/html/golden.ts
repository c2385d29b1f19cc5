/**
 * `golden update --html`: what a regeneration would change, drawn. Each changed case shows the
 * checked-in expectation against the regenerated one on the same input, the first differing
 * element marked; added and removed cases are listed with their descriptions.
 */
import type { CorpusDiff } from '../golden/diff.js';
import { describeProvenance, type GoldenCase, type GoldenExpected, type GoldenManifest } from '../golden/format.js';
import type { CallEvidence, CallOutcome, Mark } from '../properties/failure.js';
import { drawingLegend, drawCall } from './counterexample.js';
import { badge, html, page, type Html } from './page.js';
import { bitsOf, NaNLabels } from './tensor.js';

const LABELS = { expected: 'checked in', got: 'regenerated' };

function outcomeOf(expected: GoldenExpected): CallOutcome {
  if (expected.kind === 'pool') return { kind: 'pool', values: expected.values, indices: expected.indices };
  if (expected.kind === 'unpool') return { kind: 'unpool', output: expected.output };
  return { kind: 'error', error: Object.assign(new Error(expected.error.message), { name: expected.error.type }) };
}

/** The first element where the two expectations differ, to mark in the drawing. */
function firstDifference(before: GoldenExpected, after: GoldenExpected): Mark | undefined {
  if (before.kind === 'pool' && after.kind === 'pool') {
    const n = Math.min(before.values.data.length, after.values.data.length);
    for (let i = 0; i < n; i++) {
      if (bitsOf(before.values.data, i) !== bitsOf(after.values.data, i)) return { tensor: 'values', offset: i };
      if (before.indices.data[i] !== after.indices.data[i]) return { tensor: 'indices', offset: i };
    }
  }
  if (before.kind === 'unpool' && after.kind === 'unpool') {
    const n = Math.min(before.output.data.length, after.output.data.length);
    for (let i = 0; i < n; i++) if (bitsOf(before.output.data, i) !== bitsOf(after.output.data, i)) return { tensor: 'output', offset: i };
  }
  return undefined;
}

function callOf(c: GoldenCase, got: CallOutcome, mark?: Mark, label?: string): CallEvidence {
  return {
    op: c.op, input: c.input, options: c.options, got,
    ...('indices' in c ? { indices: c.indices } : {}),
    ...(mark ? { mark } : {}),
    ...(label ? { label } : {}),
  };
}

function changedCase(before: GoldenCase, after: GoldenCase, change: string, nans: NaNLabels): Html {
  const sameCall = before.op === after.op && JSON.stringify(before.options) === JSON.stringify(after.options) &&
    before.input.shape.join() === after.input.shape.join() && before.input.data.every((_, i) => bitsOf(before.input.data, i) === bitsOf(after.input.data, i));
  const drawings = sameCall
    ? [drawCall(callOf(after, outcomeOf(after.expected), firstDifference(before.expected, after.expected)), nans, LABELS, outcomeOf(before.expected))]
    // The case itself changed (another input or options): each side drawn with its own expectation.
    : [
      drawCall(callOf(before, outcomeOf(before.expected), undefined, 'checked in'), nans, { expected: 'PyTorch', got: 'checked in' }, outcomeOf(before.expected)),
      drawCall(callOf(after, outcomeOf(after.expected), undefined, 'regenerated'), nans, { expected: 'PyTorch', got: 'regenerated' }, outcomeOf(after.expected)),
    ];
  return html`<section class="failure" id="case-${after.id}"><h3>${badge('fail', 'changed')} ${after.id}</h3>
<p class="sub">${after.description} (${after.source.file}:${after.source.line})</p><p><strong>${change}</strong></p>${drawings}</section>`;
}

function side(m: GoldenManifest | undefined): string {
  return m ? `${describeProvenance(m)}; ${m.totalCases} cases` : 'none';
}

/** The diff as a page: provenance of both sides, counts, every changed case drawn (up to `limit`). */
export function corpusDiffHtml(diff: CorpusDiff, limit = 200): string {
  const nans = new NaNLabels();
  const changed = diff.changed.slice(0, limit).map((c) => changedCase(c.before, c.after, c.change, nans));
  const list = (title: string, cases: GoldenCase[]): Html => (cases.length
    ? html`<h2>${title} (${cases.length})</h2><ul>${cases.slice(0, limit).map((c) => html`<li><code>${c.id}</code>: ${c.description}</li>`)}</ul>${cases.length > limit ? html`<p>… and ${cases.length - limit} more</p>` : ''}`
    : html``);
  const verdict = diff.identical
    ? badge('pass', 'identical')
    : badge(diff.changed.length || diff.added.length || diff.removed.length ? 'fail' : 'note',
      `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`);
  return page('poolcheck golden update', html`${verdict}`, html`<dl class="kv"><dt>checked in</dt><dd>${side(diff.before)}</dd>
<dt>regenerated</dt><dd>${side(diff.after)}</dd></dl>
${changed.length ? html`<h2>Changed (${diff.changed.length})</h2>${drawingLegend({ expected: 'the checked-in pick', got: 'the regenerated pick' })}${changed}${diff.changed.length > limit ? html`<p>… and ${diff.changed.length - limit} more</p>` : ''}` : ''}
${list('Added', diff.added)}${list('Removed', diff.removed)}
${!diff.identical && !diff.changed.length && !diff.added.length && !diff.removed.length ? html`<p>No case changed; only the manifest differs.</p>` : ''}
${nans.legend() ? html`<p class="mono">NaN payloads: ${nans.legend()}</p>` : ''}`);
}
