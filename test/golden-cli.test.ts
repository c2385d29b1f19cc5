/** `poolcheck golden verify` and `poolcheck golden update` on the command line: output and exit codes. */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { cloneCase, copyOfShipped, fakeCorpus, sampleCases, temporaryDir } from './golden-fixtures.js';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { out.push(args.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { err.push(args.join(' ')); });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(...argv: string[]): Promise<number> {
  process.exitCode = undefined;
  const code = await main(argv);
  process.exitCode = undefined;
  return code;
}

describe('poolcheck golden verify', () => {
  it('exits 0 when the reference agrees, with a one-line summary naming the corpus', async () => {
    const code = await run('golden', 'verify', '--category', 'pool2d-nan', 'unpool1d-odd-sizes');
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/^30 of 30 golden cases agree with PyTorch for the reference \[corpus .*golden: \d+ cases, torch 1\.13\.\d+\S*/);
  });

  it('exits 1 on a disagreement, naming the case and the first differing element', async () => {
    const [c] = sampleCases(1, ['pool1d-basic']);
    const wrong = cloneCase(c!);
    if (wrong.expected.kind !== 'pool') throw new Error('fixture: expected a pool case');
    wrong.expected.indices.data[2] = wrong.expected.indices.data[2]! + 1n;
    const dir = fakeCorpus('cli-wrong', [wrong, ...sampleCases(1, ['pool2d-errors'])]);
    const code = await run('golden', 'verify', '--dir', dir);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/FAIL pool1d-basic\/0000 \(maxPool1d, category pool1d-basic\): indices differ at flat index 2 \(coordinate \[\d+, \d+, \d+\]\): PyTorch \d+, got \d+/);
    expect(text).toContain(`replay: poolcheck golden verify --case pool1d-basic/0000 --dir ${dir}`);
    expect(out.at(-1)).toMatch(/^1 of 2 golden cases agree with PyTorch for the reference; 1 disagree/);
  });

  it('exits 2 with one line on a damaged corpus, an unknown case, or a missing directory', async () => {
    const dir = copyOfShipped('cli-damaged');
    const file = path.join(dir, 'cases', 'pool2d-ties.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"kernelSize":', '"kernelSize": '));
    expect(await run('golden', 'verify', '--dir', dir)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^poolcheck: bad golden corpus: .*pool2d-ties\.jsonl: checksum mismatch/);

    err = [];
    expect(await run('golden', 'verify', '--case', 'pool9d-nothing/0000')).toBe(2);
    expect(err).toEqual(['poolcheck: no golden case "pool9d-nothing/0000" (ids look like pool2d-nan/0003)']);

    err = [];
    expect(await run('golden', 'verify', '--dir', path.join(temporaryDir('cli-none'), 'golden'))).toBe(2);
    expect(err[0]).toMatch(/^poolcheck: bad golden corpus: .*golden: no golden corpus here/);
  });
});

describe('poolcheck golden update', () => {
  it('without PyTorch exits 2 and says how to install it', async () => {
    const dir = fakeCorpus('cli-notorch', sampleCases(1));
    const python = path.join(temporaryDir('cli-python'), 'python3');
    writeFileSync(python, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'torch\'" >&2\nexit 1\n');
    chmodSync(python, 0o755);
    expect(await run('golden', 'update', '--dir', dir, '--python', python)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^poolcheck: PyTorch is not importable from .* Install it with scripts\/install-torch\.sh/);
  });

  it('rejects a bad --seed', async () => {
    expect(await run('golden', 'update', '--seed', 'abc')).toBe(2);
    expect(err[0]).toBe('poolcheck: --seed must be a whole number, got "abc"');
  });
});
