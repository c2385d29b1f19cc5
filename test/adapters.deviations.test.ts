/**
 * Expected-deviation files and their matcher: the condition language, the case features, the
 * file checks, and that every shipped entry is true today (its example reproduces on both sides
 * and meets its own condition).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import {
  DEVIATIONS_DIR, conditionHolds, decodeExampleNumber, describeCall, findDeviation, loadDeviations, matchDeviation,
  validateDeviationFile, type CaseDescription, type CaseFeatures, type Deviation, type DeviationOutcome,
} from '../src/deviations/index.js';
import { BUILT_INS, loadBuiltIn } from '../src/builtins/index.js';
import type { Implementation } from '../src/implementation.js';
import * as reference from '../src/reference/index.js';
import { PROPERTY_IDS } from '../src/properties/catalogue/index.js';
import type { IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../src/types.js';

const POOL_FEATURES: CaseFeatures = {
  op: 'maxPool2d', kind: 'pool', dtype: 'float32', spatialRank: 2, batched: true, ceilMode: false, dilated: false,
  padded: false, maxPadding: 0, minStride: 1, perAxisWindow: false, hasOutputSize: false, hasNaN: true, hasInfinity: false,
  hasNegativeInfinity: false, hasNegativeZero: false, hasNegative: false, hasNonPositive: false, hasBelowFloatMin: false,
  hasTies: false,
};

function deviation(when: Deviation['when'], properties = ['max-of-window']): Deviation {
  return {
    id: 'test', properties, when, reason: 'r', source: 'https://example.org/doc', sourceSays: 's',
    example: {} as Deviation['example'],
  };
}

describe('condition matching', () => {
  const failing: CaseDescription = { ...POOL_FEATURES, property: 'max-of-window' };

  it('needs the property named and every feature of the condition to hold', () => {
    expect(matchDeviation(deviation({ hasNaN: true }), failing)).toBe(true);
    expect(matchDeviation(deviation({ hasNaN: true }, ['tie-break']), failing)).toBe(false);
    expect(matchDeviation(deviation({ hasNaN: true, hasTies: true }), failing)).toBe(false);
    expect(matchDeviation(deviation({ hasNaN: false }), failing)).toBe(false);
  });

  it('reads a list as "one of" and an object as an inclusive numeric range', () => {
    expect(conditionHolds({ op: ['maxPool1d', 'maxPool2d'] }, POOL_FEATURES)).toBe(true);
    expect(conditionHolds({ op: ['maxPool3d'] }, POOL_FEATURES)).toBe(false);
    expect(conditionHolds({ maxPadding: { min: 0, max: 1 } }, POOL_FEATURES)).toBe(true);
    expect(conditionHolds({ maxPadding: { min: 1 } }, POOL_FEATURES)).toBe(false);
    expect(conditionHolds({ spatialRank: { max: 2 } }, POOL_FEATURES)).toBe(true);
    expect(conditionHolds({ op: { min: 1 } }, POOL_FEATURES)).toBe(false); // a range never matches a string
  });

  it('never holds on a feature the case does not have (unpool features on a pool case)', () => {
    expect(conditionHolds({ hasDuplicateIndices: false }, POOL_FEATURES)).toBe(false);
  });

  it('finds the first entry that explains a failure, or none', () => {
    const entries = [deviation({ hasTies: true }), { ...deviation({ hasNaN: true }), id: 'second' }];
    expect(findDeviation(entries, failing)?.id).toBe('second');
    expect(findDeviation(entries, { ...failing, hasNaN: false })).toBeUndefined();
  });
});

describe('case features', () => {
  const tensor = (shape: number[], data: number[]): Tensor => ({ shape, data: Float32Array.from(data) });

  it('reads special values, and ties per plane with -0 and +0 equal and NaN never', () => {
    const features = describeCall('maxPool1d', tensor([1, 2, 3], [1, -0, Number.NaN, 0, Number.NaN, 5]), { kernelSize: 2 });
    expect(features).toMatchObject({
      op: 'maxPool1d', kind: 'pool', dtype: 'float32', spatialRank: 1, batched: true, hasNaN: true, hasNegativeZero: true,
      hasNegative: false, hasNonPositive: true, hasInfinity: false, hasTies: false,
    });
    // The -0 and the 0 are in different planes; in one plane they tie.
    expect(describeCall('maxPool1d', tensor([1, 1, 3], [-0, 1, 0]), { kernelSize: 2 }).hasTies).toBe(true);
    expect(describeCall('maxPool1d', tensor([1, 2, 2], [3, 4, 4, 5]), { kernelSize: 2 }).hasTies).toBe(false);
    expect(describeCall('maxPool1d', tensor([2, 2], [Number.NaN, Number.NaN, 1, 2]), { kernelSize: 2 })).toMatchObject({
      batched: false, hasTies: false,
    });
    expect(describeCall('maxPool1d', tensor([1, 1, 2], [-Infinity, 3]), { kernelSize: 2 })).toMatchObject({
      hasInfinity: true, hasNegativeInfinity: true, hasNegative: true, hasNonPositive: true,
    });
  });

  it('reads the options per axis', () => {
    const x = tensor([1, 1, 4, 4], Array.from({ length: 16 }, (_, i) => i + 1));
    expect(describeCall('maxPool2d', x, { kernelSize: [2, 3], padding: [0, 1], dilation: [1, 2], ceilMode: true })).toMatchObject({
      perAxisWindow: true, padded: true, maxPadding: 1, dilated: true, ceilMode: true, hasNonPositive: false,
    });
    expect(describeCall('maxPool2d', x, { kernelSize: 2, stride: [2] })).toMatchObject({
      perAxisWindow: false, padded: false, dilated: false, ceilMode: false,
    });
  });

  it('reads unpool indices against the output plane (default size or outputSize)', () => {
    const x = tensor([1, 2, 2], [1, 2, 3, 4]);
    const indices = (data: number[]): IndexTensorInput => ({ shape: [1, 2, 2], data: BigInt64Array.from(data.map(BigInt)) });
    // Default size (2 - 1) * 2 + 2 = 4.
    expect(describeCall('maxUnpool1d', x, { kernelSize: 2 }, indices([0, 3, 1, 2]))).toMatchObject({
      kind: 'unpool', hasDuplicateIndices: false, hasIndexOutsidePlane: false, hasOutputSize: false,
    });
    expect(describeCall('maxUnpool1d', x, { kernelSize: 2 }, indices([1, 1, 0, 4]))).toMatchObject({
      hasDuplicateIndices: true, hasIndexOutsidePlane: true,
    });
    expect(describeCall('maxUnpool1d', x, { kernelSize: 2, outputSize: [5] }, indices([0, 4, 1, 2]))).toMatchObject({
      hasIndexOutsidePlane: false, hasOutputSize: true,
    });
    // Index 2 in plane 0 and index 2 in plane 1 are no duplicate.
    expect(describeCall('maxUnpool1d', x, { kernelSize: 2 }, indices([2, 3, 2, 3])).hasDuplicateIndices).toBe(false);
  });
});

describe('deviation file checks', () => {
  const valid = {
    implementation: 'x', checkedWith: 'x 1.0',
    deviations: [{ ...deviation({ hasNaN: true }), example: { op: 'maxPool2d' } }],
  };

  it('accepts a well-formed file', () => {
    expect(validateDeviationFile(valid, 'f.json').deviations).toHaveLength(1);
  });

  it.each([
    ['an unknown feature', { hasNan: true }, /unknown feature "hasNan"/],
    ['an empty condition', {}, /at least one feature/],
  ])('rejects %s in "when"', (_, when, message) => {
    const file = { ...valid, deviations: [{ ...valid.deviations[0]!, when }] };
    expect(() => validateDeviationFile(file, 'f.json')).toThrow(message);
  });

  it('rejects a missing link, a non-https link, duplicate ids and a missing example', () => {
    const entry = valid.deviations[0]!;
    expect(() => validateDeviationFile({ ...valid, deviations: [{ ...entry, source: '' }] }, 'f')).toThrow(/source/);
    expect(() => validateDeviationFile({ ...valid, deviations: [{ ...entry, source: 'see the docs' }] }, 'f')).toThrow(/https/);
    expect(() => validateDeviationFile({ ...valid, deviations: [entry, entry] }, 'f')).toThrow(/duplicate id/);
    expect(() => validateDeviationFile({ ...valid, deviations: [{ ...entry, example: undefined }] }, 'f')).toThrow(/example/);
    expect(() => validateDeviationFile({ ...valid, deviations: [{ ...entry, properties: [] }] }, 'f')).toThrow(/properties/);
  });

  it('has no file for an implementation without one', () => {
    expect(loadDeviations('no-such-implementation')).toBeUndefined();
  });
});

function decodeTensor(t: { shape: number[]; data: Array<number | string> }): Tensor {
  return { shape: t.shape, data: Float32Array.from(t.data, (v) => decodeExampleNumber(v as never)) };
}

function outcomeOf(result: unknown): DeviationOutcome {
  const r = result as { values?: Tensor; indices?: IndexTensorInput; shape?: number[]; data?: Float32Array };
  if (r.values) return { values: [...r.values.data], indices: Array.from(r.indices!.data as ArrayLike<number | bigint>, Number) };
  return { values: [...r.data!] };
}

function decodeOutcome(outcome: DeviationOutcome): DeviationOutcome {
  return { ...outcome, values: outcome.values?.map((v) => decodeExampleNumber(v)) };
}

describe('shipped deviation files', () => {
  const files = readdirSync(DEVIATIONS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));

  // The framework built-ins: those that need a package poolcheck does not install itself.
  const frameworks = BUILT_INS.filter((entry) => entry.packages.length > 0).map((entry) => entry.name);

  it('cover every built-in framework implementation, and only those', () => {
    expect(files.sort()).toEqual([...frameworks].sort());
  });

  describe.each(frameworks)('%s', (name) => {
    let impl: Implementation;
    beforeAll(async () => {
      impl = await loadBuiltIn(name);
    });
    afterAll(() => impl.dispose?.());
    const file = loadDeviations(name)!;

    it('loads and passes the file checks, naming only properties the suite has', () => {
      expect(file.implementation).toBe(name);
      for (const entry of file.deviations) for (const property of entry.properties) expect(PROPERTY_IDS).toContain(property);
    });

    // A file may list nothing (no documented deviation); the loop then checks that it is empty.
    const entries: Array<[string, Deviation | undefined]> = file.deviations.length > 0
      ? file.deviations.map((d) => [d.id, d]) : [['(none listed)', undefined]];
    it.each(entries)(
      'entry %s reproduces: the reference and the implementation give what the example says', async (_, entry) => {
        if (!entry) return expect(file.deviations).toEqual([]);
        const { op, input, indices, options } = entry.example;
        const x = decodeTensor(input);
        const idx = indices ? { shape: indices.shape, data: BigInt64Array.from(indices.data.map(BigInt)) } : undefined;
        const call = async (target: object) => {
          const fn = (target as Record<OpName, (...args: unknown[]) => unknown>)[op];
          return idx ? fn(x, idx, options as UnpoolOptions) : fn(x, options as PoolOptions);
        };
        expect(outcomeOf(await call(reference))).toEqual(decodeOutcome(entry.example.pytorch));
        expect(outcomeOf(await call(impl))).toEqual(decodeOutcome(entry.example.implementation));
        // The example meets the entry's own condition for every property it names.
        const features = describeCall(op, x, options, idx);
        for (const property of entry.properties) expect(matchDeviation(entry, { ...features, property })).toBe(true);
      });
  });
});
