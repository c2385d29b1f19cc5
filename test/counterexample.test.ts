/**
 * Counterexamples as data: the record keeps tensors bit for bit through JSON, replays against a
 * fresh instance (judging results, inputs changed by a call, results changed by a later call),
 * the shortest call sequence search finds exactly the calls that matter, and the text report
 * only formats what the failure recorded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCounterexample, type CounterexampleRecord } from '../src/properties/counterexample.js';
import { counterexampleRecords } from '../src/properties/report/machine.js';
import type { CallOutcome } from '../src/properties/failure.js';
import { formatFailure } from '../src/properties/report/text.js';
import { findProperty, runProperty } from '../src/properties/runner.js';
import { shortestFailingSequence } from '../src/properties/sequence.js';
import * as reference from '../src/reference/index.js';
import { decodeFloatTensor, encodeTensor } from '../src/tensorBytes.js';
import { makePort } from './mutants/lib/port.js';

const root = path.resolve(import.meta.dirname, '..');

/** Runs one property against a mutant and returns its first counterexample as JSON data. */
async function recordOf(fault: Parameters<typeof makePort>[0], property: string, seed: number): Promise<CounterexampleRecord> {
  const result = await runProperty(makePort(fault), findProperty(property)!, { seed, fresh: async () => makePort(fault) });
  expect(result.status).toBe('fail');
  return JSON.parse(JSON.stringify(counterexampleRecords(result)[0])) as CounterexampleRecord;
}

describe('the counterexample record', () => {
  it('keeps a signalling NaN payload and -0 bit for bit through JSON', () => {
    const bits = new Uint32Array([0x7f800004, 0x80000000, 0x3f800000]);
    const x = { shape: [1, 1, 3], data: new Float32Array(bits.buffer) };
    const back = decodeFloatTensor(JSON.parse(JSON.stringify(encodeTensor(x))), 'x');
    expect([...new Uint32Array(back.data.buffer)]).toEqual([0x7f800004, 0x80000000, 0x3f800000]);
  });

  it('carries property, op, options, dtype, shape, input, expected and got, origin and reproduction', async () => {
    const r = await recordOf({ tieLastWins: true }, 'tie-break', 7);
    const main = r.calls[r.mainCall]!;
    expect(r).toMatchObject({ format: 'poolcheck-counterexample', version: 1, property: 'tie-break', reproduction: { alone: true } });
    expect(r.origin).toMatchObject({ kind: 'generated', seed: 7, path: expect.stringMatching(/^\d+(:\d+)*$/) });
    expect(main.op).toMatch(/^maxPool[123]d$/);
    expect(main.input.shape).toEqual(main.shape);
    expect(main.expected?.kind).toBe('pool');
    expect(main.got?.kind).toBe('pool');
    expect(main.mark?.tensor).toBe('indices');
    // Expected is the reference's answer to the recorded input.
    const input = decodeFloatTensor(main.input, 'input');
    const want = reference[main.op as 'maxPool1d'](input, main.options as never);
    expect(main.expected).toMatchObject({ kind: 'pool', values: encodeTensor(want.values) });
  });

  it('replays: fails against the faulty port, passes against the reference', async () => {
    const r = await recordOf({ tieLastWins: true }, 'tie-break', 7);
    const failing = await replayCounterexample(makePort({ tieLastWins: true }), r);
    expect(failing.fails).toBe(true);
    expect(failing.disagreements[0]).toMatch(/^call 1 \(maxPool[123]d\): indices differ at flat index/);
    expect(await replayCounterexample(reference, r)).toEqual({ fails: false, disagreements: [] });
  });

  it('replays a result that a later call changed (a reused output buffer) as a failure', async () => {
    const r = await recordOf({ unpoolStaleBuffer: true }, 'no-shared-state', 7);
    const replayed = await replayCounterexample(makePort({ unpoolStaleBuffer: true }), r);
    expect(replayed.fails).toBe(true);
    expect(replayed.disagreements.join('\n')).toMatch(/output differ|its result changed after later calls/);
    expect((await replayCounterexample(makePort(), r)).fails).toBe(false);
  });

  it('refuses a record of another format in one line', async () => {
    await expect(replayCounterexample(reference, { format: 'other' } as never)).rejects.toThrow(/format is "other", not "poolcheck-counterexample"/);
  });
});

describe('the shortest call sequence', () => {
  it('finds exactly the calls that matter, in order, among many', async () => {
    const calls = Array.from({ length: 300 }, (_, i) => i);
    let tries = 0;
    const found = await shortestFailingSequence(calls, async (subset) => {
      tries++;
      return subset.includes(41) && subset.includes(177);
    }, { maxTries: 500, deadline: Number.POSITIVE_INFINITY });
    expect(found).toMatchObject({ calls: [41, 177], minimal: true });
    expect(tries).toBeLessThan(80);
  });

  it('says so when even every call does not bring the failure back, and stops at its budget', async () => {
    expect(await shortestFailingSequence([1, 2, 3], async () => false, { maxTries: 10, deadline: Infinity })).toBeUndefined();
    const found = await shortestFailingSequence(Array.from({ length: 64 }, (_, i) => i), async (s) => s.length >= 30,
      { maxTries: 4, deadline: Infinity });
    expect(found?.minimal).toBe(false);
  });
});

describe('the text report only formats', () => {
  it('shows the expected values the failure recorded, and does not consult the oracle', async () => {
    const result = await runProperty(makePort({ tieLastWins: true }), findProperty('tie-break')!, { seed: 7 });
    const call = result.counterexample!.evidence!.calls[0]!;
    expect(call.expected?.kind).toBe('pool');
    // Replace the recorded expectation: the report must show it, not recompute it.
    const recorded = call.expected as Extract<CallOutcome, { kind: 'pool' }>;
    call.expected = { ...recorded, values: { shape: [...recorded.values.shape], data: new Float32Array(recorded.values.data.length).fill(12345) } };
    expect(formatFailure(result)).toMatch(/expected values\s+\[?12345/);
    const source = readFileSync(path.join(root, 'src/properties/report/text.ts'), 'utf8');
    expect(source).not.toMatch(/from '\.\.\/oracle\.js'|from '\.\.\/\.\.\/reference|from '\.\.\/\.\.\/fast/);
  });
});
