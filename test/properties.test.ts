/**
 * The suite's machinery: generators stay valid and inside a declaration, reach the edges they
 * are meant to reach, values are built bit for bit, coverage is reported honestly, any
 * implementation shape plugs in (async, other index arrays, default export), and a failure
 * replays from its seed and path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FULL_CAPABILITIES, resolveCapabilities, type Capabilities, type Implementation } from '../src/implementation.js';
import * as reference from '../src/reference/index.js';
import { poolCase, unpoolCase } from '../src/properties/arbitraries.js';
import {
  poolInput, poolOptions, poolOutputSize, product, tensorShape, unpoolIndices, unpoolInput, unpoolOptions,
  unpoolTargetSize, type PoolCase,
} from '../src/properties/cases.js';
import { PROPERTIES, PROPERTY_IDS } from '../src/properties/catalogue/index.js';
import { invalidPoolCall, invalidUnpoolCall, rejectsInvalid, type InvalidCase } from '../src/properties/catalogue/rejects-invalid.js';
import { implementationFromModule, ImplementationLoadError } from '../src/properties/load.js';
import { notCoveredReason, uncoveredParts } from '../src/properties/property.js';
import { findProperty, runProperty, runSuite } from '../src/properties/runner.js';
import { buildValues, VALUE_PROFILES } from '../src/properties/values.js';
import { windowAt, windowGrid } from '../src/properties/window.js';
import { makePort } from './mutants/lib/port.js';

const SAMPLES = 600;
const sample = <T>(arb: fc.Arbitrary<T>, seed = 11): T[] => fc.sample(arb, { numRuns: SAMPLES, seed });

const referenceImpl: Implementation = { name: 'reference', ...reference };

const RESTRICTED: Capabilities = {
  ...FULL_CAPABILITIES,
  ops: ['maxPool2d', 'maxUnpool2d'],
  dtypes: ['float32'],
  unbatched: false,
  dilation: false,
  ceilMode: false,
  padding: 'uniform',
  perAxis: false,
  maxKernel: 3,
  maxInputLength: 7,
  nan: false,
  unpoolOutputSize: false,
};

describe('generated pool cases', () => {
  it('are valid by construction: the reference pools every one with the shape the case predicts', () => {
    for (const c of sample(poolCase(FULL_CAPABILITIES))) {
      const result = reference[c.op](poolInput(c), poolOptions(c));
      expect(result.values.shape).toEqual(tensorShape(c.geometry, poolOutputSize(c.geometry)));
      expect(c.geometry.padding.every((p, j) => p <= Math.floor(c.geometry.kernel[j]! / 2))).toBe(true);
    }
  });

  it('stay inside a restricted declaration', () => {
    for (const c of sample(poolCase(RESTRICTED))) {
      const g = c.geometry;
      expect(c.op).toBe('maxPool2d');
      expect(c.dtype).toBe('float32');
      expect(g.batched).toBe(true);
      expect(g.dilation).toEqual([1, 1]);
      expect(g.ceilMode).toBe(false);
      expect(new Set(g.padding).size).toBe(1);
      expect(new Set(g.kernel).size).toBe(1);
      expect(new Set(g.stride).size).toBe(1);
      expect(Math.max(...g.kernel)).toBeLessThanOrEqual(3);
      expect(Math.max(...g.inputSize)).toBeLessThanOrEqual(7);
      const data = poolInput(c).data;
      expect(Array.from(data).some(Number.isNaN)).toBe(false);
      reference[c.op](poolInput(c), poolOptions(c));
    }
  });

  it('reach the edges the mutants live on', () => {
    const cases = sample(poolCase(FULL_CAPABILITIES), 5);
    const count = (predicate: (c: PoolCase) => boolean): number => cases.filter(predicate).length;
    const windows = (c: PoolCase) => {
      const grid = windowGrid(c.geometry);
      return Array.from({ length: grid.outputPlaneSize }, (_, o) => windowAt(grid, o));
    };
    const values = (c: PoolCase) => Array.from(poolInput(c).data);
    const seen = {
      'a window wholly in padding': count((c) => windows(c).some((w) => w.taps.length === 0)),
      'ceil mode dropping a last window': count((c) => c.geometry.ceilMode && c.geometry.inputSize.some((l, j) => {
        const g = c.geometry;
        const span = l + 2 * g.padding[j]! - g.dilation[j]! * (g.kernel[j]! - 1) - 1;
        const out = Math.floor((span + g.stride[j]! - 1) / g.stride[j]!) + 1;
        return (out - 1) * g.stride[j]! >= l + g.padding[j]!;
      })),
      'overlapping windows': count((c) => c.geometry.stride.some((s, j) => s < c.geometry.kernel[j]!)),
      'dilation > 1': count((c) => c.geometry.dilation.some((d) => d > 1)),
      'axes with different kernels': count((c) => new Set(c.geometry.kernel).size > 1),
      'N > 1 and C > 1': count((c) => c.geometry.batched && c.geometry.batch > 1 && c.geometry.channels > 1),
      'unbatched input': count((c) => !c.geometry.batched),
      'odd input lengths': count((c) => c.geometry.inputSize.some((l) => l % 2 === 1 && l > 1)),
      'a NaN': count((c) => values(c).some(Number.isNaN)),
      '-0 before +0 in a window': count((c) => {
        const data = poolInput(c).data;
        return windows(c).some((w) => w.taps.some((t, i) => Object.is(data[t], -0) && w.taps.slice(i + 1).some((u) => Object.is(data[u], 0))));
      }),
      'ties in a window': count((c) => {
        const data = poolInput(c).data;
        return windows(c).some((w) => new Set(w.taps.map((t) => data[t])).size < w.taps.length);
      }),
      'all-negative values': count((c) => values(c).every((v) => v < 0)),
      'float64': count((c) => c.dtype === 'float64'),
      'a large case (over 200 elements)': count((c) => product(tensorShape(c.geometry, c.geometry.inputSize)) > 200),
      'options spelled with numbers or omitted': count((c) => Object.values(poolOptions(c)).some((v) => typeof v === 'number') || poolOptions(c).stride === undefined),
    };
    for (const [edge, n] of Object.entries(seen)) expect(n, `cases with ${edge}`).toBeGreaterThan(SAMPLES / 50);
  });
});

describe('generated unpool cases', () => {
  it('are valid: the reference unpools every one into the size the case predicts', () => {
    let withOutputSize = 0;
    for (const c of sample(unpoolCase(FULL_CAPABILITIES))) {
      const output = reference[c.op](unpoolInput(c), unpoolIndices(c), unpoolOptions(c));
      expect(output.shape).toEqual(tensorShape(c.geometry, unpoolTargetSize(c.geometry)));
      if (c.geometry.outputSize) withOutputSize++;
    }
    expect(withOutputSize).toBeGreaterThan(SAMPLES / 4);
  });

  it('use only the default size when outputSize is not declared', () => {
    for (const c of sample(unpoolCase(RESTRICTED))) expect(unpoolOptions(c).outputSize).toBeUndefined();
  });

  it('often send inputs with different values to one index, and only agrees-with-reference cares which wins', async () => {
    // Arbitrary (not pool-derived) indices repeat within a plane by chance; count the cases
    // where two inputs of one plane share an index and differ in their bits.
    const contested = sample(unpoolCase(FULL_CAPABILITIES)).filter((c) => {
      const values = new Uint8Array(unpoolInput(c).data.buffer);
      const width = values.length / product(tensorShape(c.geometry, c.geometry.inputSize));
      const index = unpoolIndices(c).data;
      const inPlane = product(c.geometry.inputSize);
      const seen = new Map<string, number>();
      return Array.from(index).some((at, i) => {
        const key = `${Math.floor(i / inPlane)}/${at}`;
        const earlier = seen.get(key);
        seen.set(key, i);
        const bits = (e: number) => values.subarray(e * width, (e + 1) * width).join();
        return earlier !== undefined && bits(earlier) !== bits(i);
      });
    });
    expect(contested.length).toBeGreaterThan(SAMPLES / 2);
    const firstWins = makePort({ unpoolDuplicateFirstWins: true }, 'unpool-duplicate-first-wins');
    const suite = await runSuite(firstWins, { seed: 12, only: ['unpool-size', 'unpool-round-trip', 'agrees-with-reference'] });
    expect(suite.properties.map((p) => [p.id, p.status])).toEqual([
      ['unpool-round-trip', 'pass'], ['unpool-size', 'pass'], ['agrees-with-reference', 'fail'],
    ]);
    expect(suite.properties[2]!.counterexample!.summary).toMatch(/where several inputs share an index, PyTorch \(on one thread\) keeps the last$/);
  });
});

describe('invalid cases', () => {
  it('are all rejected by the reference, for every kind of fault', () => {
    const faults = new Set<string>();
    for (const ic of sample(rejectsInvalid.arbitrary(FULL_CAPABILITIES) as fc.Arbitrary<InvalidCase>)) {
      faults.add(ic.fault);
      const call = () => (ic.kind === 'pool'
        ? reference[ic.base.op](invalidPoolCall(ic).input, invalidPoolCall(ic).options)
        : reference[ic.base.op](invalidUnpoolCall(ic).input, invalidUnpoolCall(ic).indices, invalidUnpoolCall(ic).options));
      expect(call, ic.fault).toThrow(reference.PoolcheckError);
    }
    expect(faults.size).toBe(11);
  });
});

describe('values', () => {
  it('are built bit for bit: NaN payloads (signalling included) and -0 survive', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const data = buildValues({ profile: 'special values', codes: Array.from({ length: 12 }, (_, i) => i), tail: 0 }, dtype, 12);
      const words = new Uint32Array(data.buffer);
      const nanWords = dtype === 'float32' ? [words[3], words[7], words[9], words[11]] : [words[7], words[15], words[19], words[23]];
      expect(nanWords).toEqual(dtype === 'float32'
        ? [0x7fc00001, 0x7fc00002, 0x7f800004, 0xffc00003]
        : [0x7ff80000, 0x7ff80000, 0x7ff00000, 0xfff80000]);
      expect(Object.is(data[6], -0)).toBe(true);
    }
  });

  it('are deterministic in the draw, and plain past the codes when the tail is 0', () => {
    for (const profile of VALUE_PROFILES) {
      const a = buildValues({ profile, codes: [1, 2], tail: 0 }, 'float64', 6);
      expect(Array.from(a.slice(2))).toEqual(Array(4).fill(a[2]));
      const b = buildValues({ profile, codes: [1, 2], tail: 9 }, 'float64', 40);
      expect(new Uint8Array(b.buffer)).toEqual(new Uint8Array(buildValues({ profile, codes: [1, 2], tail: 9 }, 'float64', 40).buffer));
    }
  });
});

describe('coverage', () => {
  const pool2dOnly: Implementation = { name: 'pool2d only', maxPool2d: reference.maxPool2d, capabilities: { errors: 'none', dilation: false } };

  it('reports what a declaration leaves out as not covered, never as passed', async () => {
    const caps = resolveCapabilities(pool2dOnly);
    expect(notCoveredReason(findProperty('unpool-size')!, caps)).toMatch(/none of maxUnpool1d, maxUnpool2d, maxUnpool3d/);
    expect(notCoveredReason(findProperty('rejects-invalid')!, caps)).toMatch(/errors: 'none'/);
    expect(notCoveredReason(findProperty('tie-break')!, caps)).toBeUndefined();
    expect(uncoveredParts(findProperty('tie-break')!, caps)).toEqual(['ops maxPool1d, maxPool3d', 'dilation']);

    const suite = await runSuite(pool2dOnly, { runs: 20, seed: 3, only: ['tie-break', 'unpool-size', 'rejects-invalid'] });
    expect(suite.properties.map((p) => [p.id, p.status])).toEqual([
      ['tie-break', 'pass'], ['unpool-size', 'not-covered'], ['rejects-invalid', 'not-covered'],
    ]);
    expect(suite.conforms).toBe(true);
  });

  it('a restricted declaration still passes the reference on every property that runs', async () => {
    const restricted: Implementation = { ...referenceImpl, capabilities: { ...RESTRICTED, errors: 'pytorch' } };
    const generated = PROPERTIES.filter((p) => p.kind === 'generated').map((p) => p.id);
    const suite = await runSuite(restricted, { runs: 60, seed: 17, only: generated });
    // Inputs of at most 7 leave no room for a plane past 2^24: the one property that cannot run.
    expect(suite.properties.filter((p) => p.status !== 'pass').map((p) => `${p.id}: ${p.counterexample?.summary ?? p.reason}`)).toEqual([
      'large-indices: the implementation declares maxInputLength 7, too short for a plane past 2^24',
    ]);
    expect(suite.properties[0]!.uncovered).toEqual([
      'ops maxPool1d, maxPool3d', 'dtype float64', 'unbatched input', 'dilation', 'ceil mode', 'per-axis padding',
      'per-axis kernel and stride', 'kernels over 3', 'inputs longer than 7', 'NaN',
    ]);
  });

  it('lists every property exactly once, with distinct ids and a statement in words', () => {
    expect(new Set(PROPERTY_IDS).size).toBe(PROPERTIES.length);
    expect(PROPERTIES.length).toBeGreaterThanOrEqual(12);
    for (const p of PROPERTIES) expect(p.statement.length).toBeGreaterThan(40);
  });
});

describe('implementations plug in', () => {
  const toAsync = (impl: Implementation): Implementation => ({
    name: 'async reference',
    capabilities: { errors: 'pytorch' },
    maxPool1d: async (x, o) => impl.maxPool1d!(x, o),
    maxPool2d: async (x, o) => impl.maxPool2d!(x, o),
    maxPool3d: async (x, o) => impl.maxPool3d!(x, o),
    maxUnpool1d: async (x, i, o) => impl.maxUnpool1d!(x, i, o),
    maxUnpool2d: async (x, i, o) => impl.maxUnpool2d!(x, i, o),
    maxUnpool3d: async (x, i, o) => impl.maxUnpool3d!(x, i, o),
  });

  it('async functions, with errors held to PyTorch wording', async () => {
    const generated = PROPERTIES.filter((p) => p.kind === 'generated').map((p) => p.id);
    const suite = await runSuite(toAsync(referenceImpl), { runs: 25, seed: 21, only: generated });
    expect(suite.properties.filter((p) => p.status === 'fail').map((p) => p.id)).toEqual([]);
  });

  it('indices as Int32Array or Float64Array, compared as integers', async () => {
    for (const IndexArray of [Int32Array, Float64Array]) {
      const impl: Implementation = {
        maxPool2d: (x, o) => {
          const r = reference.maxPool2d(x, o);
          return { values: r.values, indices: { shape: r.indices.shape, data: new IndexArray(Array.from(r.indices.data, Number)) } };
        },
      };
      const suite = await runSuite(impl, { runs: 25, seed: 4, only: ['value-at-index', 'agrees-with-reference', 'planes-independent'] });
      expect(suite.conforms).toBe(true);
    }
  });

  it('a module namespace, a default-exported object, or neither (a one-line error)', () => {
    expect(implementationFromModule({ maxPool1d: reference.maxPool1d }, 'named').name).toBe('named');
    expect(resolveCapabilities(implementationFromModule({ default: { maxUnpool2d: reference.maxUnpool2d } }, 'd')).ops).toEqual(['maxUnpool2d']);
    expect(() => implementationFromModule({ helper: () => 1 }, 'empty')).toThrow(ImplementationLoadError);
    expect(() => implementationFromModule({ helper: () => 1 }, 'empty')).toThrow(/exports none of maxPool1d.*it exports helper/);
    expect(() => implementationFromModule({ maxPool1d: reference.maxPool1d, capabilities: { dilaton: false } }, 'typo'))
      .toThrow(/unknown capability "dilaton"/);
    expect(() => implementationFromModule({ maxPool1d: reference.maxPool1d, capabilities: { ops: ['maxPool3d'] } }, 'x'))
      .toThrow(/lists maxPool3d, which the module does not export/);
  });
});

describe('a failure', () => {
  const mutant = makePort({ tieLastWins: true }, 'tie-last-wins');

  it('is shrunk, and replays from its seed and path to the same counterexample', async () => {
    const property = findProperty('tie-break')!;
    const first = await runProperty(mutant, property, { seed: 99 });
    expect(first.status).toBe('fail');
    expect(first.path).toMatch(/^\d+(:\d+)*$/);
    const replayed = await runProperty(mutant, property, { seed: 99, path: first.path! });
    expect(replayed.status).toBe('fail');
    expect(replayed.counterexample!.summary).toBe(first.counterexample!.summary);
    expect(replayed.counterexample!.story).toEqual(first.counterexample!.story);
  });

  it('names the property, the case and the first wrong element', async () => {
    const result = await runProperty(mutant, findProperty('agrees-with-reference')!, { seed: 5 });
    expect(result.counterexample!.summary).toMatch(/^indices\[[\d, ]+\] is \d+, the reference gives \d+$/);
    expect(result.counterexample!.story[0]).toMatch(/^maxPool[123]d, float(32|64), values: /);
  });
});
