/**
 * The registry of built-in implementations (src/builtins): one entry per name, what each needs,
 * and what happens when that is missing: one line with the install command, `verify` exits 2,
 * and the matrix shows "not installed" (never pass). The same on a real fresh install, where the
 * frameworks are absent, is checked by test/consumer.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILT_INS, builtInNames, defaultMatrixNames, findBuiltIn, isPackageInstalled, loadBuiltIn, missingRequirement,
  MissingFrameworkError, type BuiltIn,
} from '../src/builtins/index.js';
import { formatMatrix, formatMatrixTable, matrixToJson, matrixToMarkdown } from '../src/conformance/format.js';
import { runMatrix } from '../src/conformance/matrix.js';
import { packageRoot } from '../src/paths.js';

const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>; devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** An entry whose framework cannot be installed here: the name is reserved by nothing. */
const absent: BuiltIn = {
  name: 'absent-framework',
  description: 'needs a package that is not installed',
  packages: ['@tensorflow/tfjs-core', 'poolcheck-test-no-such-package'],
  installFlags: ['--some-flag'],
  inDefaultMatrix: false,
  load: () => { throw new Error('load must not be called when a package is missing'); },
};

describe('the built-in registry', () => {
  it('names each built-in once, in the order the matrix shows them', () => {
    expect(new Set(builtInNames()).size).toBe(BUILT_INS.length);
    expect(defaultMatrixNames()).toEqual(['reference', 'tfjs-cpu', 'tfjs-wasm', 'onnxruntime', 'onnxruntime-colmajor', 'torch', 'scratch-python']);
    expect(findBuiltIn('tfjs-wasm')?.packages).toContain('@tensorflow/tfjs-backend-wasm');
    expect(findBuiltIn('./port.js')).toBeUndefined();
  });

  it("every package an entry needs is an optional peer dependency pinned like this repository's devDependency, never a dependency", () => {
    const needed = [...new Set(BUILT_INS.flatMap((entry) => entry.packages))];
    expect(needed.length).toBeGreaterThan(0);
    for (const name of needed) {
      expect(pkg.dependencies[name], `${name} in dependencies`).toBeUndefined();
      expect(pkg.peerDependenciesMeta[name]?.optional, `${name} optional`).toBe(true);
      expect(pkg.peerDependencies[name], `${name} peer range`).toBe(pkg.devDependencies[name]);
    }
  });

  it('everything the built-ins need is installed in this repository, so the matrix runs every one', () => {
    for (const entry of BUILT_INS) expect(missingRequirement(entry), entry.name).toBeUndefined();
    expect(isPackageInstalled('poolcheck-test-no-such-package')).toBe(false);
  });

  it('a missing package is one line naming it, with the install command at the pinned version and the entry\'s flags', () => {
    const missing = missingRequirement(absent)!;
    expect(missing).toBeInstanceOf(MissingFrameworkError);
    expect(missing.message).toBe('absent-framework needs poolcheck-test-no-such-package, not installed; ' +
      'install with: npm i -D poolcheck-test-no-such-package --some-flag');
    expect(missing.install).toBe('npm i -D poolcheck-test-no-such-package --some-flag');
  });

  it('the ONNX Runtime entries tell npm to skip its install-time CUDA download, and pin the tested versions', () => {
    const onnx = findBuiltIn('onnxruntime')!;
    const missing = missingRequirement({ ...onnx, packages: [...onnx.packages, 'poolcheck-test-no-such-package'] })!;
    expect(missing.install).toBe('npm i -D poolcheck-test-no-such-package --onnxruntime-node-install=skip');
    // Every package of the entry, when all are missing, at the version package.json pins.
    const ranges = onnx.packages.map((name) => `${name}@${pkg.peerDependencies[name]}`);
    expect(ranges).toEqual(['onnxruntime-node@1.30.0', 'onnx-proto@8.0.1']);
  });

  it('a requirement npm cannot install (a browser, say) is checked the same way', () => {
    const needsBrowser: BuiltIn = { ...absent, packages: [], missing: () => ({ what: 'Chromium at /nowhere/chromium', install: 'apt-get install chromium' }) };
    expect(missingRequirement(needsBrowser)?.message)
      .toBe('absent-framework needs Chromium at /nowhere/chromium, not installed; install with: apt-get install chromium');
  });

  it('loadBuiltIn loads the reference, and refuses an unknown name', async () => {
    const reference = await loadBuiltIn('reference');
    expect(reference.capabilities?.errors).toBe('pytorch');
    await expect(loadBuiltIn('no-such-impl')).rejects.toThrow(/no built-in implementation "no-such-impl" \(built-ins: reference, tfjs-cpu/);
  });
});

describe('the matrix with a framework that is not installed', () => {
  it('shows its cells as "not installed", never pass, with the install command, and goes on', async () => {
    const missing = missingRequirement(absent)!;
    const matrix = await runMatrix([
      { name: 'absent-framework', load: async () => { throw missing; } },
      { name: 'reference', load: () => loadBuiltIn('reference') },
    ], { runs: 3, seed: 1, deviationsDir: path.join(packageRoot, 'deviations') });
    const entry = matrix.entries[0]!;
    expect(entry.notInstalled).toBe(missing.install);
    expect(entry.cells).toEqual({});
    const rows = formatMatrixTable(matrix).split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.split(/\s{2,}/)[1]).toBe('not installed');
    const text = formatMatrix(matrix);
    expect(text).toContain(`absent-framework did not run: ${missing.message}`);
    expect(text).not.toMatch(/absent-framework.*\bpass\b/);
    expect(matrixToMarkdown(matrix, 'test')).toMatch(/\| max-of-window \| not installed \| pass \|/);
    expect(matrixToJson(matrix)).toMatchObject({ implementations: [{ name: 'absent-framework', notInstalled: missing.install }, { name: 'reference' }] });
  });
});
