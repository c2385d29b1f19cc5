/**
 * The golden checks as other code uses them: they catch a wrong value, index, shape, error or
 * missing error, report the first differing element, and stay within declared capabilities.
 */
import { describe, expect, it } from 'vitest';
import {
  FULL_CAPABILITIES, resolveCapabilities, type Capabilities, type Implementation, type ImplPoolResult,
} from '../src/implementation.js';
import {
  compareFloatTensor, coordinateOf, judgeGoldenCase, runGoldenCase, uncoveredReason, verifyGolden,
  formatGoldenFailure, type GoldenCase,
} from '../src/golden/index.js';
import { referenceImplementation } from '../src/golden/reference.js';
import type { PoolResult, Tensor } from '../src/types.js';
import { shippedCorpus } from './golden-fixtures.js';

const corpus = shippedCorpus();
const byId = (id: string): GoldenCase => corpus.cases.find((c) => c.id === id)!;
const inCategory = (category: string) => (c: GoldenCase) => c.category === category;

/** The reference with one thing broken. */
function broken(name: string, patch: Partial<Implementation>): Implementation {
  return { ...referenceImplementation, ...patch, name };
}

function mapPool(fn: (r: PoolResult) => ImplPoolResult): Pick<Implementation, 'maxPool1d' | 'maxPool2d' | 'maxPool3d'> {
  return {
    maxPool1d: (x, o) => fn(referenceImplementation.maxPool1d!(x, o) as PoolResult),
    maxPool2d: (x, o) => fn(referenceImplementation.maxPool2d!(x, o) as PoolResult),
    maxPool3d: (x, o) => fn(referenceImplementation.maxPool3d!(x, o) as PoolResult),
  };
}

describe('verifyGolden catches a broken implementation', () => {
  it('a wrong value: names the case, the flat index, the coordinate and both values', async () => {
    const impl = broken('off-by-one', mapPool((r) => {
      const data = r.values.data.slice();
      if (data.length > 5) data[5] = data[5]! + 1;
      return { ...r, values: { ...r.values, data } };
    }));
    const report = await verifyGolden(impl, { corpus, filter: inCategory('pool2d-basic') });
    expect(report.failures.length).toBe(report.checked);
    const first = report.failures[0]!;
    expect(first.disagreement.difference).toMatchObject({ tensor: 'values', kind: 'element', flatIndex: 5 });
    const shape = (first.case.expected as { values: Tensor }).values.shape;
    expect(first.disagreement.difference!.coordinate).toEqual(coordinateOf(5, shape));
    const text = formatGoldenFailure(first, corpus.dir);
    expect(text).toMatch(/^FAIL pool2d-basic\/0000 \(maxPool2d, category pool2d-basic\): values differ at flat index 5 \(coordinate \[\d+, \d+, \d+, \d+\]\): PyTorch \S+, got \S+/);
    expect(text).toContain('replay: poolcheck golden verify --case pool2d-basic/0000');
    expect(text).toMatch(/from: \S*golden\/cases\/pool2d-basic\.jsonl:2/);
  });

  it('a wrong index (tie broken the other way)', async () => {
    const impl = broken('last-tie', mapPool((r) => {
      const data = r.indices.data.slice();
      data[0] = data[0]! + 1n;
      return { ...r, indices: { ...r.indices, data } };
    }));
    const report = await verifyGolden(impl, { corpus, filter: inCategory('pool1d-ties') });
    expect(report.failures.length).toBe(report.checked);
    expect(report.failures[0]!.disagreement.summary).toMatch(/^indices differ at flat index 0 \(coordinate \[0, 0, 0\]\): PyTorch \d+, got \d+$/);
  });

  it('indices in other integer arrays are compared as integers', async () => {
    const impl = broken('int32-indices', mapPool((r) => ({ ...r, indices: { shape: r.indices.shape, data: Int32Array.from(r.indices.data, Number) } })));
    const report = await verifyGolden(impl, { corpus, filter: inCategory('pool3d-basic') });
    expect(report.failures).toEqual([]);
    expect(report.agreed).toBe(report.checked);
  });

  it('a NaN ignored shows up in values; a NaN payload changed only with nan: "exact"', async () => {
    const canonical = broken('canonical-nan', mapPool((r) => {
      const data = r.values.data.slice();
      for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) data[i] = Number.NaN;
      return { ...r, values: { ...r.values, data } };
    }));
    const any = await verifyGolden(canonical, { corpus, filter: inCategory('pool2d-nan') });
    expect(any.failures).toEqual([]);
    const exact = await verifyGolden(canonical, { corpus, filter: inCategory('pool2d-nan'), nan: 'exact' });
    expect(exact.failures.length).toBeGreaterThan(0);
    expect(exact.failures[0]!.disagreement.summary).toMatch(/PyTorch NaN \(bits 0x[0-9a-f]+\), got NaN \(bits 0x[0-9a-f]+\)/);

    const ignoring = broken('nan-ignored', mapPool((r) => {
      const data = r.values.data.slice();
      for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) data[i] = 0;
      return { ...r, values: { ...r.values, data } };
    }));
    const report = await verifyGolden(ignoring, { corpus, filter: inCategory('pool2d-nan') });
    expect(report.failures.length).toBeGreaterThan(0);
  });

  it('a wrong shape, a throw where PyTorch returned, and a return where PyTorch raised', async () => {
    const shape = broken('shape', mapPool((r) => ({ ...r, values: { ...r.values, shape: [...r.values.shape, 1] } })));
    const shapeReport = await verifyGolden(shape, { corpus, filter: inCategory('pool1d-basic') });
    expect(shapeReport.failures[0]!.disagreement.summary).toMatch(/^values shape: PyTorch \[[\d, ]+\], got \[[\d, ]+, 1\]/);

    const throwing = broken('throws', { maxUnpool2d: () => { throw new Error('not today'); } });
    const thrown = await verifyGolden(throwing, { corpus, filter: inCategory('unpool2d-roundtrip') });
    expect(thrown.failures.length).toBeGreaterThan(0);
    expect(thrown.failures[0]!.disagreement.summary).toContain('it threw "not today"');

    const lenient = broken('no-checks', {
      maxUnpool2d: (x) => ({ shape: x.shape, data: x.data }),
    });
    const invalid = await verifyGolden(lenient, { corpus, filter: inCategory('unpool2d-invalid-indices') });
    const raised = invalid.failures.find((f) => f.case.expected.kind === 'error')!;
    expect(raised.disagreement.summary).toMatch(/^PyTorch raised RuntimeError: "Found an invalid max index: -?\d+ \(output volumes are of size \d+x\d+", but it returned a result of shape/);
  });

  it('error wording counts only under errors: "pytorch"; the error class counts when the error names one', async () => {
    const vague = broken('vague-errors', {
      maxPool2d: (x, o) => {
        try {
          return referenceImplementation.maxPool2d!(x, o);
        } catch {
          throw new Error('bad arguments');
        }
      },
    });
    const thrown = await verifyGolden(vague, { corpus, filter: inCategory('pool2d-errors'), errors: 'throws' });
    expect(thrown.failures).toEqual([]);
    const worded = await verifyGolden(vague, { corpus, filter: inCategory('pool2d-errors'), errors: 'pytorch' });
    expect(worded.failures.length).toBe(worded.checked);
    // Without an explicit choice, the declared capabilities decide (the reference declares 'pytorch').
    const declared = await verifyGolden(vague, { corpus, filter: inCategory('pool2d-errors') });
    expect(declared.failures.length).toBe(worded.failures.length);
    const undeclared = await verifyGolden({ ...vague, capabilities: {} }, { corpus, filter: inCategory('pool2d-errors') });
    expect(undeclared.failures).toEqual([]);
    expect(worded.failures[0]!.disagreement.summary).toMatch(/^wrong error message: PyTorch raised RuntimeError: ".+", it threw "bad arguments"$/);

    const c = byId('unpool1d-output-size-invalid/0000');
    expect(c.expected.kind).toBe('error');
    const message = (c.expected as { error: { message: string } }).error.message;
    const wrongClass = Object.assign(new Error(message), { kind: 'RuntimeError' });
    expect(judgeGoldenCase(c, { kind: 'threw', error: wrongClass }, { errors: 'pytorch', nan: 'any' })?.summary)
      .toMatch(/^wrong error class: PyTorch raised ValueError, it threw RuntimeError/);
    const rightClass = Object.assign(new Error(`prefix: ${message}`), { kind: 'ValueError' });
    expect(judgeGoldenCase(c, { kind: 'threw', error: rightClass }, { errors: 'pytorch', nan: 'any' })).toBeUndefined();
  });

  it('gives the implementation private copies of its inputs', async () => {
    const c = byId('pool2d-basic/0000');
    const before = c.input.data.slice();
    const vandal: Implementation = {
      maxPool2d: (x, o) => {
        const result = referenceImplementation.maxPool2d!(x, o);
        x.data.fill(7);
        return result;
      },
    };
    expect(judgeGoldenCase(c, await runGoldenCase(vandal, c), { errors: 'throws', nan: 'exact' })).toBeUndefined();
    expect(c.input.data).toEqual(before);
  });

  it('accepts async implementations', async () => {
    const asyncImpl: Implementation = {
      maxPool1d: async (x, o) => referenceImplementation.maxPool1d!(x, o),
    };
    const report = await verifyGolden(asyncImpl, { corpus, filter: inCategory('pool1d-basic') });
    expect(report.checked).toBeGreaterThan(0);
    expect(report.failures).toEqual([]);
  });
});

describe('cases outside the declared capabilities are not covered, never passed', () => {
  const caps = (declared: Partial<Capabilities>): Capabilities => ({ ...FULL_CAPABILITIES, ...declared });
  const reasons = (declared: Partial<Capabilities>, category: string): (string | undefined)[] =>
    corpus.cases.filter(inCategory(category)).map((c) => uncoveredReason(c, caps(declared)));

  it.each<[Partial<Capabilities>, string, RegExp]>([
    [{ ops: ['maxPool1d'] }, 'pool2d-basic', /maxPool2d is not implemented/],
    [{ dtypes: ['float32'] }, 'pool1d-basic', /float64 is not supported/],
    [{ unbatched: false }, 'pool2d-unbatched', /unbatched input is not supported/],
    [{ dilation: false }, 'pool1d-dilation', /dilation is not supported/],
    [{ ceilMode: false }, 'pool1d-ceil-mode', /ceil mode is not supported/],
    [{ padding: 'none' }, 'pool2d-padding', /padding is not supported/],
    [{ padding: 'uniform' }, 'pool3d-asymmetric', /padding that differs between axes|kernel, stride or dilation/],
    [{ perAxis: false }, 'pool2d-asymmetric', /differ between axes/],
    [{ maxKernel: 1 }, 'pool1d-basic', /kernel larger than 1/],
    [{ maxInputLength: 8 }, 'pool1d-large-plane', /input longer than 8/],
    [{ nan: false }, 'pool1d-nan', /NaN inputs are not supported/],
    [{ unpoolOutputSize: false }, 'unpool1d-output-size', /unpool outputSize is not supported/],
    [{ errors: 'none' }, 'pool3d-errors', /invalid input is not checked/],
  ])('%j excludes cases of %s', (declared, category, pattern) => {
    const found = reasons(declared, category);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((r) => r !== undefined && pattern.test(r))).toBe(true);
    // And with everything declared, the same cases are covered.
    expect(reasons({}, category).every((r) => r === undefined)).toBe(true);
  });

  it('verifyGolden reports them as uncovered and runs nothing outside the declaration', async () => {
    const calls: string[] = [];
    const onlyFloat32NoDilation: Implementation = {
      capabilities: { dtypes: ['float32'], dilation: false },
      maxPool1d: (x, o) => {
        calls.push(JSON.stringify(o));
        if (x.data instanceof Float64Array) throw new Error('float64 was not declared');
        return referenceImplementation.maxPool1d!(x, o);
      },
    };
    const report = await verifyGolden(onlyFloat32NoDilation, { corpus, filter: inCategory('pool1d-dilation') });
    expect(resolveCapabilities(onlyFloat32NoDilation).ops).toEqual(['maxPool1d']);
    expect(report.failures).toEqual([]);
    expect(report.uncovered.length).toBe(report.selected - report.checked);
    expect(report.uncovered.length).toBeGreaterThan(0);
    expect(calls.every((o) => !/"dilation":(\[[^\]]*[02-9]|[02-9])/.test(o))).toBe(true);
  });
});

describe('compareFloatTensor', () => {
  it('treats -0 and +0 as different elements', () => {
    const expected: Tensor = { shape: [2], data: Float32Array.of(-0, 1) };
    const got: Tensor = { shape: [2], data: Float32Array.of(0, 1) };
    expect(compareFloatTensor('values', expected, got, 'any')).toMatchObject({ flatIndex: 0, expected: '-0', got: '0' });
  });

  it('refuses a float64 result for a float32 case', () => {
    const expected: Tensor = { shape: [1], data: Float32Array.of(1) };
    expect(compareFloatTensor('values', expected, { shape: [1], data: Float64Array.of(1) }, 'any'))
      .toMatchObject({ kind: 'dtype', expected: 'float32', got: 'float64' });
  });
});
