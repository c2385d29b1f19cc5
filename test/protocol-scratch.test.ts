/**
 * The from-scratch Python port (examples/protocol-python/poolcheck_port.py, no PyTorch, no
 * numpy) against the reference on random small cases: same values and indices bit for bit,
 * and it rejects exactly what the reference rejects (it declares errors: 'throws').
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../src/reference/index.js';
import {
  createProtocolImplementation, measureThroughput, ReportedError, smallPoolCases, type ProtocolImplementation,
} from '../src/adapters/protocol/index.js';
import { packageRoot } from '../src/paths.js';
import { disagreements, randomCases } from './protocolDifferential.js';

const PORT = path.join(packageRoot, 'examples', 'protocol-python', 'poolcheck_port.py');
const python = process.env.PYTHON ?? 'python3';

describe(`the scratch Python port (${python} ${path.relative(packageRoot, PORT)})`, () => {
  let port: ProtocolImplementation;
  // The way a user starts it: one --cmd string, split without a shell.
  beforeAll(async () => { port = await createProtocolImplementation(`${python} '${PORT}'`); });
  afterAll(async () => { await port?.dispose(); });

  it('handshakes with its name and honest capabilities', () => {
    expect(port.name).toBe('scratch-python');
    expect(port.capabilities?.errors).toBe('throws');
    expect(port.capabilities?.ops).toEqual(['maxPool1d', 'maxPool2d', 'maxPool3d', 'maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d']);
  });

  it('answers the classic 4x4, k=2 example', async () => {
    const x = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i) };
    const got = await port.maxPool2d!(x, { kernelSize: 2 });
    expect(got.values).toEqual(reference.maxPool2d(x, { kernelSize: 2 }).values);
    expect(got.indices).toEqual(reference.maxPool2d(x, { kernelSize: 2 }).indices);
    await expect(port.maxPool2d!(x, { kernelSize: 5 })).rejects.toBeInstanceOf(ReportedError);
  });

  it('agrees with the reference on random small cases', async () => {
    const seed = Number(process.env.POOLCHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const cases = randomCases(seed, 400);
    const found = await disagreements(port, cases, { messages: false });
    console.log(`[poolcheck] scratch port vs reference: ${cases.length} cases, seed ${seed} (replay: POOLCHECK_SEED=${seed}), ${found.length} disagreements`);
    expect(found, `seed ${seed}`).toEqual([]);
  });

  it('answers well over 500 small cases/s with batching', async () => {
    const result = await measureThroughput(port, smallPoolCases(3000));
    console.log(`[poolcheck] scratch port over the protocol: ${Math.round(result.casesPerSecond)} small cases/s (batched)`);
    expect(result.faults).toBe(0);
    expect(result.casesPerSecond).toBeGreaterThan(500);
  });
});
