/**
 * The reports. Failure texts are snapshot-tested (as fast-check tests its own reports), so that a
 * change to how a failure reads is a reviewed change: update with `npx vitest run -u` and read
 * the diff. JSON and JUnit are checked for structure and escaping; files are written atomically.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProperty, runProperty, runSuite } from '../src/properties/runner.js';
import { formatFailure, formatResultLine, formatSuite } from '../src/properties/report/text.js';
import { suiteToJson, suiteToJUnit, writeFileAtomic } from '../src/properties/report/machine.js';
import { verifyReplay } from '../src/properties/replay.js';
import { makePort } from './mutants/lib/port.js';

async function failureText(fault: Parameters<typeof makePort>[0], name: string, property: string, seed: number): Promise<string> {
  const result = await runProperty(makePort(fault, name), findProperty(property)!, { seed });
  expect(result.status).toBe('fail');
  return formatFailure(result, verifyReplay(`test/mutants/${name}.ts`));
}

describe('failure reports (snapshots)', () => {
  it('tie-last-wins caught by tie-break: the grids mark the index that broke the rule', async () => {
    const text = await failureText({ tieLastWins: true }, 'tie-last-wins', 'tie-break', 7);
    expect(text).toContain('replay: poolcheck verify --impl test/mutants/tie-last-wins.ts --only tie-break --seed 7 --path ');
    await expect(text).toMatchFileSnapshot('./__snapshots__/report-tie-last-wins.txt');
  });

  it('nan-first-wins caught by tie-break: different NaNs are told apart by payload', async () => {
    const text = await failureText({ nanFirstWins: true }, 'nan-first-wins', 'tie-break', 8);
    expect(text).toMatch(/NaN payloads: NaN#1 = 0x[0-9a-f]+, NaN#2 = 0x[0-9a-f]+/);
    await expect(text).toMatchFileSnapshot('./__snapshots__/report-nan-first-wins.txt');
  });

  it('unpool-stale-buffer caught by no-shared-state: every call of the story is shown', async () => {
    const text = await failureText({ unpoolStaleBuffer: true }, 'unpool-stale-buffer', 'no-shared-state', 7);
    expect(text).toContain('first input again:');
    await expect(text).toMatchFileSnapshot('./__snapshots__/report-unpool-stale-buffer.txt');
  });
});

describe('machine-readable reports', () => {
  const subject = { spec: 'test/mutants/<odd & name>.ts', name: 'tie-last-wins' };

  it('JSON carries every result, the seed, the replay command and the failure text', async () => {
    const suite = await runSuite(makePort({ tieLastWins: true }), { runs: 30, seed: 8, only: ['output-shape', 'tie-break', 'golden-corpus'] });
    const json = JSON.parse(JSON.stringify(suiteToJson(suite, subject, verifyReplay(subject.spec)))) as {
      conforms: boolean; seed: number; capabilities: { maxKernel: number | null };
      properties: { id: string; status: string; failure?: { replay: string; report: string; summary: string } }[];
    };
    expect(json.conforms).toBe(false);
    expect(json.seed).toBe(8);
    expect(json.capabilities.maxKernel).toBeNull();
    const status = Object.fromEntries(json.properties.map((p) => [p.id, p.status]));
    expect(status).toEqual({ 'tie-break': 'fail', 'output-shape': 'pass', 'golden-corpus': expect.stringMatching(/^(fail|not-covered)$/) });
    const failure = json.properties.find((p) => p.id === 'tie-break')!.failure!;
    expect(failure.replay).toMatch(/^poolcheck verify --impl 'test\/mutants\/<odd & name>\.ts' --only tie-break --seed 8 --path \d/);
    expect(failure.report).toContain(failure.summary);
  });

  it('JUnit has one testcase per property, failures and skips marked, text escaped', async () => {
    const pool2dOnly = { maxPool2d: makePort({ tieLastWins: true }).maxPool2d, capabilities: { errors: 'none' as const } };
    const suite = await runSuite(pool2dOnly, { runs: 30, seed: 8, only: ['output-shape', 'tie-break', 'unpool-size'] });
    const xml = suiteToJUnit(suite, subject, verifyReplay(subject.spec));
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(/<skipped message="not covered: the implementation has none of maxUnpool1d/);
    expect(xml).toContain('&lt;odd &amp; name&gt;');
    expect(xml).not.toMatch(/<odd/);
    expect(xml).toMatch(/tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toContain('<property name="complete" value="true"/>');
  });

  it('text: one line per property, and a summary with the seed', async () => {
    const suite = await runSuite(makePort(), { runs: 10, seed: 8, only: ['output-shape'] });
    expect(formatResultLine(suite.properties[0]!)).toMatch(/^PASS {8}output-shape \(10 cases, \d+\.\d s\)$/);
    expect(formatSuite(suite, 'port')).toMatch(/port conforms: 1 passed, 0 failed, 0 not covered of 1 properties \(10 cases each, seed 8, /);
  });

  it('files are written atomically, leaving no temporary file behind', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-report-'));
    const file = path.join(dir, 'report.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'r.json'), 'x')).toThrow();
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });
});
