/**
 * `poolcheck verify` as a CI gate: exit 0 when the implementation conforms, 1 when it does not
 * (with a replay command that really replays), 2 for a usage error in one line; JSON and JUnit
 * reports written; a JavaScript module loaded by path, exactly as a user would.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { verify, type VerifyOptions } from '../src/cli/verify.js';

const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-verify-'));

/** A small hand-written max_pool1d (no padding, dilation or ceil mode), with an optional tie bug. */
function pool1dModule(compare: '>' | '>='): string {
  return `
export const name = 'pool1d ${compare}';
export const capabilities = { ops: ['maxPool1d'], errors: 'none', dilation: false, ceilMode: false, padding: 'none' };
// An int, [int], or (for stride) omitted / [] meaning "the kernel size".
const first = (v) => (Array.isArray(v) ? v[0] : v);
export function maxPool1d(x, options) {
  const k = first(options.kernelSize);
  const s = first(options.stride) ?? k;
  const L = x.shape[x.shape.length - 1];
  const planes = x.data.length / L;
  const out = Math.floor((L - k) / s) + 1;
  const values = new x.data.constructor(planes * out);
  const indices = new BigInt64Array(planes * out);
  // Copy the chosen element's bits, as PyTorch does.
  const Words = x.data instanceof Float64Array ? BigUint64Array : Uint32Array;
  const from = new Words(x.data.buffer), to = new Words(values.buffer);
  for (let p = 0; p < planes; p++) {
    for (let o = 0; o < out; o++) {
      let best = -Infinity, at = o * s;
      for (let t = o * s; t < o * s + k; t++) {
        const v = x.data[p * L + t];
        if (v ${compare} best || Number.isNaN(v)) { best = v; at = t; }
      }
      to[p * out + o] = from[p * L + at];
      indices[p * out + o] = BigInt(at);
    }
  }
  const shape = [...x.shape.slice(0, -1), out];
  return { values: { shape, data: values }, indices: { shape: [...shape], data: indices } };
}
`;
}

const good = path.join(dir, 'pool1d-good.mjs');
const buggy = path.join(dir, 'pool1d-tie-last.mjs');
const empty = path.join(dir, 'nothing.mjs');
const typescript = path.join(dir, 'port.ts');
writeFileSync(good, pool1dModule('>'));
writeFileSync(buggy, pool1dModule('>='));
writeFileSync(empty, 'export const helper = 1;\n');
writeFileSync(typescript, 'export function maxPool1d(x: unknown): unknown { return x; }\n');

async function run(options: VerifyOptions): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await verify(options, { out: (line) => lines.push(line) });
  return { code, out: lines.join('\n') };
}

/** main() as the binary runs it; returns the exit code and what went to stderr. */
async function cli(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const spyError = vi.spyOn(console, 'error').mockImplementation((text: unknown) => { err.push(String(text)); });
  const spyWrite = vi.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => { err.push(String(text)); return true; });
  const spyLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return { code: await main(args), err: err.join('') };
  } finally {
    spyError.mockRestore();
    spyWrite.mockRestore();
    spyLog.mockRestore();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('poolcheck verify', () => {
  it('exits 0 for the reference, printing the seed first', async () => {
    const { code, out } = await run({ impl: 'reference', runs: '20', only: 'value-at-index,tie-break,rejects-invalid' });
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(
      /^poolcheck verify: reference \(reference\) against PyTorch 1\.13\.1 \(--spec pytorch-1\.13, measured\), seed \d+ \(fresh\), 20 cases per property$/);
    expect(out).toMatch(/reference conforms: 3 passed, 0 failed, 0 not covered/);
  });

  it('exits 0 for a conforming module, reporting what it does not cover, and writes JSON and JUnit', async () => {
    const json = path.join(dir, 'good.json');
    const junit = path.join(dir, 'good.xml');
    const { code, out } = await run({ impl: good, runs: '30', seed: '5', json, junit });
    expect(code).toBe(0);
    expect(out).toMatch(/^NOT COVERED unpool-size: the implementation has none of maxUnpool1d, maxUnpool2d, maxUnpool3d$/m);
    expect(out).toMatch(/^NOT COVERED rejects-invalid: the implementation declares errors: 'none'$/m);
    expect(out).toMatch(/^PASS {8}tie-break \(30 cases, [\d.]+ s\); not covered: ops maxPool2d, maxPool3d, dilation, ceil mode, padding$/m);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { conforms: boolean; seed: number; properties: unknown[] };
    expect(report).toMatchObject({ conforms: true, seed: 5, implementation: { name: 'pool1d >', spec: good } });
    expect(readFileSync(junit, 'utf8')).toMatch(/<testsuites name="poolcheck verify" tests="15" failures="0"/);
  });

  it('exits 1 for a module with a bug, and its replay command replays the shrunk case', async () => {
    const { code, out } = await run({ impl: buggy, only: 'tie-break' });
    expect(code).toBe(1);
    expect(out).toContain('FAIL tie-break');
    expect(out).toMatch(/pool1d >= does NOT conform: 0 passed, 1 failed/);
    const replay = /replay: poolcheck verify --impl (\S+) --only tie-break --seed (\d+) --path ([\d:]+)/.exec(out);
    expect(replay, out).not.toBeNull();
    const summary = out.split('\n').find((line) => line.startsWith('  indices['));
    const again = await run({ impl: replay![1]!, only: 'tie-break', seed: replay![2]!, path: replay![3]! });
    expect(again.code).toBe(1);
    expect(again.out).toContain(`replaying path ${replay![3]}`);
    expect(again.out).toContain(summary);
  });

  it.each([
    [['verify', '--impl', path.join(dir, 'missing.mjs')], /^poolcheck: --impl .*missing\.mjs: no such file/],
    [['verify', '--impl', empty], /^poolcheck: --impl .*nothing\.mjs: nothing exports none of maxPool1d, .* it exports helper/],
    [['verify', '--impl', 'no-such-builtin'], /^poolcheck: --impl no-such-builtin: not a built-in implementation \(.*reference.*\) nor a module path/],
    [['verify', '--impl', 'reference', '--runs', 'many'], /^poolcheck: --runs must be an integer from 1 to 1000000, got "many"/],
    [['verify', '--impl', 'reference', '--only', 'tie-brake'], /^poolcheck: --only: unknown property tie-brake \(properties: value-at-index, /],
    [['verify', '--impl', 'reference', '--only', 'tie-break', '--path', '1:2'], /^poolcheck: --path replays a counterexample and needs the --seed/],
    [['verify', '--impl', 'reference', '--json', path.join(dir, 'no', 'dir.json')], /^poolcheck: --json .*: directory .* does not exist/],
    // /proc exists but no file can be created in it (even as root): refused before the run.
    [['verify', '--impl', 'reference', '--junit', '/proc/poolcheck.xml'], /^poolcheck: --junit \/proc\/poolcheck\.xml: cannot write in \/proc/],
    [['verify'], /^poolcheck: give either --impl/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const { code, err } = await cli(args as string[]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err.trim()).toMatch(message as RegExp);
  });
});

const built = path.resolve('dist/cli/bin.js');
describe.skipIf(!existsSync(built))(`the built command (${existsSync(built) ? built : 'dist/ not built: run `npm run build` to include this test'})`, () => {
  it('runs as a process and exits with the suite\'s verdict', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [built, 'verify', '--impl', good, '--runs', '10', '--seed', '3']);
    expect(stdout).toMatch(/^poolcheck verify: pool1d > \(.*\) against PyTorch 1\.13\.1 \(--spec pytorch-1\.13, measured\), seed 3, 10 cases per property/);
    const failed = await promisify(execFile)(process.execPath, [built, 'verify', '--impl', buggy, '--only', 'tie-break']).catch((e: { code: number }) => e);
    expect((failed as { code: number }).code).toBe(1);
    // Outside vitest nothing transpiles TypeScript: a clear usage error, not a stack trace.
    const ts = await promisify(execFile)(process.execPath, [built, 'verify', '--impl', typescript]).catch((e: { code: number; stderr: string }) => e);
    expect((ts as { code: number }).code).toBe(2);
    expect((ts as { stderr: string }).stderr.trim()).toMatch(/^poolcheck: --impl .*port\.ts: Node cannot load TypeScript here; build it to JavaScript first/);
  });
});
