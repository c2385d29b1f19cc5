/**
 * `--emit-tests DIR` writes regression tests that a port's own repository can run: set up like
 * such a repository (the port in src/, poolcheck installed under node_modules), the test emitted
 * from the example port's failure fails against that port, and the same counterexample emitted for
 * the reference passes, both run by a real vitest in that directory.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

const root = path.resolve(import.meta.dirname, '..');
const built = existsSync(path.join(root, 'dist', 'index.js'));
if (!built) console.log('[poolcheck] emit-tests: skipped, dist/ is not built (npm test builds it first; the emitted tests import the package)');

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

interface VitestJson {
  testResults: { name: string; status: string; assertionResults: { status: string; failureMessages: string[] }[] }[];
}

describe('--emit-tests', () => {
  it.skipIf(!built)(`writes a vitest file per failure that fails against the buggy port and passes against the reference${built ? '' : ' — skipped: dist/ is not built'}`, { timeout: 120_000 }, async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'poolcheck-port-repo-'));
    mkdirSync(path.join(repo, 'src'));
    mkdirSync(path.join(repo, 'node_modules'));
    symlinkSync(root, path.join(repo, 'node_modules', 'poolcheck'), 'dir');
    const port = path.join(repo, 'src', 'naive-port.mjs');
    copyFileSync(path.join(root, 'examples/js-port/naive-port.mjs'), port);
    const report = path.join(repo, 'report.json');
    const buggyDir = path.join(repo, 'test', 'against-port');
    const fixedDir = path.join(repo, 'test', 'against-reference');
    mkdirSync(path.join(repo, 'test'));

    expect(await main(['verify', '--impl', port, '--seed', '42', '--only', 'tie-break', '--json', report, '--emit-tests', buggyDir])).toBe(1);
    expect(await main(['replay', report, '--impl', 'reference', '--emit-tests', fixedDir])).toBe(0);
    const [buggyFile] = readdirSync(buggyDir);
    const [fixedFile] = readdirSync(fixedDir);
    expect(buggyFile).toBe('poolcheck-tie-break-seed42-1.test.mjs');
    const source = readFileSync(path.join(buggyDir, buggyFile!), 'utf8');
    // Only poolcheck's public API, the port by a relative path, the case as data.
    expect(source).toContain("import { replayCounterexample } from 'poolcheck';");
    expect(source).toContain('import * as implementation from "../../src/naive-port.mjs";');
    expect(source).toContain('"format": "poolcheck-counterexample"');
    expect(source).not.toMatch(/from ['"](\.\.\/)+.*(dist|src\/properties)/);

    const outputFile = path.join(repo, 'vitest.json');
    const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const code = await promisify(execFile)(process.execPath, [vitest, 'run', '--root', repo, '--reporter=json', `--outputFile=${outputFile}`],
      { cwd: repo, timeout: 100_000 }).then(() => 0, (error: { code?: number }) => error.code ?? -1);
    expect(code).toBe(1);
    const results = (JSON.parse(readFileSync(outputFile, 'utf8')) as VitestJson).testResults;
    const byFile = Object.fromEntries(results.map((r) => [path.relative(repo, r.name), r]));
    const buggy = path.join('test', 'against-port', buggyFile!);
    const fixed = path.join('test', 'against-reference', fixedFile!);
    expect(byFile[buggy]!.status).toBe('failed');
    expect(byFile[buggy]!.assertionResults[0]!.failureMessages.join('\n')).toContain('indices differ at flat index 0');
    expect(byFile[fixed]!.status).toBe('passed');
  });
});
