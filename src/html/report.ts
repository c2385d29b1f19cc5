/**
 * The HTML reports of `verify` and `matrix`: the verdicts as a coloured table whose failing cells
 * link to their failures, and every failure with its counterexample drawn, its replay command and
 * its text report. Built from the run's results only; nothing here runs an implementation.
 */
import type { Cell, Matrix, MatrixEntry } from '../conformance/matrix.js';
import { resolveSpec } from '../reference/spec.js';
import type { ReplayHint } from '../properties/report/text.js';
import { formatFailure } from '../properties/report/text.js';
import type { MergedReport } from '../properties/report/merge.js';
import type { PropertyResult, SuiteResult } from '../properties/runner.js';
import { drawingLegend, drawCalls } from './counterexample.js';
import { anchorId, badge, html, page, type Html, type VerdictClass } from './page.js';

/** A property's verdict as the matrix and verify name it, and its colour. */
export function verdictOf(result: PropertyResult | undefined, cell?: Cell): { verdict: VerdictClass; text: string } {
  if (!result) return { verdict: 'not-run', text: 'not run' };
  if (result.status === 'not-covered' || cell === 'not covered') return { verdict: 'not-covered', text: 'not covered' };
  if (result.knownBugsOnly) return { verdict: 'known-bug', text: 'known bug' };
  if (result.status === 'fail' || cell === 'FAIL') return { verdict: 'fail', text: 'FAIL' };
  if (cell === 'deviation') return { verdict: 'deviation', text: 'deviation' };
  return { verdict: 'pass', text: 'pass' };
}

function failureSection(implName: string, result: PropertyResult, hint: ReplayHint | undefined, known: boolean): Html {
  const c = result.counterexample;
  const replay = hint?.replay(result);
  const found = result.numShrinks !== undefined
    ? `found at case ${result.numRuns} of the run, shrunk ${result.numShrinks} time${result.numShrinks === 1 ? '' : 's'}`
    : undefined;
  return html`<section class="failure${known ? ' known' : ''}" id="${anchorId(implName, result.id)}">
<h3>${badge(known ? 'known-bug' : 'fail', known ? 'known bug' : 'FAIL')} ${implName}: ${result.id}</h3>
<p class="sub">${result.statement}</p>
${c ? html`<p><strong>${c.summary}</strong></p>
${c.evidence?.details?.length ? html`<ul>${c.evidence.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
${c.story.length ? html`<dl class="kv"><dt>case</dt><dd>${found ? html`<em>${found}</em><br>` : ''}${c.story.map((s, i) => html`${i ? html`<br>` : ''}${s}`)}</dd></dl>` : ''}
${c.specHint ? html`<p><strong>spec:</strong> ${c.specHint}</p>` : ''}
${c.evidence?.calls.length ? drawCalls(c.evidence.calls, resolveSpec(result.spec)) : ''}` : ''}
${replay ? html`<p>replay:</p><pre class="replay">${replay}</pre>` : ''}
<details><summary>the text report</summary><pre>${formatFailure(result, hint)}</pre></details>
</section>`;
}

/** `verify --html`: one implementation's run; `incomplete` is the reason a run stopped early, shown first. */
export function suiteHtml(suite: SuiteResult, subject: { name: string; spec: string }, hint?: ReplayHint, incomplete?: string): string {
  const rows = suite.properties.map((r) => {
    const { verdict, text } = verdictOf(r);
    const href = r.status === 'fail' && r.counterexample ? `#${anchorId(subject.name, r.id)}` : undefined;
    const cases = r.status === 'not-covered' ? (r.reason ?? '') : `${r.numRuns} case${r.numRuns === 1 ? '' : 's'}${r.uncovered.length ? `; not covered: ${r.uncovered.join(', ')}` : ''}`;
    return html`<tr><td>${r.id}</td><td class="c-${verdict}">${badge(verdict, text, href)}</td><td class="wrap">${cases}</td></tr>`;
  });
  const failures = suite.properties.filter((r) => r.status === 'fail' && r.counterexample);
  const verdict = incomplete !== undefined ? badge('fail', `incomplete run: ${incomplete}`)
    : suite.conforms ? badge('pass', 'conforms') : badge('fail', 'does NOT conform');
  const shard = suite.shard ? `, shard ${suite.shard.index + 1}/${suite.shard.count}` : '';
  return page(`poolcheck verify: ${subject.name}`,
    html`${verdict} <code>${subject.spec}</code>, seed ${suite.seed}, ${suite.runs} cases per property${shard}, ${(suite.durationMs / 1000).toFixed(1)} s`,
    html`<table class="matrix"><tr><th>property</th><th>verdict</th><th>cases</th></tr>${rows}</table>
${failures.length ? html`<h2>Failures</h2>${drawingLegend()}${failures.map((r) => failureSection(subject.name, r, hint, !!r.knownBugsOnly))}` : ''}`);
}

function entryCell(entry: MatrixEntry, property: string): Html {
  if (entry.unavailable) return html`<td class="c-not-run">${badge('not-run', entry.notInstalled ? 'not installed' : 'not run')}</td>`;
  const result = entry.suite?.properties.find((r) => r.id === property);
  const { verdict, text } = verdictOf(result, entry.cells[property]);
  const href = result && result.status === 'fail' && result.counterexample ? `#${anchorId(entry.name, property)}` : undefined;
  return html`<td class="c-${verdict}">${badge(verdict, text, href)}</td>`;
}

/** `matrix --html`: every implementation × property, with each failure drawn below; `incomplete` as in suiteHtml. */
export function matrixHtml(matrix: Matrix, replayFor: (name: string) => ReplayHint, incomplete?: string): string {
  const header = html`<tr><th>property</th>${matrix.entries.map((e) => html`<th>${e.name}</th>`)}</tr>`;
  const rows = matrix.properties.map((p) => html`<tr><td>${p}</td>${matrix.entries.map((e) => entryCell(e, p))}</tr>`);
  const notRun = matrix.entries.filter((e) => e.unavailable).map((e) => html`<li><strong>${e.name}</strong>: ${e.unavailable}</li>`);
  const sections = matrix.entries.flatMap((entry) => {
    const failing = (entry.suite?.properties ?? []).filter((r) => r.status === 'fail' && r.counterexample);
    const seen = entry.deviationsSeen.map((d) => html`<li>${badge(d.knownBug ? 'known-bug' : 'deviation', d.knownBug ? 'known bug' : 'deviation')} <code>${d.id}</code>: ${d.cases} case(s) of ${d.properties.join(', ')}</li>`);
    const stale = entry.stale.map((s) => html`<li>${badge('fail', 'STALE')} <code>${s.id}</code>: ${s.why}</li>`);
    if (failing.length === 0 && seen.length === 0 && stale.length === 0) return [];
    return [html`<h2 id="${anchorId(entry.name)}">${entry.name}</h2>
${seen.length || stale.length ? html`<ul>${seen}${stale}</ul>` : ''}
${failing.map((r) => failureSection(entry.name, r, replayFor(entry.name), !!r.knownBugsOnly))}`];
  });
  return page('poolcheck conformance matrix',
    html`${incomplete !== undefined ? badge('fail', `incomplete run: ${incomplete}`) : matrix.ok ? badge('pass', 'every implementation conforms') : badge('fail', 'some implementations do not conform')} seed ${matrix.seed}, ${matrix.runs} cases per generated property, ${(matrix.durationMs / 1000).toFixed(1)} s`,
    html`<div class="legend">${badge('pass', 'pass')} holds ${badge('deviation', 'deviation')} only where the framework documents it
${badge('known-bug', 'known bug')} fails on a bug already written down ${badge('fail', 'FAIL')} a new difference from PyTorch
${badge('not-covered', 'not covered')} outside what it declares ${badge('not-run', 'not run')} could not be started</div>
<table class="matrix">${header}${rows}</table>
${notRun.length ? html`<ul>${notRun}</ul>` : ''}
${sections.length ? html`${drawingLegend()}${sections}` : ''}`);
}

/**
 * `merge --html`: the verdict of a sharded run from its shards' JSON reports. The JSON carries
 * each failure's text report (and replay); each is shown with the shard that found it.
 */
export function mergedHtml(merged: MergedReport): string {
  const rows = merged.properties.map((p) => {
    const verdict: VerdictClass = p.status === 'fail' ? 'fail' : p.status === 'pass' ? 'pass' : 'not-covered';
    const text = p.status === 'fail' ? 'FAIL' : p.status === 'pass' ? 'pass' : 'not covered';
    const href = p.failures.length ? `#${anchorId(merged.implementation.name, p.id)}` : undefined;
    const cases = p.status === 'not-covered' ? (p.reason ?? '') : `${p.numRuns} case${p.numRuns === 1 ? '' : 's'}${p.failures.length ? `; failed in shard ${p.failures.map((f) => f.shard).join(', ')}` : ''}`;
    return html`<tr><td>${p.id}</td><td class="c-${verdict}">${badge(verdict, text, href)}</td><td class="wrap">${cases}</td></tr>`;
  });
  const failures = merged.properties.filter((p) => p.failures.length).map((p) => html`<section class="failure" id="${anchorId(merged.implementation.name, p.id)}">
<h3>${badge('fail', 'FAIL')} ${merged.implementation.name}: ${p.id}</h3><p class="sub">${p.statement}</p>
${p.failures.map((f) => html`<p><strong>shard ${f.shard}/${merged.merged.shards}</strong>: ${f.failure.summary}</p>
${typeof f.failure.replay === 'string' ? html`<pre class="replay">${f.failure.replay}</pre>` : ''}<pre>${f.failure.report}</pre>`)}</section>`);
  return page(`poolcheck merge: ${merged.implementation.name}`,
    html`${merged.conforms ? badge('pass', 'conforms') : badge('fail', 'does NOT conform')} <code>${merged.implementation.spec}</code>, seed ${merged.seed}, ${merged.runs} cases per property, ${merged.merged.shards} shards merged`,
    html`<table class="matrix"><tr><th>property</th><th>verdict</th><th>cases (all shards)</th></tr>${rows}</table>
${failures.length ? html`<h2>Failures</h2>${failures}` : ''}`);
}
