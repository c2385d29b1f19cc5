/**
 * Deviation files as the commands use them: `poolcheck matrix` (and `poolcheck` alone) with its
 * reports and usage errors, `poolcheck verify --deviations <file|none>` judging a mutant by a
 * port's own file, and the file checks that tell a documented deviation from a known bug.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateDeviationFile, type Deviation } from '../src/deviations/index.js';
import { main } from '../src/cli/main.js';
import { verify, type VerifyOptions } from '../src/cli/verify.js';
import { MUTANTS_DIR } from './mutants/lib/catalogue.js';

const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-deviations-run-'));
const TIE_MUTANT = path.join(MUTANTS_DIR, 'tie-last-wins.ts');

afterEach(() => {
  // The commands report their verdict through process.exitCode; do not leak it to the runner.
  process.exitCode = undefined;
});

/** main() as the binary runs it: the exit code, what went to stdout and to stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spyLog = vi.spyOn(console, 'log').mockImplementation((text: unknown) => { out.push(String(text)); });
  const spyError = vi.spyOn(console, 'error').mockImplementation((text: unknown) => { err.push(String(text)); });
  const spyWrite = vi.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => { err.push(String(text)); return true; });
  try {
    return { code: await main(args), out: out.join('\n'), err: err.join('') };
  } finally {
    spyLog.mockRestore();
    spyError.mockRestore();
    spyWrite.mockRestore();
  }
}

async function runVerify(options: VerifyOptions): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await verify(options, { out: (line) => lines.push(line) });
  return { code, out: lines.join('\n') };
}

const TIE_ENTRY = {
  id: 'ties-keep-last',
  properties: ['tie-break', 'agrees-with-reference', 'golden-corpus'],
  when: { hasTies: true },
  reason: 'equal maxima keep the last in scan order',
  example: {
    op: 'maxPool1d',
    input: { shape: [1, 1, 3], data: [7, 7, 7] },
    options: { kernelSize: 3 },
    pytorch: { values: [7], indices: [0] },
    implementation: { values: [7], indices: [2] },
  },
};
const SOURCE = { source: 'https://example.org/my-port/ties', sourceSays: 'the port documents that the last of equal maxima wins' };

function writeJson(name: string, json: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return file;
}

const documentedFile = writeJson('ties-documented.json', {
  implementation: 'tie-last-wins', checkedWith: 'test', deviations: [{ ...TIE_ENTRY, ...SOURCE }],
});
const knownBugFile = writeJson('ties-known-bug.json', {
  implementation: 'tie-last-wins', checkedWith: 'test', deviations: [], knownBugs: [TIE_ENTRY],
});

describe('poolcheck matrix', () => {
  it('writes the Markdown table and a JSON report, and exits 0 when everything conforms', async () => {
    const markdown = path.join(dir, 'c.md');
    const json = path.join(dir, 'm.json');
    const { code, out, err } = await cli(['matrix', '--impls', 'reference', '--runs', '20', '--seed', '1', '--markdown', markdown, '--json', json]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('poolcheck: conformance matrix of reference; seed 1, 20 cases per property');
    expect(out).toMatch(/^tie-break +pass$/m);
    expect(out).toMatch(/every implementation conforms/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { format: string; ok: boolean; seed: number; implementations: { name: string; cells: Record<string, string> }[] };
    expect(report).toMatchObject({ format: 'poolcheck-matrix-report', ok: true, seed: 1, runs: 20 });
    expect(report.implementations.map((i) => i.name)).toEqual(['reference']);
    expect(report.implementations[0]!.cells['tie-break']).toBe('pass');
    const text = readFileSync(markdown, 'utf8');
    expect(text).toMatch(/^# Conformance matrix$/m);
    expect(text).toContain('| property | reference |');
    expect(text).toContain('| tie-break | pass |');
    expect(text).toContain('`poolcheck matrix --seed 1 --impls reference --runs 20 --markdown');
  });

  it('is what `poolcheck` runs when given only matrix options', async () => {
    const { code, out } = await cli(['--impls', 'reference', '--runs', '5', '--seed', '2']);
    expect(code).toBe(0);
    expect(out).toMatch(/^poolcheck: conformance matrix of reference; seed 2, 5 cases per property$/m);
    expect(out).toMatch(/^poolcheck conformance matrix against PyTorch 1\.13\.1 \(--spec pytorch-1\.13, measured\): seed 2, 5 cases per generated property$/m);
  });

  it('refuses an unknown implementation with one line, exit 2', async () => {
    const { code, out, err } = await cli(['matrix', '--impls', 'nope']);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(/^poolcheck: --impls: unknown implementation nope \(built-ins: .*reference/);
    expect(out).toBe('');
  });

  it('refuses --markdown into a missing directory with one line, exit 2, before running anything and writing nothing', async () => {
    const json = path.join(dir, 'not-written.json');
    const markdown = path.join(dir, 'no', 'such', 'dir', 'c.md');
    const before = readdirSync(dir);
    const { code, out, err } = await cli(['matrix', '--impls', 'reference', '--runs', '5', '--seed', '1', '--json', json, '--markdown', markdown]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(/^poolcheck: .*--markdown|^poolcheck: cannot write the report/);
    expect(existsSync(markdown)).toBe(false);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
    // A usage error is found before the run, not after minutes of it.
    expect(out).not.toMatch(/conformance matrix against .*: seed/);
  });
});

describe('poolcheck verify --deviations', () => {
  const common = { impl: TIE_MUTANT, only: 'tie-break,agrees-with-reference', runs: '30', seed: '1' };

  it('exits 1 on the tie mutant without a deviation file', async () => {
    const { code, out } = await runVerify(common);
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL tie-break$/m);
  });

  it('exits 0 when the port\'s own file documents the difference', async () => {
    const { code, out } = await runVerify({ ...common, deviations: documentedFile });
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/1 documented deviation\(s\) allowed/);
    expect(out).toMatch(/^documented deviation ties-keep-last: explained \d+ failing case\(s\) of tie-break/m);
    expect(out).not.toMatch(/^FAIL /m);
  });

  it('exits 1 when the file lists the difference as a known bug, without stopping at it', async () => {
    const { code, out } = await runVerify({ ...common, deviations: knownBugFile });
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL known bug ties-keep-last: reproduced in \d+ case\(s\) of tie-break/m);
    // Nothing but the known bug is wrong, so no counterexample is printed.
    expect(out).not.toMatch(/^FAIL tie-break$/m);
    expect(out).not.toContain('replay:');
  });

  it('--deviations none runs a built-in without its own file', async () => {
    const options = { impl: 'tfjs-cpu', only: 'max-of-window', runs: '100', seed: '3' };
    const withFile = await runVerify(options);
    expect(withFile.out.split('\n')[0]).toMatch(/documented deviation\(s\) allowed/);
    expect(withFile.out).toMatch(/^(documented deviation|FAIL known bug) /m);
    const without = await runVerify({ ...options, deviations: 'none' });
    expect(without.out.split('\n')[0]).not.toMatch(/deviation/);
    expect(without.out).not.toMatch(/^(documented deviation|FAIL known bug) /m);
    expect(without.code).toBe(1);
    expect(without.out).toMatch(/^FAIL max-of-window$/m);
    expect(without.out).toMatch(/replay: poolcheck verify --impl tfjs-cpu .*--deviations none/);
  });

  it.each([
    ['not JSON', '{ "implementation": ', /^poolcheck: --deviations .*bad-0\.json: cannot read it as JSON/],
    ['a known bug without a reason', { implementation: 'x', checkedWith: 't', deviations: [], knownBugs: [{ ...TIE_ENTRY, reason: undefined }] },
      /^poolcheck: --deviations .*bad-1\.json: .*known bug 0 \(ties-keep-last\): "reason" must be a non-empty string/],
    ['a documented deviation without a source', { implementation: 'x', checkedWith: 't', deviations: [TIE_ENTRY] },
      /^poolcheck: --deviations .*bad-2\.json: .*deviation 0 \(ties-keep-last\): "source" must be a non-empty string/],
    ['an unknown feature', { implementation: 'x', checkedWith: 't', deviations: [{ ...TIE_ENTRY, ...SOURCE, when: { hasTie: true } }] },
      /^poolcheck: --deviations .*bad-3\.json: .*unknown feature "hasTie"/],
  ])('a malformed file (%s) exits 2 with one line', async (_what, content, message) => {
    const index = ['not JSON', 'a known bug without a reason', 'a documented deviation without a source', 'an unknown feature'].indexOf(_what);
    const file = writeJson(`bad-${index}.json`, content);
    const { code, err } = await cli(['verify', '--impl', 'reference', '--only', 'tie-break', '--runs', '5', '--deviations', file]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(message);
  });

  it('a missing file exits 2 with one line', async () => {
    const { code, err } = await cli(['verify', '--impl', 'reference', '--deviations', path.join(dir, 'missing.json')]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(/^poolcheck: --deviations .*missing\.json: cannot read it as JSON \(ENOENT/);
  });
});

describe('validateDeviationFile: documented deviations and known bugs', () => {
  const file = (extra: object) => ({ implementation: 'my-port', checkedWith: 'my-port 1.0', deviations: [], ...extra });

  it('accepts a known bug without a source', () => {
    const parsed = validateDeviationFile(file({ knownBugs: [TIE_ENTRY] }), 'f.json');
    expect(parsed.knownBugs?.map((b) => b.id)).toEqual(['ties-keep-last']);
    expect(parsed.knownBugs?.[0]?.source).toBeUndefined();
  });

  it('refuses a known bug without a reason', () => {
    const { reason: _, ...withoutReason } = TIE_ENTRY;
    expect(() => validateDeviationFile(file({ knownBugs: [withoutReason] }), 'f.json'))
      .toThrow('f.json: known bug 0 (ties-keep-last): "reason" must be a non-empty string');
    expect(() => validateDeviationFile(file({ knownBugs: [{ ...TIE_ENTRY, reason: '' }] }), 'f.json')).toThrow(/"reason"/);
  });

  it('refuses a documented deviation without an https source', () => {
    expect(() => validateDeviationFile(file({ deviations: [TIE_ENTRY] }), 'f.json'))
      .toThrow('f.json: deviation 0 (ties-keep-last): "source" must be a non-empty string');
    const http = { ...TIE_ENTRY, ...SOURCE, source: 'http://example.org/doc' };
    expect(() => validateDeviationFile(file({ deviations: [http] }), 'f.json'))
      .toThrow('f.json: deviation 0 (ties-keep-last): "source" must be an https link to documentation or a test');
    expect(() => validateDeviationFile(file({ deviations: [{ ...TIE_ENTRY, ...SOURCE, sourceSays: '' }] }), 'f.json'))
      .toThrow(/"sourceSays" must be a non-empty string/);
  });

  it('refuses an id used twice across deviations and known bugs, and knownBugs that is not a list', () => {
    const both = file({ deviations: [{ ...TIE_ENTRY, ...SOURCE }], knownBugs: [TIE_ENTRY] });
    expect(() => validateDeviationFile(both, 'f.json')).toThrow('f.json: known bug 0 (ties-keep-last): duplicate id');
    expect(() => validateDeviationFile(file({ knownBugs: {} }), 'f.json')).toThrow('"knownBugs" must be an array');
  });

  it('accepts a documented deviation with its https source (the shape docs/deviations.md shows)', () => {
    const parsed = validateDeviationFile(file({ deviations: [{ ...TIE_ENTRY, ...SOURCE } as Deviation] }), 'f.json');
    expect(parsed.deviations[0]?.source).toBe(SOURCE.source);
  });
});
