/**
 * Spec profiles (`--spec pytorch-1.13`, the default, and `--spec pytorch-2`): the reference takes
 * the profile as an option and differs only where docs/semantics.md says PyTorch 2 does; the
 * generators draw each profile's own limits; the golden corpus carries PyTorch 2's expectation
 * where it differs; a port that follows PyTorch 2 passes `--spec pytorch-2` and fails the default
 * with a failure that names the profile and the --spec to use, and a PyTorch 1.13 port the reverse.
 */
import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { fastMaxPool2d } from '../src/fast/index.js';
import { FULL_CAPABILITIES, type Implementation } from '../src/implementation.js';
import { loadGolden, verifyGolden } from '../src/golden/index.js';
import { referenceImplementation, referenceImplementationFor } from '../src/golden/reference.js';
import { poolCase } from '../src/properties/arbitraries.js';
import { poolInput, poolOptions } from '../src/properties/cases.js';
import { invalidPoolCall, plantedPoolFault, rejectsInvalid, type InvalidCase } from '../src/properties/catalogue/rejects-invalid.js';
import { suiteToJson, suiteToJUnit } from '../src/properties/report/machine.js';
import { formatFailure } from '../src/properties/report/text.js';
import { runSuite } from '../src/properties/runner.js';
import * as reference from '../src/reference/index.js';
import { PoolcheckError, resolveSpec } from '../src/reference/index.js';
import type { PoolOptions, Tensor } from '../src/types.js';

const PT2 = resolveSpec('pytorch-2');
const PT113 = resolveSpec('pytorch-1.13');

function ramp(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  // Distinct values, no two equal, so that the winner of every window is unambiguous.
  return { shape, data: Float32Array.from({ length: n }, (_, i) => ((i * 37) % 101) - 50) };
}

function rejection(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof PoolcheckError) return error.message;
    throw error;
  }
}

describe('the reference under each profile', () => {
  const x2 = ramp([2, 3, 6, 7]);
  const dilated = { kernelSize: 3, dilation: 2, padding: 2 };

  it('max_pool2d(x, 3, dilation=2, padding=2): an error in 1.13 (measured), a result in PyTorch 2', () => {
    expect(rejection(() => reference.maxPool2d(x2, dilated))).toBe('pad should be at most half of kernel size, but got pad=2 and kernel_size=3');
    expect(rejection(() => reference.maxPool2d(x2, { ...dilated, spec: 'pytorch-1.13' }))).toBe(
      'pad should be at most half of kernel size, but got pad=2 and kernel_size=3');
    const result = reference.maxPool2d(x2, { ...dilated, spec: 'pytorch-2' });
    expect(result.values.shape).toEqual([2, 3, 2, 3]);
  });

  it("PyTorch 2's result is the 1.13 kernel's on the input padded with -inf by hand (the kernel did not change)", () => {
    const got = reference.maxPool2d(x2, { ...dilated, spec: 'pytorch-2' });
    const [n, c, h, w] = x2.shape as [number, number, number, number];
    const ph = h + 4;
    const pw = w + 4;
    const padded = { shape: [n, c, ph, pw], data: new Float32Array(n * c * ph * pw).fill(-Infinity) };
    for (let p = 0; p < n * c; p++) {
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) padded.data[(p * ph + i + 2) * pw + j + 2] = x2.data[(p * h + i) * w + j]!;
    }
    const byHand = reference.maxPool2d(padded, { kernelSize: 3, dilation: 2, stride: 3 });
    expect(Array.from(got.values.data)).toEqual(Array.from(byHand.values.data));
    const unpadded = Array.from(byHand.indices.data, (i) => (Math.floor(Number(i) / pw) - 2) * w + (Number(i) % pw) - 2);
    expect(Array.from(got.indices.data, Number)).toEqual(unpadded);
  });

  it('names the dilation in the new message; 1-D follows 2-D (it runs as 2-D), 3-D is still refused by pool3d_shape_check', () => {
    const spec = 'pytorch-2' as const;
    expect(rejection(() => reference.maxPool2d(x2, { kernelSize: 3, dilation: 2, padding: 3, spec }))).toBe(
      'pad should be at most half of effective kernel size, but got pad=3, kernel_size=3 and dilation=2');
    expect(rejection(() => reference.maxPool1d(ramp([2, 3, 9]), { ...dilated, spec }))).toBeUndefined();
    expect(rejection(() => reference.maxPool3d(ramp([1, 2, 5, 6, 7]), { ...dilated, spec }))).toBe(
      'pad should be smaller than or equal to half of effective kernel size, but got padT: 2 padW: 2 padH: 2 '
      + 'effectiveKT: 5 effectiveKW: 5 effectiveKH: 5');
    // A zero dilation now fails the padding test first, where 1.13 reached the dilation check.
    expect(rejection(() => reference.maxPool2d(x2, { kernelSize: 3, dilation: 0, padding: 1 }))).toBe(
      'dilation should be greater than zero, but got dilationH: 0 dilationW: 0');
    expect(rejection(() => reference.maxPool2d(x2, { kernelSize: 3, dilation: 0, padding: 1, spec }))).toBe(
      'pad should be at most half of effective kernel size, but got pad=1, kernel_size=3 and dilation=0');
  });

  it('other wording: padding length, and the argument parser on lists with a non-int (1.13 as measured)', () => {
    const x = ramp([1, 1, 4, 4]);
    expect(rejection(() => reference.maxPool2d(x, { kernelSize: 2, padding: [0, 0, 0] }))).toBe(
      'max_pool2d: padding must be either be a single int, or a tuple of two ints');
    expect(rejection(() => reference.maxPool2d(x, { kernelSize: 2, padding: [0, 0, 0], spec: 'pytorch-2' }))).toBe(
      'max_pool2d: padding must either be a single int, or a tuple of two ints');
    expect(rejection(() => reference.maxPool2d(x, { kernelSize: [2.5, 2] }))).toBe(
      "max_pool2d_with_indices(): argument 'kernel_size' (position 2) must be tuple of ints, not list");
    expect(rejection(() => reference.maxPool2d(x, { kernelSize: [2.5, 2], spec: 'pytorch-2' }))).toBe(
      "max_pool2d_with_indices(): argument 'kernel_size' (position 2) must be tuple of ints, but found element of type float at pos 0");
    expect(rejection(() => reference.maxPool2d(x, { kernelSize: [2, 2.5], spec: 'pytorch-2' }))).toBe(
      "max_pool2d_with_indices(): argument 'kernel_size' failed to unpack the object at pos 2 with error \"type must be tuple of ints,but got float\"");
  });

  it('takes a profile object, refuses an unknown profile in one line, and the fast path follows the same option', () => {
    expect(reference.maxPool2d(x2, { ...dilated, spec: PT2 }).values.shape).toEqual([2, 3, 2, 3]);
    expect(() => reference.maxPool2d(x2, { ...dilated, spec: 'pytorch-3' as never })).toThrow(
      /^unknown spec "pytorch-3": use one of pytorch-1\.13, pytorch-2$/);
    expect(() => reference.maxUnpool1d(ramp([1, 1, 2]), { shape: [1, 1, 2], data: new BigInt64Array(2) }, { kernelSize: 2, spec: 'x' as never }))
      .toThrow(PoolcheckError);
    const fast = fastMaxPool2d(x2, { ...dilated, spec: 'pytorch-2' });
    const slow = reference.maxPool2d(x2, { ...dilated, spec: 'pytorch-2' });
    expect(Array.from(fast.indices.data)).toEqual(Array.from(slow.indices.data));
    expect(() => fastMaxPool2d(x2, dilated)).toThrow('pad should be at most half of kernel size');
  });

  it("maxPadding is exactly what each profile's checks let through, for every rank, kernel and dilation", () => {
    for (const spec of [PT113, PT2]) {
      for (const rank of [1, 2, 3] as const) {
        const op = (['maxPool1d', 'maxPool2d', 'maxPool3d'] as const)[rank - 1];
        for (let k = 1; k <= 5; k++) {
          for (let d = 1; d <= 4; d++) {
            for (let p = 0; p <= 8; p++) {
              const length = (k - 1) * d + 1;
              const x = ramp([1, 1, ...Array<number>(rank).fill(length)]);
              const options: PoolOptions = { kernelSize: k, dilation: d, padding: p, spec };
              const accepted = rejection(() => reference[op](x, options)) === undefined;
              expect(accepted, `${spec.name} ${op} k${k} d${d} p${p}`).toBe(p <= spec.maxPadding(k, d, rank));
            }
          }
        }
      }
    }
  });
});

describe('generators draw each profile\'s own limits', () => {
  it("PyTorch 2's valid pool cases are valid for it, and many are ones 1.13 refuses", () => {
    const cases = fc.sample(poolCase(FULL_CAPABILITIES, { dilation: true, spec: PT2 }), { numRuns: 600, seed: 4 });
    let refusedBy113 = 0;
    for (const c of cases) {
      const call = () => reference[c.op](poolInput(c), { ...poolOptions(c), spec: PT2 });
      expect(rejection(call), JSON.stringify(c.geometry)).toBeUndefined();
      if (rejection(() => reference[c.op](poolInput(c), poolOptions(c))) !== undefined) refusedBy113++;
    }
    expect(refusedBy113).toBeGreaterThan(600 / 10);
  });

  it("PyTorch 2's invalid cases are refused by it; the dilated-window padding stays a fault only for 3-D", () => {
    const cases = fc.sample(rejectsInvalid.arbitrary(FULL_CAPABILITIES, PT2) as fc.Arbitrary<InvalidCase>, { numRuns: 600, seed: 9 });
    const dilated = 'padding over half the kernel, within half the dilated window';
    let dilated3d = 0;
    for (const ic of cases) {
      if (ic.kind !== 'pool') continue;
      const call = invalidPoolCall(ic);
      expect(rejection(() => reference[call.op](call.input, { ...call.options, spec: PT2 })), JSON.stringify(call.options)).toBeDefined();
      if (plantedPoolFault(ic) === dilated) {
        expect(call.op).toBe('maxPool3d');
        dilated3d++;
      }
    }
    expect(dilated3d).toBeGreaterThan(10);
  });
});

/** A port that follows PyTorch 2 in every rule and message: the reference with that profile. */
const pytorch2Port: Implementation = { ...referenceImplementationFor('pytorch-2'), name: 'pytorch-2 port' };
/** A port that follows PyTorch 1.13: the reference as it is. */
const pytorch113Port: Implementation = { ...referenceImplementation, name: 'pytorch-1.13 port' };

describe('a PyTorch 2 port and a PyTorch 1.13 port', () => {
  it('the PyTorch 2 port passes every property under --spec pytorch-2', async () => {
    const suite = await runSuite(pytorch2Port, { spec: 'pytorch-2', seed: 31, runs: 60 });
    expect(suite.properties.filter((p) => p.status !== 'pass').map((p) => p.id)).toEqual([]);
    expect(suite.spec.name).toBe('pytorch-2');
  });

  it('the PyTorch 2 port fails the default, and the failures name the profile and suggest --spec pytorch-2', async () => {
    const suite = await runSuite(pytorch2Port, { seed: 31, only: ['rejects-invalid', 'golden-corpus'] });
    for (const result of suite.properties) {
      expect(result.status, result.id).toBe('fail');
      expect(result.counterexample?.specHint, result.id).toMatch(
        /This run checks against PyTorch 1\.13\.1 \(--spec pytorch-1\.13, measured\); if the port follows PyTorch 2\.6\.0, run it with --spec pytorch-2\.$/);
      expect(formatFailure(result)).toContain('run it with --spec pytorch-2');
    }
  });

  it('the PyTorch 1.13 port fails --spec pytorch-2 on cases valid there, and is pointed back to --spec pytorch-1.13', async () => {
    const suite = await runSuite(pytorch113Port, { spec: 'pytorch-2', seed: 31, only: ['value-at-index', 'rejects-invalid', 'golden-corpus'] });
    const valueAtIndex = suite.properties.find((p) => p.id === 'value-at-index')!;
    expect(valueAtIndex.status).toBe('fail');
    expect(valueAtIndex.counterexample?.summary).toMatch(/threw on a valid case: .*pad should be at most half of kernel size/);
    expect(valueAtIndex.counterexample?.specHint).toMatch(
      /PyTorch 2\.6\.0 accepts this call and PyTorch 1\.13\.1 refuses it .*run it with --spec pytorch-1\.13\.$/);
    // Both refuse the padding over PyTorch 2's limit, but in their own words.
    for (const id of ['golden-corpus', 'rejects-invalid']) {
      const result = suite.properties.find((p) => p.id === id)!;
      expect(result.status, id).toBe('fail');
      expect(result.counterexample?.specHint, id).toMatch(/run it with --spec pytorch-1\.13\.$/);
    }
  });

  it('reports name the profile in the JSON and the JUnit', async () => {
    const suite = await runSuite(pytorch2Port, { spec: 'pytorch-2', seed: 3, runs: 5, only: ['tie-break'] });
    const json = suiteToJson(suite, { spec: 'port.mjs', name: 'port' }) as { spec: { name: string; pytorch: string; basis: string } };
    expect(json.spec).toMatchObject({ name: 'pytorch-2', pytorch: '2.6.0', basis: 'source' });
    const junit = suiteToJUnit(suite, { spec: 'port.mjs', name: 'port' });
    expect(junit).toContain('<property name="spec" value="pytorch-2"/>');
    expect(junit).toContain('name="poolcheck verify: port against PyTorch 2.6.0 (--spec pytorch-2)"');
  });
});

describe('the golden corpus per profile', () => {
  it('is PyTorch 1.13 by default; --spec pytorch-2 replaces the listed cases, each labelled derived from source', () => {
    const base = loadGolden();
    const two = loadGolden(undefined, { spec: 'pytorch-2' });
    expect(base.spec).toBe('pytorch-1.13');
    const changed = two.cases.filter((c) => c.profile !== undefined);
    expect(base.cases.filter((c) => c.profile !== undefined)).toEqual([]);
    expect(changed.length).toBe(Object.values(two.manifest.profiles)[0]!.overrides);
    expect(changed.length).toBeGreaterThanOrEqual(20);
    for (const c of changed) expect(c.profile).toMatchObject({ name: 'pytorch-2', basis: 'source' });
    expect(changed.filter((c) => c.expected.kind !== 'error').map((c) => c.id)).toEqual(['pool1d-errors/0019', 'pool2d-errors/0029']);
  });

  it('the reference under each profile reproduces its own expectations and fails exactly the other\'s overrides', async () => {
    const two = await verifyGolden(referenceImplementationFor('pytorch-2'), { spec: 'pytorch-2', nan: 'exact' });
    expect(two.failures.map((f) => f.case.id)).toEqual([]);
    const crossed = await verifyGolden(referenceImplementation, { spec: 'pytorch-2' });
    expect(crossed.failures.length).toBe(Object.values(crossed.corpus.manifest.profiles)[0]!.overrides);
  });

  it('refuses a hand-edited profile file, and a corpus without expectations for the profile asked for', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-spec-golden-'));
    const source = loadGolden().dir;
    const copy = (relative: string, edit = (t: string) => t) => {
      writeFileSync(path.join(dir, relative), edit(readFileSync(path.join(source, relative), 'utf8')));
    };
    for (const sub of ['cases', 'profiles']) mkdirSync(path.join(dir, sub));
    const manifest = JSON.parse(readFileSync(path.join(source, 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    for (const relative of Object.keys(manifest.files)) copy(relative);
    copy('manifest.json');
    copy('profiles/pytorch-2.jsonl', (t) => t.replace('effective kernel size, but got pad=2, kernel_size=3', 'effective kernel size, but got pad=2, kernel_size=4'));
    expect(() => loadGolden(dir, { spec: 'pytorch-2' })).toThrow(/profiles\/pytorch-2\.jsonl: checksum mismatch/);
    copy('manifest.json', (t) => JSON.stringify({ ...JSON.parse(t), profiles: undefined }));
    expect(() => loadGolden(dir, { spec: 'pytorch-2' })).toThrow(/profile file is not listed in manifest\.json/);
    rmSync(path.join(dir, 'profiles'), { recursive: true });
    expect(() => loadGolden(dir, { spec: 'pytorch-2' })).toThrow(/holds no expectations for --spec pytorch-2/);
    expect(loadGolden(dir).cases.length).toBe(loadGolden().cases.length);
  });
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = existsSync(path.join(root, 'dist/index.js'));
if (!built) console.log('spec.test.ts: the CLI port tests are skipped because dist/ is not built (npm test builds it first)');

describe('poolcheck verify --spec with a port module, as a user runs it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-spec-port-'));
  const port = path.join(dir, 'pytorch2-port.mjs');
  // A port written against PyTorch 2: here the reference with that profile, loaded from the build.
  writeFileSync(port, `import * as poolcheck from ${JSON.stringify(path.join(root, 'dist/index.js'))};
export const name = 'pytorch2-port';
export const capabilities = { errors: 'pytorch' };
const spec = 'pytorch-2';
export const maxPool1d = (x, o) => poolcheck.maxPool1d(x, { ...o, spec });
export const maxPool2d = (x, o) => poolcheck.maxPool2d(x, { ...o, spec });
export const maxPool3d = (x, o) => poolcheck.maxPool3d(x, { ...o, spec });
export const maxUnpool1d = poolcheck.maxUnpool1d;
export const maxUnpool2d = poolcheck.maxUnpool2d;
export const maxUnpool3d = poolcheck.maxUnpool3d;
`);
  let lines: string[];
  beforeEach(() => {
    lines = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => { vi.restoreAllMocks(); });

  it.skipIf(!built)(`passes --spec pytorch-2 (exit 0) and fails the default (exit 1) with the hint${built ? '' : ' — skipped: dist/ is not built'}`, async () => {
    const only = ['--only', 'rejects-invalid', '--seed', '12'];
    expect(await main(['verify', '--impl', port, '--spec', 'pytorch-2', ...only])).toBe(0);
    expect(lines[0]).toMatch(/^poolcheck verify: pytorch2-port \(.*\) against PyTorch 2\.6\.0 \(--spec pytorch-2, derived from source, not measured\), seed 12/);
    expect(lines.join('\n')).toMatch(/pytorch2-port conforms to PyTorch 2\.6\.0/);
    lines = [];
    expect(await main(['verify', '--impl', port, ...only])).toBe(1);
    const out = lines.join('\n');
    expect(out).toMatch(/^ {2}spec: PyTorch 1\.13\.1 .*and the implementation answered as PyTorch 2\.6\.0 does\. This run checks against PyTorch 1\.13\.1 \(--spec pytorch-1\.13, measured\); if the port follows PyTorch 2\.6\.0, run it with --spec pytorch-2\.$/m);
    expect(out).toMatch(/^pytorch2-port does NOT conform: /m);
  });

  it('refuses an unknown --spec in one line, exit 2', async () => {
    expect(await main(['verify', '--impl', 'reference', '--spec', 'pytorch-3'])).toBe(2);
  });

  it.skipIf(!built)(`the reference itself follows --spec (exit 0)${built ? '' : ' — skipped: dist/ is not built'}`, async () => {
    expect(await main(['verify', '--impl', 'reference', '--spec', 'pytorch-2', '--only', 'rejects-invalid,value-at-index', '--seed', '4'])).toBe(0);
  });
});
