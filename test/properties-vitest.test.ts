/**
 * `poolcheck/vitest`: a port's vitest file runs the suite in a few lines, one test per property,
 * with the same failure reports. The reference runs here in-process; a failing port runs in a
 * child vitest (its failures must fail that run, not this one).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as reference from '../src/reference/index.js';
import { conformance } from '../src/vitest.js';

conformance({ ...reference, name: 'reference', capabilities: { errors: 'pytorch' } }, { runs: 40, name: 'the reference' });

// Only 2-D pooling, no error checks: the unpool and error properties show up as skipped, with the reason.
conformance({ name: 'pool2d only', maxPool2d: reference.maxPool2d, capabilities: { errors: 'none' } }, {
  runs: 20, only: ['tie-break', 'unpool-size', 'rejects-invalid'],
});

const vitest = path.resolve('node_modules/vitest/vitest.mjs');
const config = 'test/fixtures/vitest-conformance/vitest.config.ts';

async function childVitest(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const result = await promisify(execFile)(process.execPath, [vitest, 'run', '--config', config], {
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
