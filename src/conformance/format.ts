/** The matrix as text for a terminal, as Markdown for docs/, and as JSON for machines. */
import { formatFailure } from '../properties/report/text.js';
import { suiteToJson } from '../properties/report/machine.js';
import { verifyReplay } from '../properties/replay.js';
import { unmetEntries, type Cell } from '../deviations/index.js';
import type { Matrix, MatrixEntry } from './matrix.js';
import { DEFAULT_SPEC, describeSpec } from '../reference/spec.js';

const CELL_TEXT: Record<Cell, string> = { pass: 'pass', deviation: 'deviation', FAIL: 'FAIL', 'not covered': '—' };

/**
 * A FAIL cell whose property found nothing but known bugs: still a failure, but one already
 * written down, with no new counterexample below. Shown apart so that a reader can tell at a
 * glance which FAIL cells need a look.
 */
function onlyKnownBugs(entry: MatrixEntry, property: string): boolean {
  return entry.cells[property] === 'FAIL' && entry.suite?.properties.find((r) => r.id === property)?.knownBugsOnly === true;
}

function cell(entry: MatrixEntry, property: string): string {
  if (entry.notInstalled) return 'not installed';
  if (entry.unavailable) return 'n/a';
  const value = entry.cells[property];
  if (onlyKnownBugs(entry, property)) return 'known bug';
  return value ? CELL_TEXT[value] : '—';
}

export function formatEntryLine(entry: MatrixEntry): string {
  if (entry.unavailable) return `${entry.name}: not run: ${entry.unavailable.split('\n')[0]}`;
  const counts: Record<Cell, number> = { pass: 0, deviation: 0, FAIL: 0, 'not covered': 0 };
  for (const value of Object.values(entry.cells)) counts[value]++;
  const known = Object.keys(entry.cells).filter((property) => onlyKnownBugs(entry, property)).length;
  const fails = known > 0 ? `${counts.FAIL} FAIL (${counts.FAIL - known} new, ${known} only known bugs)` : `${counts.FAIL} FAIL`;
  const seconds = ((entry.suite?.durationMs ?? 0) / 1000).toFixed(1);
  return `${entry.name}: ${counts.pass} pass, ${counts.deviation} documented deviation, ${fails}, ` +
    `${counts['not covered']} not covered${entry.stale.length ? `, ${entry.stale.length} STALE deviation` : ''} (${seconds} s)`;
}

export function formatMatrixTable(matrix: Matrix): string {
  const names = matrix.entries.map((e) => e.name);
  const first = Math.max('property'.length, ...matrix.properties.map((p) => p.length));
  const widths = matrix.entries.map((e) => Math.max(e.name.length, e.notInstalled ? 'not installed'.length : 'known bug'.length));
  const row = (label: string, cells: string[]) =>
    `${label.padEnd(first)}  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const lines = [row('property', names), row('-'.repeat(first), widths.map((w) => '-'.repeat(w)))];
  for (const property of matrix.properties) lines.push(row(property, matrix.entries.map((e) => cell(e, property))));
  return lines.join('\n');
}

export function formatMatrix(matrix: Matrix): string {
  const lines = [
    `poolcheck conformance matrix against ${describeSpec(matrix.spec)}: seed ${matrix.seed}, ${matrix.runs} cases per generated property`,
    '',
    formatMatrixTable(matrix),
    '',
    'pass: holds. deviation: fails only where the framework documents it (deviations/<name>.json). FAIL: a new,',
    'undocumented difference from PyTorch (a bug; its minimal counterexample is below). known bug: fails, but only on',
    'cases a bug already listed under knownBugs in deviations/<name>.json explains (still a failure; its example is in',
    'that file). —: outside what the implementation declares it supports. n/a: could not be started.',
    ...(matrix.entries.some((e) => e.notInstalled) ? ['not installed: its framework is an optional dependency that is not installed here (the command is below).'] : []),
  ];
  for (const entry of matrix.entries) {
    if (entry.unavailable) lines.push('', `${entry.name} did not run: ${entry.unavailable}`);
    // Counts include the cases fast-check tried while shrinking a new failure.
    const notes = [
      ...entry.deviationsSeen.map((seen) => seen.knownBug
        ? `  FAIL known bug ${seen.id}: reproduced in ${seen.cases} case(s) of ${seen.properties.join(', ')}`
        : `  documented deviation ${seen.id}: explained ${seen.cases} failing case(s) of ${seen.properties.join(', ')}`),
      ...entry.stale.map((stale) => `  STALE ${stale.id}: ${stale.why}; remove it from the file`),
      ...unmetEntries(entry.deviationFile, entry.deviationsSeen, entry.stale).map((id) => `  not met in this run: ${id} (no failing case met its condition; its example still reproduces)`),
    ];
    if (notes.length > 0) lines.push('', `${entry.name} (deviations/${entry.name}.json):`, ...notes);
    const hint = verifyReplay(entry.name);
    for (const result of entry.suite?.properties ?? []) {
      if (result.status === 'fail' && !result.knownBugsOnly) lines.push('', `── ${entry.name} ──`, formatFailure(result, hint));
    }
  }
  lines.push('', ...matrix.entries.map(formatEntryLine));
  lines.push('', matrix.ok
    ? `every implementation conforms (documented deviations allowed) [${(matrix.durationMs / 1000).toFixed(1)} s]`
    : `some implementations do not conform: see the FAIL, known bug and STALE entries above [${(matrix.durationMs / 1000).toFixed(1)} s]`);
  return lines.join('\n');
}

/** The matrix as Markdown; `incomplete` (the reason a run stopped early) is said at the top. */
export function matrixToMarkdown(matrix: Matrix, generatedBy: string, incomplete?: string): string {
  const names = matrix.entries.map((e) => e.name);
  const lines = [
    '# Conformance matrix',
    '',
    ...(incomplete !== undefined
      ? [`**Incomplete run: ${incomplete}.** Only the implementations below finished; this is not the whole matrix.`, '']
      : []),
    `Generated by \`${generatedBy}\` (seed ${matrix.seed}, ${matrix.runs} cases per generated property` +
      `${matrix.spec.name === DEFAULT_SPEC ? '' : `, against ${describeSpec(matrix.spec)}`}). Do not edit by hand.`,
    '',
    '**pass**: the property holds. **deviation**: it fails only on cases a documented deviation of that framework explains',
    '(`deviations/<name>.json`, each entry with a link to the framework\'s own documentation or test). **FAIL**: a new,',
    'undocumented difference from PyTorch, that is a bug (its minimal example is below). **known bug**: it fails, but',
    'only on cases a bug already listed under `knownBugs` in `deviations/<name>.json` explains (still a failure; its',
    'example is in that file). **—**: outside what the implementation declares it supports, so not checked. **n/a**:',
    'the implementation could not be started.',
    '',
    `| property | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---').join(' | ')} |`,
    ...matrix.properties.map((p) => `| ${p} | ${matrix.entries.map((e) => cell(e, p)).join(' | ')} |`),
  ];
  const failures = matrix.entries.flatMap((entry) =>
    (entry.suite?.properties ?? []).filter((r) => r.status === 'fail' && !r.knownBugsOnly).map((r) => ({ entry, r })));
  if (failures.length > 0) {
    lines.push('', '## Minimal counterexamples', '');
    for (const { entry, r } of failures) {
      lines.push(`### ${entry.name}: ${r.id}`, '', '```text', formatFailure(r, verifyReplay(entry.name)), '```', '');
    }
  }
  const seen = matrix.entries.flatMap((e) => e.deviationsSeen.map((d) =>
    `- ${e.name}: ${d.knownBug ? 'known bug (FAIL)' : 'documented deviation'} \`${d.id}\`, ${d.cases} case(s) of ${d.properties.join(', ')}`));
  if (seen.length > 0) lines.push('', '## Documented deviations and known bugs seen in this run', '', ...seen);
  const stale = matrix.entries.flatMap((e) => e.stale.map((s) => `- ${e.name}: \`${s.id}\`: ${s.why}`));
  if (stale.length > 0) lines.push('', '## Stale entries (remove them from the deviation file)', '', ...stale);
  const listed = matrix.entries.filter((e) => e.deviationFile && (e.deviationFile.deviations.length + (e.deviationFile.knownBugs?.length ?? 0)) > 0);
  if (listed.length > 0) {
    lines.push('', '## Every listed difference, with its minimal example', '',
      'From each implementation\'s `deviations/<name>.json`; every example is re-run on each matrix run (an entry whose',
      'example no longer differs from PyTorch is reported as stale).', '');
    for (const entry of listed) {
      const file = entry.deviationFile!;
      const all = [
        ...file.deviations.map((d) => ({ d, kind: 'documented deviation' })),
        ...(file.knownBugs ?? []).map((d) => ({ d, kind: 'known bug' })),
      ];
      for (const { d, kind } of all) {
        const { op, input, indices, options } = d.example;
        const call = `${op}(input ${JSON.stringify(input.shape)} = ${JSON.stringify(input.data)}${indices ? `, indices ${JSON.stringify(indices.data)}` : ''}, ${JSON.stringify(options)})`;
        lines.push(`### ${entry.name}: ${d.id} (${kind})`, '', d.reason, '',
          '```text', call, `${'PyTorch:'.padEnd(entry.name.length + 2)}${JSON.stringify(d.example.pytorch)}`,
          `${`${entry.name}:`.padEnd(Math.max(entry.name.length + 2, 10))}${JSON.stringify(d.example.implementation)}`, '```',
          ...('source' in d && d.source ? ['', `Source: ${d.source}`] : []), '');
      }
    }
  }
  const unavailable = matrix.entries.filter((e) => e.unavailable).map((e) => `- ${e.name}: ${e.unavailable!.split('\n')[0]}`);
  if (unavailable.length > 0) lines.push('', '## Not run', '', ...unavailable);
  return `${lines.join('\n')}\n`;
}

/** The matrix as JSON; `incomplete` is the reason a run stopped early (then `complete` is false and `ok` too). */
export function matrixToJson(matrix: Matrix, incomplete?: string): object {
  return {
    format: 'poolcheck-matrix-report',
    version: 1,
    complete: incomplete === undefined,
    ...(incomplete !== undefined ? { incomplete } : {}),
    seed: matrix.seed,
    runs: matrix.runs,
    spec: { name: matrix.spec.name, pytorch: matrix.spec.pytorch, basis: matrix.spec.basis, provenance: matrix.spec.provenance },
    ok: matrix.ok && incomplete === undefined,
    durationMs: matrix.durationMs,
    properties: matrix.properties,
    implementations: matrix.entries.map((entry) => ({
      name: entry.name,
      ...(entry.unavailable ? { unavailable: entry.unavailable } : {}),
      ...(entry.notInstalled ? { notInstalled: entry.notInstalled } : {}),
      conforms: entry.conforms,
      cells: entry.cells,
      deviationsSeen: entry.deviationsSeen,
      stale: entry.stale,
      ...(entry.suite ? { report: suiteToJson(entry.suite, { spec: entry.name, name: entry.name }, verifyReplay(entry.name)) } : {}),
    })),
  };
}
