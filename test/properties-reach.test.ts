/**
 * The suite's reach beyond small generated planes: every argument form on its own (checked
 * against live PyTorch where it is installed), the large-index tier (planes past 2^24, invalid
 * indices at every magnitude boundary), and the aliasing checks of no-shared-state.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTorchImplementation, probeTorch } from '../src/adapters/torch.js';
import type { ProtocolImplementation } from '../src/adapters/protocol/index.js';
import { FULL_CAPABILITIES, resolveCapabilities, type Implementation } from '../src/implementation.js';
import {
  argumentForms, boundaryIndices, formPoolCall, formUnpoolCall, type ArgumentFormCase,
} from '../src/properties/catalogue/argument-forms.js';
import { FLOAT32_EXACT_LIMIT, largeIndices, largePoolCall, type LargeCase } from '../src/properties/catalogue/large-indices.js';
import { referencePool, referenceUnpool } from '../src/properties/oracle.js';
import { notCoveredReason } from '../src/properties/property.js';
import { runSuite } from '../src/properties/runner.js';
import { formatFailure } from '../src/properties/report/text.js';
import * as reference from '../src/reference/index.js';
import { resolveSpec } from '../src/reference/spec.js';

const referenceImpl: Implementation = { name: 'reference', ...reference };
const SPEC = resolveSpec(undefined);

function verdict(a: ArgumentFormCase): 'accepted' | 'refused' {
  try {
    if (a.kind === 'pool') referencePool(formPoolCall(a), SPEC);
    else referenceUnpool(formUnpoolCall(a), SPEC);
    return 'accepted';
  } catch {
    return 'refused';
  }
}

describe('argument forms', () => {
  const cases = fc.sample(argumentForms.arbitrary(FULL_CAPABILITIES), { seed: 11, numRuns: 1500 });
  const byForm = new Map<string, ('accepted' | 'refused')[]>();
  for (const a of cases) byForm.set(a.form, [...(byForm.get(a.form) ?? []), verdict(a)]);

  it('draws every form, each often enough to meet its rule in a default run', () => {
    expect([...byForm.keys()].sort()).toEqual([
      'ceil mode, input shorter than the dilated window', 'full-form outputSize, N and C matching',
      'full-form outputSize, N and C not matching', 'index at a magnitude boundary, BigInt64Array',
      'index at a magnitude boundary, Float64Array', 'index at a magnitude boundary, Int32Array', 'indices as Float64Array',
      'indices as Int32Array', 'input rank one too high', 'input rank one too low', 'several invalid indices',
      'stride ≤ 0 with an outputSize', 'stride ≤ 0, default size', 'zero batch', 'zero channels', 'zero channels (batched)',
      'zero channels (unbatched)',
    ]);
    for (const [form, verdicts] of byForm) expect(verdicts.length, form).toBeGreaterThan(40);
  });

  it('gets from the reference the verdict PyTorch 1.13 gives each form', () => {
    const always = (form: string): string => [...new Set(byForm.get(form))].join('/');
    for (const form of ['input rank one too low', 'input rank one too high', 'zero channels', 'zero channels (batched)',
      'several invalid indices', 'index at a magnitude boundary, BigInt64Array', 'index at a magnitude boundary, Float64Array',
      'index at a magnitude boundary, Int32Array', 'stride ≤ 0 with an outputSize']) {
      expect(always(form), form).toBe('refused');
    }
    for (const form of ['zero batch', 'zero channels (unbatched)', 'full-form outputSize, N and C matching',
      'full-form outputSize, N and C not matching', 'indices as Int32Array', 'indices as Float64Array']) {
      expect(always(form), form).toBe('accepted');
    }
    // Both outcomes occur: a stride ≤ 0 is refused by 3-D unpool (and by a default size below 1), and ceil mode
    // fits one window only when the short input still reaches it.
    expect(always('stride ≤ 0, default size').split('/').sort()).toEqual(['accepted', 'refused']);
    expect(always('ceil mode, input shorter than the dilated window').split('/').sort()).toEqual(['accepted', 'refused']);
  });

  it('several invalid indices: the reference names the last it meets, as PyTorch 1.13 does', () => {
    // What /usr/bin/python3 with torch 1.13 printed for max_unpool2d(ones(1,1,2,2), idx, 2).
    const named = (idx: number[]): string => {
      try {
        reference.maxUnpool2d({ shape: [1, 1, 2, 2], data: new Float32Array(4).fill(1) },
          { shape: [1, 1, 2, 2], data: BigInt64Array.from(idx, BigInt) }, { kernelSize: 2 });
        return 'accepted';
      } catch (error) {
        return (error as Error).message.split(' (')[0]!;
      }
    };
    expect(named([16, 17, 0, 0])).toBe('Found an invalid max index: 17');
    expect(named([0, 0, 99, -7])).toBe('Found an invalid max index: -7');
    expect(named([0, 0, -7, 99])).toBe('Found an invalid max index: 99');
    expect(named([100, 200, 300, -1])).toBe('Found an invalid max index: -1');
  });

  it('plants invalid indices at every magnitude boundary each index type holds', () => {
    expect(boundaryIndices('int64', 3).map(String)).toEqual([
      '2147483648', '4294967299', '9007199254740992', '9223372036854775807', '-1', '-2147483648', '-4294967293', '-9223372036854775808',
    ]);
    expect(boundaryIndices('int32', 3).map(Number)).toEqual([2 ** 31 - 1, -1, -(2 ** 31)]);
    for (const v of boundaryIndices('float64', 3)) expect(BigInt(Number(v))).toBe(v);
  });

  it('leaves refused forms out, as not covered, for a port that declares no error handling', () => {
    const caps = resolveCapabilities({ ...referenceImpl, capabilities: { errors: 'none' } });
    const drawn = new Set(fc.sample(argumentForms.arbitrary(caps), { seed: 2, numRuns: 400 }).map((a) => a.form));
    expect(drawn.has('zero batch')).toBe(true);
    expect(drawn.has('input rank one too low')).toBe(false);
    expect(argumentForms.uncovered!(caps)[0]).toMatch(/^forms PyTorch refuses \(errors: 'none'\): input rank one too low/);
  });
});

const probe = await probeTorch();
if (!probe.available) console.warn(`[poolcheck] argument forms against live PyTorch did not run: ${probe.reason}`);

describe.skipIf(!probe.available)(`live PyTorch 1.13 on every argument form${probe.available ? '' : ` — NOT RUN: ${probe.reason}`}`, () => {
  let torch: ProtocolImplementation;
  beforeAll(async () => { torch = await createTorchImplementation(); });
  afterAll(async () => { await torch?.dispose(); });

  it('passes argument-forms: PyTorch itself gives what the reference says, message for message', async () => {
    const suite = await runSuite(torch, { seed: 23, only: ['argument-forms'] });
    expect(suite.properties.map((p) => (p.status === 'fail' ? formatFailure(p) : p.status))).toEqual(['pass']);
  });
});

describe('the large-index tier', () => {
  const cases: LargeCase[] = fc.sample(largeIndices.arbitrary(FULL_CAPABILITIES), { seed: 5, numRuns: 6 });

  it('puts every plane past 2^24 and, in the pool part, an odd winner past 2^24 (no float32 holds it)', () => {
    for (const c of cases) {
      const pool = c.pool!;
      expect(pool.geometry.inputSize.reduce((a, b) => a * b, 1)).toBeGreaterThan(FLOAT32_EXACT_LIMIT);
      const winners = Array.from(referencePool(largePoolCall(pool.draw, pool.geometry), SPEC).indices.data, Number);
      expect(winners.some((i) => i > FLOAT32_EXACT_LIMIT && i % 2 === 1), `winners ${winners.join(', ')}`).toBe(true);
      const unpool = c.unpool!.call;
      const indices = Array.from(unpool.indices.data as ArrayLike<number | bigint>, Number);
      expect(indices.some((i) => i > FLOAT32_EXACT_LIMIT && i % 2 === 1)).toBe(true);
    }
  });

  it('is not covered, with the reason, for a port that declares a smaller maxPlaneSize', () => {
    const caps = resolveCapabilities({ ...referenceImpl, capabilities: { maxPlaneSize: 1 << 20 } });
    expect(notCoveredReason(largeIndices, caps)).toBe('the implementation declares maxPlaneSize 1048576; the tier needs planes past 2^24 elements');
  });

  it('runs a few cases per run, each with a pool and an unpool part', async () => {
    const suite = await runSuite(referenceImpl, { seed: 9, only: ['large-indices'] });
    expect(suite.properties[0]).toMatchObject({ status: 'pass', numRuns: 3 });
  });
});
