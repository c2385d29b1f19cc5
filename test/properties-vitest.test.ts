/**
 * `poolcheck/vitest`: a port's vitest file runs the suite in a few lines, one test per property,
 * with the same failure reports. The reference runs here in-process; a failing port runs in a
 * child vitest (its failures must fail that run, not this one).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as reference from '../src/reference/index.js';
import { conformance } from '../src/vitest.js';
import tieLastWins from './mutants/tie-last-wins.js';

conformance({ ...reference, name: 'reference', capabilities: { errors: 'pytorch' } }, { runs: 40, name: 'the reference' });

// Only 2-D pooling, no error checks: the unpool and error properties show up as skipped, with the reason.
conformance({ name: 'pool2d only', maxPool2d: reference.maxPool2d, capabilities: { errors: 'none' } }, {
  runs: 20, only: ['tie-break', 'unpool-size', 'rejects-invalid'],
});

// A documented deviation excuses, in-process: the port with the ties bug passes tie-break.
conformance(tieLastWins, {
  name: 'ties documented', runs: 30, only: ['tie-break', 'output-shape'],
  deviations: 'test/fixtures/vitest-deviations/ties-documented.json',
});

const vitest = path.resolve('node_modules/vitest/vitest.mjs');
const config = 'test/fixtures/vitest-conformance/vitest.config.ts';

async function childVitest(env: Record<string, string>, args: string[] = ['--config', config]): Promise<{ code: number; output: string }> {
  const result = await promisify(execFile)(process.execPath, [vitest, 'run', ...args], {
    env: { ...process.env, ...env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 16 << 20,
  }).then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (e: { code: number; stdout: string; stderr: string }) => e);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

describe('a failing port under poolcheck/vitest', () => {
  it('fails only the broken property, with the report and a replay that replays', async () => {
    const first = await childVitest({ POOLCHECK_SEED: '7' });
    expect(first.code).toBe(1);
    expect(first.output).toMatch(/poolcheck conformance: tie-last-wins \(seed 7, 50 cases per property\)/);
    expect(first.output).toMatch(/Tests\s+1 failed \| 2 passed \(3\)/);
    expect(first.output).toContain('FAIL tie-break');
    expect(first.output).toContain('expected indices');
    const replay = /POOLCHECK_SEED=7 POOLCHECK_ONLY=tie-break POOLCHECK_PATH=([\d:]+)/.exec(first.output);
    expect(replay, first.output).not.toBeNull();
    const summary = first.output.split('\n').find((line) => /^\s+indices\[.*first of the equal maxima/.test(line))!.trim();

    const again = await childVitest({ POOLCHECK_SEED: '7', POOLCHECK_ONLY: 'tie-break', POOLCHECK_PATH: replay![1]! });
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/Tests\s+1 failed \(1\)/);
    expect(again.output).toContain(summary);
  });
});

describe('conformance(port, { deviations }): the same semantics as verify --deviations', () => {
  it('a bad deviation file fails at once, in one line naming it', () => {
    expect(() => conformance(tieLastWins, { deviations: 'test/fixtures/no-such-deviations.json' }))
      .toThrow(/^poolcheck: deviations test\/fixtures\/no-such-deviations\.json: cannot read it as JSON \(ENOENT/);
    expect(() => conformance(tieLastWins, { deviations: { implementation: 'x', checkedWith: 'y', deviations: [{ id: 'a' }] } as never }))
      .toThrow(/^poolcheck: deviations the deviations option: deviation 0 \(a\): "properties" must be a non-empty array/);
  });

  it('a known bug still fails its property (only known bugs found); a documented one passes; a stale entry fails', async () => {
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'poolcheck-vitest-deviations-')), 'report.json');
    const run = await childVitest({ POOLCHECK_SEED: '11' }, [
      '--config', 'test/fixtures/vitest-deviations/vitest.config.ts', '--reporter=json', `--outputFile=${report}`,
    ]);
    expect(run.code).toBe(1);
    const results = (JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    }).testResults;
    const outcome = (file: string) => Object.fromEntries(results.find((r) => r.name.endsWith(file))!.assertionResults
      .map((a) => [a.title, a.status]));
    expect(outcome('documented.conformance.ts')).toEqual({
      'output-shape': 'passed', 'tie-break': 'passed', 'deviation file: no entry is stale': 'passed',
    });
    expect(outcome('known-bug.conformance.ts')).toEqual({
      'output-shape': 'passed', 'tie-break': 'failed', 'deviation file: no entry is stale': 'passed',
    });
    const knownBug = results.find((r) => r.name.endsWith('known-bug.conformance.ts'))!.assertionResults.find((a) => a.title === 'tie-break')!;
    expect(knownBug.failureMessages.join('\n')).toMatch(/fails only on cases that known bugs explain: ties-keep-last \(\d+ cases?\)/);
    expect(outcome('stale.conformance.ts')).toEqual({ 'output-shape': 'passed', 'deviation file: no entry is stale': 'failed' });
    const stale = results.find((r) => r.name.endsWith('stale.conformance.ts'))!.assertionResults.find((a) => a.title.startsWith('deviation file'))!;
    expect(stale.failureMessages.join('\n')).toContain('STALE ties-keep-last: its example (maxPool1d) now agrees with PyTorch; remove it from the deviation file');
  });
});
