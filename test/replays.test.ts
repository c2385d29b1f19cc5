/**
 * Every printed replay reproduces the failure against the port: each kind of replay command a
 * report prints (seed and path, golden --case, a call sequence replayed from the JSON report) is
 * taken from the output, run exactly as printed (through the CLI's main), and must fail the same way.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../src/adapters/protocol/command.js';
import { main } from '../src/cli/main.js';
import type { CounterexampleRecord } from '../src/properties/counterexample.js';

const root = path.resolve(import.meta.dirname, '..');
const naivePort = path.join(root, 'examples/js-port/naive-port.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-replays-'));

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs poolcheck with these arguments in this process; returns the exit code and what it printed. */
async function poolcheck(argv: string[]): Promise<{ code: number; out: string }> {
  lines = [];
  const code = await main(argv);
  return { code, out: lines.join('\n') };
}

/** Runs a printed command (`poolcheck …`), split as a shell would split it. */
async function runPrinted(command: string): Promise<{ code: number; out: string }> {
  const argv = parseCommand(command);
  expect(argv[0]).toBe('poolcheck');
  return poolcheck(argv.slice(1));
}

/** The replay line printed under `FAIL <property>`. */
function replayOf(out: string, property: string): string {
  const section = out.split(`\nFAIL ${property}\n`)[1];
  expect(section, out).toBeDefined();
  const replay = /^ {2}replay: (.+)$/m.exec(section!.split(/\nFAIL /)[0]!);
  expect(replay, section).not.toBeNull();
  return replay![1]!;
}

/** The one-line summary printed under `FAIL <property>` (after the statement). */
function summaryOf(out: string, property: string): string {
  return out.split(`\nFAIL ${property}\n`)[1]!.split('\n')[2]!.trim();
}

describe('printed replays reproduce the failure against the port', () => {
  it('seed and path: the printed verify command fails the same property with the same summary', async () => {
    const first = await poolcheck(['verify', '--impl', naivePort, '--seed', '42', '--only', 'tie-break']);
    expect(first.code).toBe(1);
    const command = replayOf(first.out, 'tie-break');
    expect(command).toMatch(/^poolcheck verify --impl \S+ --only tie-break --seed 42 --path [\d:]+$/);
    const again = await runPrinted(command);
    expect(again.code).toBe(1);
    expect(summaryOf(again.out, 'tie-break')).toBe(summaryOf(first.out, 'tie-break'));
  });

  it('golden case: the replay is verify --case against the port (not golden verify, which checks the reference), and it fails', async () => {
    const first = await poolcheck(['verify', '--impl', naivePort, '--seed', '42', '--only', 'golden-corpus']);
    expect(first.code).toBe(1);
    expect(first.out).not.toContain('golden verify');
    const command = replayOf(first.out, 'golden-corpus');
    const caseId = /--case (\S+)$/.exec(command)?.[1];
    expect(command).toBe(`poolcheck verify --impl ${naivePort} --only golden-corpus --case ${caseId}`);
    const again = await runPrinted(command);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/^FAIL {8}golden-corpus \(1 case, /m);
    expect(summaryOf(again.out, 'golden-corpus')).toBe(summaryOf(first.out, 'golden-corpus'));
  });

  it('a failure that needs earlier calls is labelled, minimised to the call that matters, and its printed replay fails', async () => {
    // A private copy: its module-level cache must start empty in this process.
    const port = path.join(dir, 'shape-cache.mjs');
    copyFileSync(path.join(root, 'test/fixtures/stateful-ports/shape-cache.mjs'), port);
    const json = path.join(dir, 'shape-cache.json');
    const first = await poolcheck(['verify', '--impl', port, '--seed', '1', '--only', 'tie-break,agrees-with-reference', '--json', json]);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/depends on earlier calls: on a fresh instance this case passes alone; it fails after this earlier call \(found among the \d+ calls of the run, none of them can be left out\):\n {4}1\. maxPool1d\(input \(1, 1, \d+\) float32, /);
    const command = replayOf(first.out, 'agrees-with-reference');
    expect(command).toBe(`poolcheck replay ${json} --only agrees-with-reference`);

    // The seed/path replay would not reproduce it: the case passes alone.
    const record = (JSON.parse(readFileSync(json, 'utf8')) as { properties: { id: string; counterexamples?: CounterexampleRecord[] }[] })
      .properties.find((p) => p.id === 'agrees-with-reference')!.counterexamples![0]!;
    expect(record.reproduction).toMatchObject({ alone: false, minimal: true });
    expect(record.reproduction.alone === false && record.reproduction.earlierCalls).toHaveLength(1);

    const again = await runPrinted(command);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/^STILL FAILS agrees-with-reference \(seed 1, path [\d:]+, after 1 earlier call\(s\)\)$/m);
    expect(again.out).toContain('1 of 1 counterexample(s) still fail');
  });

  it('without --json, the sequence goes to a temporary report that the printed command reads', async () => {
    const port = path.join(dir, 'shape-cache-2.mjs');
    copyFileSync(path.join(root, 'test/fixtures/stateful-ports/shape-cache.mjs'), port);
    const first = await poolcheck(['verify', '--impl', port, '--seed', '1', '--only', 'tie-break,agrees-with-reference']);
    const command = replayOf(first.out, 'agrees-with-reference');
    expect(command).toMatch(/^poolcheck replay \S+poolcheck-replay-\w+\/report\.json --only agrees-with-reference$/);
    expect((await runPrinted(command)).code).toBe(1);
  });
});
