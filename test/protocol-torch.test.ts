/**
 * Live PyTorch over the protocol (src/adapters/torch_server.py): the classic example, PyTorch's
 * own error messages, binary-safe tensors, and a seeded differential against the reference on
 * random small cases (exact values, indices and error messages). Runs only where
 * /usr/bin/python3 can import torch, and says so when it cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../src/reference/index.js';
import { PoolcheckError } from '../src/reference/index.js';
import { measureThroughput, ReportedError, smallPoolCases, type ProtocolImplementation } from '../src/adapters/protocol/index.js';
import { createTorchImplementation, probeTorch, TorchUnavailableError } from '../src/adapters/torch.js';
import type { Tensor } from '../src/types.js';
import { runSuite } from '../src/properties/runner.js';
import { formatFailure } from '../src/properties/report/text.js';
import { disagreements, randomCases } from './protocolDifferential.js';

const probe = await probeTorch();
const why = probe.available ? '' : ` — NOT RUN: ${probe.reason}`;
if (!probe.available) console.warn(`[poolcheck] live PyTorch tests did not run: ${probe.reason}`);

describe.skipIf(!probe.available)(`live PyTorch over the protocol${why}`, () => {
  let torch: ProtocolImplementation;
  beforeAll(async () => { torch = await createTorchImplementation(); });
  afterAll(async () => { await torch?.dispose(); });

  const classic: Tensor = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i) };

  it('handshakes as torch with every op and PyTorch error wording', () => {
    expect(torch.name).toBe('torch');
    expect(torch.version).toMatch(/^\d+\.\d+/);
    expect(torch.capabilities?.ops).toHaveLength(6);
    expect(torch.capabilities?.errors).toBe('pytorch');
    expect(torch.capabilities?.maxKernel).toBe(Number.POSITIVE_INFINITY);
  });

  it('answers the classic 4x4, k=2 example exactly as the reference', async () => {
    const got = await torch.maxPool2d!(classic, { kernelSize: 2 });
    const want = reference.maxPool2d(classic, { kernelSize: 2 });
    expect(Array.from(got.values.data)).toEqual([5, 7, 13, 15]);
    expect(Array.from(got.indices.data as BigInt64Array)).toEqual([5n, 7n, 13n, 15n]);
    expect(got.values).toEqual(want.values);
    expect(got.indices).toEqual(want.indices);
    const unpooled = await torch.maxUnpool2d!(got.values, got.indices, { kernelSize: 2 });
    expect(unpooled).toEqual(reference.maxUnpool2d(want.values, want.indices, { kernelSize: 2 }));
  });

  const errorCases: [string, () => unknown, () => Promise<unknown>][] = [
    ['output size too small', () => reference.maxPool2d(classic, { kernelSize: 5 }),
      () => torch.maxPool2d!(classic, { kernelSize: 5 })],
    ['padding over half the kernel', () => reference.maxPool2d(classic, { kernelSize: 3, padding: 2 }),
      () => torch.maxPool2d!(classic, { kernelSize: 3, padding: 2 })],
    ['unpool output_size outside the range (a ValueError)', () => reference.maxUnpool1d(
      { shape: [1, 1, 2], data: Float32Array.of(1, 2) }, { shape: [1, 1, 2], data: BigInt64Array.of(0n, 3n) }, { kernelSize: 2, outputSize: [6] }),
    () => torch.maxUnpool1d!(
      { shape: [1, 1, 2], data: Float32Array.of(1, 2) }, { shape: [1, 1, 2], data: BigInt64Array.of(0n, 3n) }, { kernelSize: 2, outputSize: [6] })],
    ['an index outside the unpool output (data dependent)', () => reference.maxUnpool2d(
      { shape: [1, 1, 1, 2], data: Float64Array.of(1, 2) }, { shape: [1, 1, 1, 2], data: BigInt64Array.of(0n, 9n) }, { kernelSize: 2 }),
    () => torch.maxUnpool2d!(
      { shape: [1, 1, 1, 2], data: Float64Array.of(1, 2) }, { shape: [1, 1, 1, 2], data: BigInt64Array.of(0n, 9n) }, { kernelSize: 2 })],
  ];
  it.each(errorCases)('rejects %s with the reference\'s exact message', async (_, expected, actual) => {
    let want: unknown;
    try { expected(); } catch (error) { want = error; }
    expect(want).toBeInstanceOf(PoolcheckError);
    const got = await actual().then(() => undefined, (error: unknown) => error);
    expect(got).toBeInstanceOf(ReportedError);
    expect((got as ReportedError).message).toBe((want as PoolcheckError).message);
    expect((got as ReportedError).type).toBe((want as PoolcheckError).kind);
  });

  it('keeps NaN payloads and -0 bit for bit through PyTorch and back', async () => {
    const words = Uint32Array.of(0x80000000, 0x7fc01234, 0xffc0beef, 0x3f800000);
    const x: Tensor = { shape: [1, 1, 4], data: new Float32Array(words.buffer) };
    const { values } = await torch.maxPool1d!(x, { kernelSize: 1 });
    expect(Array.from(new Uint32Array(values.data.buffer))).toEqual(Array.from(words));
    // [-0, +0] → -0 (ties keep the first); the last NaN wins with its own payload.
    const y: Tensor = { shape: [1, 1, 5], data: Float64Array.of(-0, 0, 1, NaN, 2) };
    new BigUint64Array(y.data.buffer)[3] = 0xfff8_0000_0000_abcdn;
    const pooled = await torch.maxPool1d!(y, { kernelSize: 2, stride: 2, ceilMode: true });
    expect(Object.is(pooled.values.data[0], -0)).toBe(true);
    expect(new BigUint64Array(pooled.values.data.buffer)[1]).toBe(0xfff8_0000_0000_abcdn);
  });

  it('agrees with the reference on random small cases (values, indices and messages)', async () => {
    const seed = Number(process.env.POOLCHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const cases = randomCases(seed, 300);
    const found = await disagreements(torch, cases, { messages: true });
    console.log(`[poolcheck] torch vs reference: ${cases.length} cases, seed ${seed} (replay: POOLCHECK_SEED=${seed}), ${found.length} disagreements`);
    expect(found, `seed ${seed}`).toEqual([]);
  });

  it('conforms to itself: the property suite passes against live PyTorch', async () => {
    const seed = Number(process.env.POOLCHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const suite = await runSuite(torch, { runs: 40, seed });
    const failed = suite.properties.filter((p) => p.status === 'fail');
    console.log(`[poolcheck] property suite vs live PyTorch: ${suite.properties.length} properties, 40 runs, seed ${seed}, `
      + `${failed.length} failed (${(suite.durationMs / 1000).toFixed(1)} s)`);
    expect(failed.map((p) => formatFailure(p)).join('\n\n'), `seed ${seed}`).toBe('');
    expect(suite.conforms).toBe(true);
  });

  it('answers well over 500 small cases/s with batching', async () => {
    const result = await measureThroughput(torch, smallPoolCases(3000));
    console.log(`[poolcheck] torch over the protocol: ${Math.round(result.casesPerSecond)} small cases/s (batched)`);
    expect(result.faults).toBe(0);
    expect(result.casesPerSecond).toBeGreaterThan(500);
  });
});

describe('createTorchImplementation without PyTorch', () => {
  it('says how to install PyTorch when the Python cannot import it', async () => {
    const error = await createTorchImplementation({ python: '/nonexistent/python3' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TorchUnavailableError);
    expect((error as Error).message).toMatch(/\/nonexistent\/python3 does not exist.*bash scripts\/install-torch\.sh.*apt-get install -y python3-torch/);
  });
});
