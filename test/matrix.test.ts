/**
 * The conformance matrix (runMatrix) with hand-made deviation files: a failure nobody listed is
 * FAIL, a documented deviation turns it into "deviation", a known bug keeps it FAIL but lets the
 * run look past it for the next bug, an entry whose example no longer differs is stale, and an
 * implementation that cannot start is "n/a" without stopping the run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deviation, DeviationFile, KnownBug } from '../src/deviations/index.js';
import { decodeExampleNumber, describeCall, validateDeviationFile } from '../src/deviations/index.js';
import { resolveImplementation } from '../src/cli/impls.js';
import { formatMatrix, formatMatrixTable, matrixToJson, matrixToMarkdown } from '../src/conformance/format.js';
import { runMatrix, type Matrix, type MatrixEntry, type MatrixTarget } from '../src/conformance/matrix.js';
import type { Implementation } from '../src/implementation.js';
import { packageRoot } from '../src/paths.js';
import { maxPool1d as reference1d } from '../src/reference/index.js';
import type { PoolOptions } from '../src/types.js';
import { makePort } from './mutants/lib/port.js';
import tieLastWins from './mutants/tie-last-wins.js';

const RUNS = 20;
const SEED = 1;

/**
 * Every property a tie bug can show in. The mutant fails some of them at this seed (tie-break,
 * agrees-with-reference, golden-corpus); the entries list them all, so that which ones a given
 * seed happens to hit does not matter.
 */
const TIE_PROPERTIES = [
  'value-at-index', 'index-in-window', 'max-of-window', 'tie-break', 'unpool-round-trip', 'planes-independent',
  'metamorphic', 'agrees-with-reference', 'golden-corpus', 'no-shared-state',
];

/** Three equal maxima in one window: PyTorch keeps the first (index 0), the mutant the last (2). */
const TIE_EXAMPLE: Deviation['example'] = {
  op: 'maxPool1d',
  input: { shape: [1, 1, 3], data: [7, 7, 7] },
  options: { kernelSize: 3 },
  pytorch: { values: [7], indices: [0] },
  implementation: { values: [7], indices: [2] },
};

/** No ties: the mutant agrees with PyTorch here, so an entry with this example is stale. */
const NO_TIE_EXAMPLE: Deviation['example'] = {
  op: 'maxPool1d',
  input: { shape: [1, 1, 3], data: [1, 2, 3] },
  options: { kernelSize: 3 },
  pytorch: { values: [3], indices: [2] },
  implementation: { values: [3], indices: [2] },
};

const documented = (example = TIE_EXAMPLE): Deviation => ({
  id: 'ties-keep-last',
  properties: TIE_PROPERTIES,
  when: { hasTies: true },
  reason: 'equal maxima keep the last in scan order',
  example,
  source: 'https://example.org/ties-keep-last',
  sourceSays: 'the framework documents that the last of equal maxima wins',
});

const knownBug = (): KnownBug => ({
  id: 'ties-keep-last',
  properties: TIE_PROPERTIES,
  when: { hasTies: true },
  reason: 'equal maxima keep the last in scan order; found by poolcheck, not documented',
  example: TIE_EXAMPLE,
});

/** A directory holding <name>.json for each file given, as MatrixOptions.deviationsDir reads it. */
function deviationsDir(files: Record<string, Omit<DeviationFile, 'implementation' | 'checkedWith'>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-matrix-'));
  for (const [name, file] of Object.entries(files)) {
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ implementation: name, checkedWith: 'test', ...file }));
  }
  return dir;
}

const reference: MatrixTarget = { name: 'reference', load: async () => (await resolveImplementation('reference')).impl };
const target = (name: string, impl: Implementation): MatrixTarget => ({ name, load: async () => impl });
const tie = target('tie-last-wins', tieLastWins);

function entry(matrix: Matrix, name: string): MatrixEntry {
  const found = matrix.entries.find((e) => e.name === name);
  expect(found, `no entry ${name}`).toBeDefined();
  return found!;
}

function cellsWith(e: MatrixEntry, value: string): string[] {
  return Object.entries(e.cells).filter(([, c]) => c === value).map(([p]) => p);
}

describe('runMatrix with a tie bug (the tie-last-wins mutant)', () => {
  it('without a deviation file, the tie properties are FAIL and the run is not ok; the reference conforms', async () => {
    const matrix = await runMatrix([reference, tie], { runs: RUNS, seed: SEED, deviationsDir: deviationsDir({}) });
    expect(matrix.ok).toBe(false);
    expect(matrix.entries.map((e) => e.name)).toEqual(['reference', 'tie-last-wins']);
    const ref = entry(matrix, 'reference');
    expect(ref.conforms).toBe(true);
    expect(cellsWith(ref, 'pass')).toHaveLength(matrix.properties.length);
    const mutant = entry(matrix, 'tie-last-wins');
    expect(mutant.conforms).toBe(false);
    expect(mutant.cells['tie-break']).toBe('FAIL');
    expect(cellsWith(mutant, 'FAIL').every((p) => TIE_PROPERTIES.includes(p))).toBe(true);
    expect(cellsWith(mutant, 'deviation')).toEqual([]);
    expect(mutant.deviationsSeen).toEqual([]);
    expect(formatMatrix(matrix)).toMatch(/^FAIL tie-break$/m);
  });

  it('a documented deviation covering ties turns those cells into "deviation", and the entry conforms', async () => {
    const dir = deviationsDir({ 'tie-last-wins': { deviations: [documented()] } });
    const matrix = await runMatrix([tie], { runs: RUNS, seed: SEED, deviationsDir: dir });
    const mutant = entry(matrix, 'tie-last-wins');
    expect(mutant.cells['tie-break']).toBe('deviation');
    expect(cellsWith(mutant, 'FAIL')).toEqual([]);
    expect(cellsWith(mutant, 'deviation').length).toBeGreaterThan(0);
    expect(mutant.stale).toEqual([]);
    expect(mutant.conforms).toBe(true);
    expect(matrix.ok).toBe(true);
    const seen = mutant.deviationsSeen.find((d) => d.id === 'ties-keep-last');
    expect(seen?.properties).toContain('tie-break');
    expect(seen?.cases).toBeGreaterThan(0);
    expect(seen?.knownBug).toBeUndefined();
    // Every property ran its cases: a deviation never stops a property early.
    for (const result of mutant.suite!.properties) expect(result.status, result.id).not.toBe('fail');
  });

  it('the same entry as a known bug keeps the cells FAIL (run not ok) but is reported as seen, and the run looks past it', async () => {
    const dir = deviationsDir({ 'tie-last-wins': { deviations: [], knownBugs: [knownBug()] } });
    const matrix = await runMatrix([tie], { runs: RUNS, seed: SEED, deviationsDir: dir });
    const mutant = entry(matrix, 'tie-last-wins');
    expect(mutant.cells['tie-break']).toBe('FAIL');
    expect(cellsWith(mutant, 'deviation')).toEqual([]);
    expect(mutant.conforms).toBe(false);
    expect(matrix.ok).toBe(false);
    expect(mutant.deviationsSeen).toEqual([
      expect.objectContaining({ id: 'ties-keep-last', knownBug: true, properties: expect.arrayContaining(['tie-break']) }),
    ]);
    // The known bug explains every failing case, so the property ran all its cases and fails
    // as "known bugs only", with no counterexample of its own.
    const tieBreak = mutant.suite!.properties.find((r) => r.id === 'tie-break')!;
    expect(tieBreak.status).toBe('fail');
    expect(tieBreak.knownBugsOnly).toBe(true);
    expect(tieBreak.numRuns).toBe(mutant.suite!.runs);
    expect(tieBreak.counterexample?.evidence).toBeUndefined();
    expect(mutant.suite!.conforms).toBe(false);
    expect(tieBreak.excused?.['ties-keep-last']).toBeGreaterThan(0);
    expect(mutant.stale).toEqual([]);
    const json = matrixToJson(matrix) as { implementations: { cells: Record<string, string>; deviationsSeen: unknown[] }[] };
    expect(json.implementations[0]!.cells['tie-break']).toBe('FAIL');
    const text = formatMatrix(matrix);
    expect(text).toMatch(/^tie-last-wins \(deviations\/tie-last-wins\.json\):\n {2}FAIL known bug ties-keep-last: reproduced in \d+ case\(s\) of .*tie-break/m);
    // The table tells a FAIL that is only the known bug from a new one, and no counterexample is printed for it.
    expect(text).toMatch(/^tie-break +known bug$/m);
    expect(text).not.toMatch(/^FAIL tie-break$/m);
    expect(text).toMatch(/^tie-last-wins: .*\d+ FAIL \(0 new, \d+ only known bugs\)/m);
    expect(matrixToMarkdown(matrix, 'test')).toMatch(/^\| tie-break \| known bug \|$/m);
  });

  it('past a known bug, the counterexample reported is the next bug, not the known one', async () => {
    // Two faults: the tie bug (listed as known) and a running maximum that starts at 0 (not listed).
    const twoBugs = makePort({ tieLastWins: true, initialMaxZero: true }, 'two-bugs');
    const dir = deviationsDir({ 'two-bugs': { deviations: [], knownBugs: [knownBug()] } });
    const matrix = await runMatrix([target('two-bugs', twoBugs)], { runs: 50, seed: SEED, deviationsDir: dir });
    const mutant = entry(matrix, 'two-bugs');
    const failures = mutant.suite!.properties.filter((r) => r.status === 'fail');
    expect(failures.some((r) => (r.counterexample?.evidence?.calls.length ?? 0) > 0), 'no generated property failed').toBe(true);
    for (const result of failures) {
      const calls = result.counterexample?.evidence?.calls ?? [];
      // Corpus failures carry no call evidence; a generated one must show a case the known bug does not explain.
      if (calls.length === 0) continue;
      const shown = calls.find((c) => c.mark) ?? calls[0]!;
      const features = describeCall(shown.op, shown.input, shown.options as PoolOptions, shown.indices);
      expect(features.hasTies, `${result.id}: ${result.counterexample?.summary}`).toBe(false);
    }
    expect(mutant.deviationsSeen.map((d) => d.id)).toEqual(['ties-keep-last']);
  });

  it('a documented deviation whose example no longer differs from PyTorch is stale, and the entry does not conform', async () => {
    const dir = deviationsDir({ 'tie-last-wins': { deviations: [documented(NO_TIE_EXAMPLE)] } });
    const matrix = await runMatrix([tie], { runs: RUNS, seed: SEED, deviationsDir: dir });
    const mutant = entry(matrix, 'tie-last-wins');
    expect(mutant.stale).toEqual([{ id: 'ties-keep-last', why: expect.stringContaining('now agrees with PyTorch') }]);
    expect(cellsWith(mutant, 'FAIL')).toEqual([]); // the condition still explains the tie failures
    expect(mutant.conforms).toBe(false);
    expect(matrix.ok).toBe(false);
    expect(formatMatrix(matrix)).toMatch(/^ {2}STALE ties-keep-last: its example \(maxPool1d\) now agrees with PyTorch/m);
    expect(matrixToMarkdown(matrix, 'test')).toMatch(/^## Stale entries.*\n\n- tie-last-wins: `ties-keep-last`: /m);
  });

  it('a stale known bug is reported too', async () => {
    const dir = deviationsDir({ 'tie-last-wins': { deviations: [], knownBugs: [{ ...knownBug(), example: NO_TIE_EXAMPLE }] } });
    const matrix = await runMatrix([tie], { runs: 5, seed: SEED, deviationsDir: dir });
    expect(entry(matrix, 'tie-last-wins').stale.map((s) => s.id)).toEqual(['ties-keep-last']);
  });

  it('an entry whose condition no failing case met is said ("not met in this run"), without failing the entry', async () => {
    const unmet: Deviation = { ...documented(), id: 'only-with-duplicate-indices', when: { hasTies: true, hasDuplicateIndices: true } };
    const dir = deviationsDir({ 'tie-last-wins': { deviations: [documented(), unmet] } });
    const matrix = await runMatrix([tie], { runs: RUNS, seed: SEED, deviationsDir: dir });
    const mutant = entry(matrix, 'tie-last-wins');
    expect(mutant.conforms).toBe(true);
    expect(mutant.deviationsSeen.map((d) => d.id)).toEqual(['ties-keep-last']);
    expect(formatMatrix(matrix)).toMatch(/^ {2}not met in this run: only-with-duplicate-indices \(no failing case met its condition/m);
    expect(formatMatrix(matrix)).not.toMatch(/not met in this run: ties-keep-last/);
  });

  it('an implementation that cannot start is n/a, and the run goes on to the next one', async () => {
    const broken: MatrixTarget = { name: 'broken', load: async () => { throw new Error('the framework is not installed\nsecond line'); } };
    const announced: string[] = [];
    const matrix = await runMatrix([broken, tie], {
      runs: RUNS, seed: SEED, deviationsDir: deviationsDir({}), onEntry: (e) => announced.push(e.name),
    });
    expect(announced).toEqual(['broken', 'tie-last-wins']);
    const down = entry(matrix, 'broken');
    expect(down.unavailable).toContain('the framework is not installed');
    expect(down.suite).toBeUndefined();
    expect(entry(matrix, 'tie-last-wins').cells['tie-break']).toBe('FAIL');
    const table = formatMatrixTable(matrix).split('\n');
    const tieRow = table.find((line) => line.startsWith('tie-break'))!;
    expect(tieRow.split(/\s{2,}/)).toEqual(['tie-break', 'n/a', 'FAIL']);
    expect(formatMatrix(matrix)).toContain('broken did not run: the framework is not installed');
  });
});

describe('the port example in docs/deviations.md', () => {
  const doc = readFileSync(path.join(packageRoot, 'docs', 'deviations.md'), 'utf8');
  const block = /```json\n(\{\n {2}"implementation": "my-pool"[\s\S]*?)\n```/.exec(doc);

  it('is a valid file whose examples are what the port and PyTorch return', async () => {
    expect(block, 'no my-pool example in docs/deviations.md').not.toBeNull();
    const file = validateDeviationFile(JSON.parse(block![1]!), 'docs/deviations.md');
    const port = makePort({ tieLastWins: true, initialMaxZero: true }, 'my-pool');
    for (const entry of [...file.deviations, ...(file.knownBugs ?? [])]) {
      const { op, input, options, pytorch, implementation } = entry.example;
      const x = { shape: input.shape, data: Float32Array.from(input.data.map(decodeExampleNumber)) };
      const outcome = (r: { values: { data: ArrayLike<number> }; indices: { data: ArrayLike<number | bigint> } }) =>
        ({ values: Array.from(r.values.data), indices: Array.from(r.indices.data, Number) });
      expect(outcome(await port.maxPool1d!(x, options as PoolOptions)), entry.id).toEqual(implementation);
      expect(outcome(reference1d(x, options as PoolOptions)), entry.id).toEqual(pytorch);
      expect(op).toBe('maxPool1d');
    }
  });

  it('behaves as the text says: FAIL while the bug is there, stale once it is fixed, conforming once removed', async () => {
    const json = JSON.parse(block![1]!) as DeviationFile;
    const dir = deviationsDir({ 'my-pool': json });
    const buggy = await runMatrix([target('my-pool', makePort({ tieLastWins: true, initialMaxZero: true }, 'my-pool'))], { runs: RUNS, seed: SEED, deviationsDir: dir });
    expect(buggy.ok).toBe(false);
    expect(entry(buggy, 'my-pool').stale).toEqual([]);
    expect(entry(buggy, 'my-pool').deviationsSeen.map((d) => d.id).sort()).toEqual(['negative-windows-report-zero', 'ties-keep-last']);
    const fixed = await runMatrix([target('my-pool', makePort({ tieLastWins: true }, 'my-pool'))], { runs: RUNS, seed: SEED, deviationsDir: dir });
    expect(entry(fixed, 'my-pool').stale.map((s) => s.id)).toEqual(['negative-windows-report-zero']);
    expect(fixed.ok).toBe(false);
    const removed = deviationsDir({ 'my-pool': { ...json, knownBugs: [] } });
    const clean = await runMatrix([target('my-pool', makePort({ tieLastWins: true }, 'my-pool'))], { runs: RUNS, seed: SEED, deviationsDir: removed });
    expect(clean.ok).toBe(true);
  });
});
